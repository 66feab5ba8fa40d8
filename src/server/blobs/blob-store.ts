/**
 * Photo bytes on the server's disk, content-addressed by SHA-256 (sync.md): `<dir>/ab/abcdef…`.
 *
 * - The hash is computed from the bytes received, never taken on trust: bytes that do not match
 *   the name they were sent under are refused and nothing is kept.
 * - A write goes to a temporary file and is renamed into place, so a reader never sees half a photo
 *   and two uploads of the same photo (a retry racing its original) both end with the same file.
 * - Files live beside the database (DATA_DIR/blobs by default, BLOB_DIR to move them); the same
 *   layout serves the embedded database and PostgreSQL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export type BlobStore = {
  has: (sha256: string) => Promise<boolean>;
  /** Stores the bytes when they hash to `sha256`; false (and nothing stored) when they do not. */
  put: (sha256: string, bytes: Uint8Array) => Promise<boolean>;
  read: (sha256: string) => Promise<Uint8Array | null>;
  /** Removes the file (no error when it is already gone). */
  remove: (sha256: string) => Promise<void>;
};

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createBlobStore(dir: string): BlobStore {
  const pathOf = (sha256: string) => {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return join(dir, sha256.slice(0, 2), sha256);
  };
  return {
    async has(sha256) {
      try {
        return (await stat(pathOf(sha256))).isFile();
      } catch {
        return false;
      }
    },
    async put(sha256, bytes) {
      if (sha256Of(bytes) !== sha256) return false;
      const target = pathOf(sha256);
      await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
      const temporary = `${target}.${randomUUID()}.part`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
      return true;
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
    async read(sha256) {
      try {
        return new Uint8Array(await readFile(pathOf(sha256)));
      } catch {
        return null;
      }
    },
  };
}
