/**
 * Lint rules for binaan. Typed linting is left off on purpose: it roughly triples the run time and
 * `npm run typecheck` already runs the compiler over everything.
 *
 * The import boundaries of style.md are enforced with the built-in `no-restricted-imports`:
 *   client/app → client/features → client/{components,data,sync,pwa} → shared ← server
 * shared imports nothing of client/ or server/; client and server never import each other; a feature
 * never imports a sibling feature. ESLint replaces (does not merge) a rule's options when two config
 * objects match a file, so each group below repeats the patterns of the groups it belongs to.
 * Tests are free to cross zones (sync tests wire the client's sync API to the server's app.fetch).
 */
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCE = '**/*.{ts,tsx,js,mjs,cjs}';

/** Feature folders of src/client/features, read at lint time so a new feature is covered at once. */
const FEATURES = [
  ...new Set([
    // The folders style.md plans for, so the rule holds before a folder exists.
    ...['businesses', 'visits', 'checklists', 'review', 'dashboard', 'owner', 'import', 'auth', 'settings'],
    ...listFolders(new URL('./src/client/features/', import.meta.url)),
  ]),
];
/** How deep inside a feature folder files are checked for relative sibling imports. */
const MAX_FEATURE_DEPTH = 5;

function listFolders(url) {
  try {
    return readdirSync(url, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function escapeRegex(value) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SHARED_PATTERNS = [
  {
    regex: '^@/(client|server)(/|$)',
    message: 'src/shared runs in the browser and in Node: it may not import client/ or server/ code.',
  },
  {
    regex: '^\\.\\.?/(.*/)?(client|server)(/|$)',
    message: 'src/shared runs in the browser and in Node: it may not import client/ or server/ code.',
  },
];
const CLIENT_PATTERNS = [
  {
    regex: '^@/server(/|$)',
    message: 'The client never imports server code; share it through src/shared (@/shared/...).',
  },
  {
    regex: '^(\\.\\./)+server(/|$)',
    message: 'The client never imports server code; share it through src/shared (@/shared/...).',
  },
];
const SERVER_PATTERNS = [
  {
    regex: '^@/client(/|$)',
    message: 'The server never imports client code; share it through src/shared (@/shared/...).',
  },
  {
    regex: '^(\\.\\./)+client(/|$)',
    message: 'The server never imports client code; share it through src/shared (@/shared/...).',
  },
];

/**
 * Patterns for a file `depth` folders below src/client/features/<feature>/. Forbids the alias
 * form of any other feature, a relative path that climbs exactly to features/ and steps into
 * another folder, and a relative path that climbs higher and comes back through features/.
 */
function featurePatterns(feature, depth) {
  const own = escapeRegex(feature);
  const message = `A feature never imports a sibling feature: move shared code to client/components, client/data or src/shared, or compose in client/app (in ${feature}).`;
  return [
    { regex: `^@/client/features/(?!${own}(/|$))`, message },
    { regex: `^(\\.\\./){${depth + 1}}(?!\\.\\./|${own}(/|$))`, message },
    { regex: `^(\\.\\./){${depth + 2},}features/(?!${own}(/|$))`, message },
  ];
}

function restrictImports(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const featureBoundaries = FEATURES.flatMap((feature) =>
  Array.from({ length: MAX_FEATURE_DEPTH + 1 }, (_, depth) => ({
    name: `binaan/boundaries/features/${feature}/depth-${depth}`,
    files: [`src/client/features/${feature}/${'*/'.repeat(depth)}*.{ts,tsx}`],
    rules: restrictImports([...CLIENT_PATTERNS, ...featurePatterns(feature, depth)]),
  })),
);

export default defineConfig([
  globalIgnores(
    ['dist/', 'data/', 'node_modules/', 'coverage/', 'test-results/', '.tmp/', 'src/server/db/migrations/'],
    'binaan/ignores',
  ),
  {
    name: 'binaan/base',
    files: [SOURCE],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'binaan/node',
    files: ['src/server/**', 'tests/**', 'vite.config.ts', 'eslint.config.js', '.ci/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'binaan/shared',
    files: ['src/shared/**'],
    // Only what both runtimes have: no window, no process.
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: restrictImports(SHARED_PATTERNS),
  },
  {
    name: 'binaan/client',
    files: ['src/client/**', 'tests/client/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    name: 'binaan/boundaries/client',
    files: ['src/client/**'],
    rules: restrictImports(CLIENT_PATTERNS),
  },
  {
    name: 'binaan/boundaries/server',
    files: ['src/server/**'],
    rules: restrictImports(SERVER_PATTERNS),
  },
  ...featureBoundaries,
  {
    name: 'binaan/e2e',
    // Browser journeys pass functions to page.evaluate, which run in the page.
    files: ['tests/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
]);
