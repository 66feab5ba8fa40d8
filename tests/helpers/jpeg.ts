import type { Page } from 'playwright-core';

/**
 * A real JPEG made by the browser's own encoder (a coloured frame around a white square), as a file
 * to hand to an <input type=file> with setInputFiles.
 */
export async function makeJpeg(page: Page, width: number, height: number, hue: number) {
  const base64 = await page.evaluate(
    async ({ width, height, hue }) => {
      const canvas = new OffscreenCanvas(width, height);
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d context');
      g.fillStyle = `hsl(${hue} 70% 50%)`;
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#fff';
      g.fillRect(width / 4, height / 4, width / 2, height / 2);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    { width, height, hue },
  );
  return { name: `foto-${hue}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}
