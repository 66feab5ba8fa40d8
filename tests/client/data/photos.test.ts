import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_INPUT_BYTES,
  PhotoRejectedError,
  preparePhoto,
  scaledSize,
  sha256Hex,
  sniffImageFormat,
  type Resizer,
} from '@/client/data/photos';
import { MAX_PHOTO_BYTES } from '@/shared/domain/photo';

const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46];
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

function bytesOf(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

function file(head: number[], size = 64, name = 'foto.jpg'): Blob & { name: string } {
  const bytes = new Uint8Array(size);
  bytes.set(head);
  return Object.assign(new Blob([bytes]), { name });
}

/** Stands in for the canvas: jsdom cannot decode images. Output bytes are fixed so the hash is known. */
function fakeResizer(output = new Uint8Array([1, 2, 3, 4, 5]).buffer): Resizer & ReturnType<typeof vi.fn> {
  return vi.fn<Resizer>(async (_file, maxLongSide) => ({
    bytes: output,
    mimeType: 'image/jpeg' as const,
    width: maxLongSide,
    height: Math.round(maxLongSide * 0.75),
  }));
}

async function rejection(promise: Promise<unknown>): Promise<PhotoRejectedError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PhotoRejectedError);
  return error as PhotoRejectedError;
}

describe('preparePhoto', () => {
  it('resizes to 1600 px and hashes the resized bytes with SHA-256 in lower-case hex', async () => {
    const output = new Uint8Array([10, 20, 30, 40]);
    const resize = fakeResizer(output.buffer);
    const photo = await preparePhoto(file(JPEG_HEAD), { resize });

    expect(resize).toHaveBeenCalledWith(expect.any(Blob), 1600);
    expect(photo).toMatchObject({ mimeType: 'image/jpeg', width: 1600, height: 1200, byteSize: 4 });
    expect(new Uint8Array(photo.bytes)).toEqual(output);
    expect(photo.sha256).toBe(createHash('sha256').update(output).digest('hex'));
    expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['PNG', PNG_HEAD],
    ['WebP', [...bytesOf('RIFF'), 0x24, 0, 0, 0, ...bytesOf('WEBPVP8 ')]],
    ['HEIC', [0, 0, 0, 0x18, ...bytesOf('ftypheic')]],
  ])('accepts a %s file by its first bytes', async (_label, head) => {
    await expect(preparePhoto(file(head, 64, 'tanpa-ekstensi'), { resize: fakeResizer() })).resolves.toMatchObject(
      { byteSize: 5 },
    );
  });

  it('refuses what is not an image by its bytes, whatever its name, before decoding it', async () => {
    const resize = fakeResizer();
    const pdf = file(bytesOf('%PDF-1.7\n'), 64, 'foto.jpg');
    const error = await rejection(preparePhoto(pdf, { resize }));
    expect(error.reason).toBe('notImage');
    expect(error.messageKey).toBe('visits.photoNotImage');
    expect(error.fileName).toBe('foto.jpg');
    expect(resize).not.toHaveBeenCalled();

    expect((await rejection(preparePhoto(file([]), { resize }))).reason).toBe('notImage');
    expect((await rejection(preparePhoto(new Blob([]), { resize }))).reason).toBe('notImage');
  });

  it('refuses a file over 25 MB without decoding it, and accepts one of exactly 25 MB', async () => {
    const resize = fakeResizer();
    const error = await rejection(preparePhoto(file(JPEG_HEAD, MAX_INPUT_BYTES + 1), { resize }));
    expect(error.reason).toBe('tooLarge');
    expect(error.messageKey).toBe('visits.photoTooLarge');
    expect(resize).not.toHaveBeenCalled();

    await expect(preparePhoto(file(JPEG_HEAD, MAX_INPUT_BYTES), { resize })).resolves.toBeTruthy();
  });

  it('refuses a photo still over MAX_PHOTO_BYTES after resizing', async () => {
    const tooBig = fakeResizer(new ArrayBuffer(MAX_PHOTO_BYTES + 1));
    expect((await rejection(preparePhoto(file(JPEG_HEAD), { resize: tooBig }))).reason).toBe('tooLarge');
    const justRight = fakeResizer(new ArrayBuffer(MAX_PHOTO_BYTES));
    await expect(preparePhoto(file(JPEG_HEAD), { resize: justRight })).resolves.toMatchObject({
      byteSize: MAX_PHOTO_BYTES,
    });
  });

  it('says a photo is unreadable when it cannot be decoded', async () => {
    const broken = vi.fn<Resizer>(async () => {
      throw new DOMException('decode failed', 'InvalidStateError');
    });
    const error = await rejection(preparePhoto(file(JPEG_HEAD), { resize: broken }));
    expect(error.reason).toBe('unreadable');
    expect(error.messageKey).toBe('visits.photoUnreadable');
    expect((await rejection(preparePhoto(file(JPEG_HEAD), { resize: fakeResizer(new ArrayBuffer(0)) }))).reason).toBe(
      'unreadable',
    );
  });
});

describe('photo helpers', () => {
  it('recognises image formats and nothing else', () => {
    expect(sniffImageFormat(new Uint8Array(JPEG_HEAD))).toBe('jpeg');
    expect(sniffImageFormat(new Uint8Array(PNG_HEAD))).toBe('png');
    expect(sniffImageFormat(new Uint8Array([...bytesOf('RIFF'), 0, 0, 0, 0, ...bytesOf('WAVE')]))).toBeNull();
    expect(sniffImageFormat(new Uint8Array([0, 0, 0, 0x20, ...bytesOf('ftypisom')]))).toBeNull();
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('scales the long side down to the limit, keeps the aspect ratio and never upscales', () => {
    expect(scaledSize(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3000, 4000, 1600)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(800, 600, 1600)).toEqual({ width: 800, height: 600 });
  });

  it('hashes like any other SHA-256', async () => {
    const bytes = new TextEncoder().encode('binaan');
    expect(await sha256Hex(bytes.buffer)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
