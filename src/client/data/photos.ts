/**
 * Turning a file the coach picked (camera or gallery) into photo bytes fit to store and sync:
 * checked, decoded, turned upright, resized to at most 1600 px on the long side, re-encoded as JPEG
 * and hashed with SHA-256. A file that cannot become such a photo is refused with a `PhotoRejectedError`
 * whose `messageKey` the form shows next to the picker.
 *
 * Why it is shaped this way:
 * - The first bytes are checked (magic numbers), not the MIME type or the file name: a gallery app may
 *   label a PDF or a video `image/*`, or give no type at all. What is not an image is refused before
 *   anything is decoded.
 * - Inputs over MAX_INPUT_BYTES are refused before decoding: a huge panorama would exhaust a cheap
 *   phone's memory while decoding. Outputs over MAX_PHOTO_BYTES (the server's limit) are refused too.
 * - Every photo is re-encoded, even a small one: that applies the EXIF orientation, drops the EXIF
 *   block (the GPS position of a home business and the phone's serial stay on the phone) and gives one
 *   format everywhere. A transparent PNG is flattened onto white, not black.
 * - Bytes are an ArrayBuffer, never a Blob: WebKit mishandles Blobs stored in IndexedDB (sync.md).
 * - The decode/resize step is injectable (`options.resize`): jsdom cannot decode images, so unit tests
 *   cover the checks and the hashing with a fake resizer, and the browser journey covers the real one.
 */
import { MAX_PHOTO_BYTES } from '@/shared/domain/photo';
import type { PreparedPhoto } from './visit-types';
import '@/client/i18n/visits';

/** Files larger than this are refused before decoding (a 50 MP camera JPEG is about 20 MB). */
export const MAX_INPUT_BYTES = 25 * 1024 * 1024;
/** The long side after resizing: sharp on any phone screen, about 300-600 kB as JPEG. */
export const TARGET_LONG_SIDE = 1600;
export const JPEG_QUALITY = 0.8;

export type PhotoRejection = 'notImage' | 'tooLarge' | 'unreadable';

const REJECTION_KEYS: Record<PhotoRejection, string> = {
  notImage: 'visits.photoNotImage',
  tooLarge: 'visits.photoTooLarge',
  unreadable: 'visits.photoUnreadable',
};

/** A picked file that cannot be attached; `messageKey` is the catalogue key that says why. */
export class PhotoRejectedError extends Error {
  readonly messageKey: string;
  constructor(
    readonly reason: PhotoRejection,
    readonly fileName: string | null = null,
  ) {
    super(`Photo rejected (${reason})${fileName ? `: ${fileName}` : ''}`);
    this.name = 'PhotoRejectedError';
    this.messageKey = REJECTION_KEYS[reason];
  }
}

/** A decoded, upright, resized and re-encoded image. */
export type ResizedImage = {
  bytes: ArrayBuffer;
  mimeType: PreparedPhoto['mimeType'];
  width: number;
  height: number;
};

/** Decodes `file`, scales it so its long side is at most `maxLongSide` (never up), and encodes it. */
export type Resizer = (file: Blob, maxLongSide: number) => Promise<ResizedImage>;

export type PreparePhotoOptions = { resize?: Resizer; maxLongSide?: number };

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif' | 'avif';

function matches(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * The image format the first bytes announce, or null when they announce none.
 *
 * HEIC/HEIF and AVIF (ISO-BMFF `ftyp` boxes; what iPhones shoot) are recognised as images rather than
 * refused as `notImage`: Safari decodes HEIC, and iOS usually hands the page a JPEG anyway. Where the
 * browser cannot decode one (Chrome on most Android phones), the decoder fails and the coach is told
 * the photo is unreadable, which is the truer message.
 */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (matches(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (matches(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heif';
  }
  return null;
}

/** Lower-case hex SHA-256 of the bytes: the blob's content address, checked again by the server. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  // Hashed through a view: some engines (jsdom under Node among them) refuse an ArrayBuffer from
  // another realm, e.g. one structured-cloned out of IndexedDB, but accept any typed array.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** ArrayBuffer by its internal tag, not `instanceof`: bytes read from IndexedDB may come from another realm. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** A Blob's bytes; FileReader where `arrayBuffer()` is missing (older WebViews, jsdom). */
export function readBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}

/** The size to draw at: the long side capped at `maxLongSide`, the aspect ratio kept, never upscaled. */
export function scaledSize(
  width: number,
  height: number,
  maxLongSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxLongSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

type Context2d = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function draw(context: Context2d | null, bitmap: ImageBitmap, width: number, height: number): void {
  if (!context) throw new Error('no 2d context');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
}

/**
 * The browser's resizer: createImageBitmap with `imageOrientation: 'from-image'` (a portrait photo
 * stays portrait), drawn on an OffscreenCanvas where there is one, else a document canvas (Safari
 * before 16.4), encoded as JPEG.
 */
export const browserResize: Resizer = async (file, maxLongSide) => {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = scaledSize(bitmap.width, bitmap.height, maxLongSide);
    let blob: Blob;
    if (typeof OffscreenCanvas === 'function') {
      const canvas = new OffscreenCanvas(width, height);
      draw(canvas.getContext('2d'), bitmap, width, height);
      blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    } else {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      draw(canvas.getContext('2d'), bitmap, width, height);
      blob = await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob(
          (result) => (result ? resolve(result) : reject(new Error('encode failed'))),
          'image/jpeg',
          JPEG_QUALITY,
        ),
      );
    }
    return { bytes: await readBytes(blob), mimeType: 'image/jpeg', width, height };
  } finally {
    bitmap.close();
  }
};

/**
 * Checks, resizes and hashes one picked file. Throws `PhotoRejectedError` for a file that is not an
 * image (`notImage`), too large before or after resizing (`tooLarge`), or cannot be decoded (`unreadable`).
 */
export async function preparePhoto(
  file: Blob & { name?: string },
  options: PreparePhotoOptions = {},
): Promise<PreparedPhoto> {
  const name = file.name ?? null;
  if (file.size > MAX_INPUT_BYTES) throw new PhotoRejectedError('tooLarge', name);
  let head: Uint8Array;
  try {
    head = new Uint8Array(await readBytes(file.slice(0, 32)));
  } catch {
    // The gallery app revoked access, or the file vanished between picking and reading.
    throw new PhotoRejectedError('unreadable', name);
  }
  if (sniffImageFormat(head) === null) throw new PhotoRejectedError('notImage', name);

  let resized: ResizedImage;
  try {
    resized = await (options.resize ?? browserResize)(file, options.maxLongSide ?? TARGET_LONG_SIDE);
  } catch {
    // A truncated download, a HEIC photo on a browser without a HEIC decoder, a corrupt file.
    throw new PhotoRejectedError('unreadable', name);
  }
  if (resized.bytes.byteLength === 0) throw new PhotoRejectedError('unreadable', name);
  if (resized.bytes.byteLength > MAX_PHOTO_BYTES) throw new PhotoRejectedError('tooLarge', name);
  return {
    bytes: resized.bytes,
    sha256: await sha256Hex(resized.bytes),
    mimeType: resized.mimeType,
    width: resized.width,
    height: resized.height,
    byteSize: resized.bytes.byteLength,
  };
}
