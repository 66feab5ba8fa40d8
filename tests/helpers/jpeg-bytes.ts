import { sha256Hex } from '@/client/data/photos';

/**
 * A processed photo as the phone's repositories take it: `size` bytes that pass the server's image
 * sniffing (a JPEG's first four bytes), then `fill` (one byte for all, or one per position), with
 * their SHA-256. Equal arguments give equal bytes, so tests can make photos that share their bytes.
 */
export async function jpegPhoto(size: number, fill: number | ((index: number) => number)) {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  if (typeof fill === 'number') bytes.fill(fill, 4);
  else for (let i = 4; i < size; i++) bytes[i] = fill(i) & 0xff;
  return {
    bytes: bytes.buffer,
    sha256: await sha256Hex(bytes.buffer),
    mimeType: 'image/jpeg' as const,
    width: 1600,
    height: 1200,
    byteSize: bytes.byteLength,
  };
}
