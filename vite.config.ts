import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import {
  compressBytes,
  isCompressible,
  PRECOMPRESSED_SUFFIX,
  COMPRESS_THRESHOLD,
} from './src/server/compression.ts';
import { contentTypeOf } from './src/server/content-types.ts';

const src = fileURLToPath(new URL('./src', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Brotli (quality 11) and gzip copies of every built text file, written beside it; the server sends
 * them to browsers that accept them (src/server/static-files.ts), as nginx's gzip_static would. Done
 * once here because brotli's strongest level is ~1 MB/s: too slow per request, and 10-15% smaller
 * than the level the server would use on its own. The service worker's precache list names only
 * the original files (its globPatterns), so phones fetch those and the server picks the encoding.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'binaan-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    // After every other plugin's closeBundle: the PWA plugin writes sw.js and the manifest there.
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = (await readdir(outDir, { recursive: true })).filter((name) =>
          isCompressible(contentTypeOf(name)),
        );
        await Promise.all(
          files.map(async (name) => {
            const path = join(outDir, name);
            const bytes = await readFile(path);
            if (bytes.byteLength < COMPRESS_THRESHOLD) return;
            for (const encoding of ['br', 'gzip'] as const) {
              const packed = await compressBytes(bytes, encoding, 'build');
              if (packed.byteLength < bytes.byteLength)
                await writeFile(`${path}${PRECOMPRESSED_SUFFIX[encoding]}`, packed);
            }
          }),
        );
      },
    },
  };
}

export default defineConfig({
  resolve: { alias: { '@': src } },
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
  plugins: [
    react(),
    VitePWA({
      // 'prompt', never silent skipWaiting: a new worker taking over mid-session breaks the lazy
      // chunks of the running page and could reload over a half-filled visit form (sync.md).
      registerType: 'prompt',
      strategies: 'generateSW',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'binaan — Pendampingan UMKM',
        short_name: 'binaan',
        description:
          'Pendampingan UMKM kota: kunjungan, checklist, dan kemajuan usaha — bisa dipakai tanpa sinyal.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0f5c4d',
        background_color: '#f6f8f7',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Without clientsClaim the first visit stays uncontrolled until a reload, so a coach who
        // installs and walks out of signal would have no offline app.
        clientsClaim: true,
        // The whole app shell is precached: a coach opens binaan with no signal at all.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Deep links (/usaha, /pengaturan) load the shell offline; the API is never answered from cache.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        // The coordinator's desk is not precached: a coach's phone never downloads it. A coordinator's
        // browser keeps each desk chunk once it has loaded it (hashed names: never stale).
        globIgnores: ['**/assets/desk-*'],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/desk-'),
            handler: 'CacheFirst',
            options: { cacheName: 'binaan-desk', expiration: { maxEntries: 60 } },
          },
        ],
        // Background Sync wakes an open window to sync (public/sw-sync.js; Chromium only).
        importScripts: ['sw-sync.js'],
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  server: { proxy: { '/api': 'http://localhost:8080' } },
  preview: { proxy: { '/api': 'http://localhost:8080' } },
  build: {
    outDir: 'dist',
    rollupOptions: {
      output: {
        // zod builds each z.object() with a probe of `new Function`, which the server's
        // Content-Security-Policy forbids (src/server/security-headers.ts): the refused probe is a
        // reported violation on every page. Its jitless mode skips the probe, and it must be on
        // before the first schema is built: every chunk starts by setting zod's global config, so
        // whichever chunk runs first sets it before zod's own module reads it.
        banner: (chunk) =>
          chunk.fileName.endsWith('.js') ? 'globalThis.__zod_globalConfig??={jitless:true};' : '',
        // Chunks of the coordinator's desk are named apart, so the service worker can leave them out.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('/src/client/features/desk/'))
            ? 'assets/desk-[name]-[hash].js'
            : 'assets/[name]-[hash].js',
        assetFileNames: (asset) =>
          asset.originalFileNames.some((name) => name.includes('src/client/features/desk/'))
            ? 'assets/desk-[name]-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'shared', environment: 'node', include: ['tests/shared/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          environment: 'jsdom',
          include: ['tests/client/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/client/setup.ts'],
          // Sync tests run the real server on the embedded database (its first start migrates it).
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
