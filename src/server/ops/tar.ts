/**
 * The backup file's container: a gzip-compressed ustar archive, streamed both ways so a city's
 * photos never sit in memory, and readable by any `tar -xzf` should binaan itself be unavailable.
 *
 * Only regular files and folders are written (PostgreSQL needs its empty folders). Reading checks what a
 * damaged file would break: gzip's own CRC and length (zlib), each header's checksum and magic, the
 * end-of-archive block (a cut-off file has none), and every name (no absolute paths, no `..`), so
 * an archive can never write outside the directory it is extracted into.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;

export class ArchiveError extends Error {}

export type ArchiveEntry = { name: string; size: number; sha256: string };

const SAFE_NAME = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function isSafeEntryName(name: string): boolean {
  return SAFE_NAME.test(name) && name.length <= 255;
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new ArchiveError(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new ArchiveError(`name too long for the archive: ${name}`);
}

function headerFor(name: string, size: number, mtime: Date, type: 'file' | 'directory' = 'file'): Buffer {
  const header = Buffer.alloc(BLOCK);
  const parts = splitName(name);
  writeString(header, 0, 100, parts.name);
  writeOctal(header, 100, 8, type === 'file' ? 0o644 : 0o755);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  if (size <= MAX_OCTAL_SIZE) {
    writeOctal(header, 124, 12, size);
  } else {
    // GNU base-256 for files of 8 GiB and more (a large pg_dump): high bit set, big-endian.
    header[124] = 0x80;
    header.writeBigUInt64BE(BigInt(size), 128);
  }
  writeOctal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.fill(0x20, 148, 156);
  header[156] = type === 'file' ? 0x30 : 0x35; // '0': regular file, '5': directory
  writeString(header, 257, 6, 'ustar\0');
  writeString(header, 263, 2, '00');
  writeString(header, 345, 155, parts.prefix);
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

export type TarWriter = {
  /** Streams a file from disk; its size must not change while it is read. */
  addFile: (name: string, path: string) => Promise<ArchiveEntry>;
  addBytes: (name: string, bytes: Uint8Array) => Promise<ArchiveEntry>;
  /** An empty folder that must exist after extraction (PostgreSQL needs its empty ones). */
  addDirectory: (name: string) => Promise<void>;
  /** Writes the end-of-archive blocks and waits until the file is on disk. */
  finish: () => Promise<void>;
  /** Stops writing after a failure (the caller removes the partial file). */
  abort: () => Promise<void>;
};

export function createTarGzWriter(path: string): TarWriter {
  const gzip = createGzip({ level: 6 });
  const output = createWriteStream(path, { flags: 'wx' });
  gzip.pipe(output);
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };
  gzip.on('error', fail);
  output.on('error', fail);

  const push = async (chunk: Uint8Array) => {
    if (failure) throw failure;
    if (!gzip.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          output.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          gzip.off('drain', onDrain);
          reject(error);
        };
        gzip.once('drain', onDrain);
        output.once('error', onError);
      });
    }
  };
  const pad = async (size: number) => {
    const rest = size % BLOCK;
    if (rest !== 0) await push(Buffer.alloc(BLOCK - rest));
  };
  const checkName = (name: string) => {
    if (!isSafeEntryName(name)) throw new ArchiveError(`unsafe archive name: ${name}`);
  };

  return {
    async addFile(name, source) {
      checkName(name);
      const info = await stat(source);
      await push(headerFor(name, info.size, info.mtime));
      const hash = createHash('sha256');
      let read = 0;
      for await (const chunk of createReadStream(source)) {
        const bytes = chunk as Buffer;
        read += bytes.length;
        if (read > info.size) break;
        hash.update(bytes);
        await push(bytes);
      }
      if (read !== info.size) throw new ArchiveError(`${source} changed while it was being backed up`);
      await pad(info.size);
      return { name, size: info.size, sha256: hash.digest('hex') };
    },
    async addBytes(name, bytes) {
      checkName(name);
      await push(headerFor(name, bytes.length, new Date()));
      await push(bytes);
      await pad(bytes.length);
      return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    async addDirectory(name) {
      checkName(name);
      await push(headerFor(`${name}/`, 0, new Date(), 'directory'));
    },
    async finish() {
      await push(Buffer.alloc(BLOCK * 2));
      gzip.end();
      await finished(output);
      if (failure) throw failure;
    },
    async abort() {
      gzip.destroy();
      output.destroy();
      await finished(output).catch(() => undefined);
    },
  };
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError('a header field is not a number');
  return parseInt(text, 8);
}

function readSize(header: Buffer): number {
  if ((header[124] ?? 0) & 0x80) {
    const size = header.readBigUInt64BE(128);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new ArchiveError('an entry is impossibly large');
    return Number(size);
  }
  return readOctal(header, 124, 12);
}

type ParsedHeader = { name: string; size: number; type: 'file' | 'directory' };

function parseHeader(header: Buffer): ParsedHeader {
  if (readString(header, 257, 6) !== 'ustar') throw new ArchiveError('not a tar header');
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  if (sum !== stored) throw new ArchiveError('a tar header is damaged (checksum mismatch)');
  const prefix = readString(header, 345, 155);
  const base = readString(header, 0, 100);
  const name = (prefix ? `${prefix}/${base}` : base).replace(/\/$/, '');
  const flag = String.fromCharCode(header[156] ?? 0);
  const type = flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'directory' : null;
  if (!type) throw new ArchiveError(`unsupported entry type '${flag}' for ${name}`);
  if (!isSafeEntryName(name)) throw new ArchiveError(`unsafe name in the archive: ${name}`);
  return { name, size: type === 'file' ? readSize(header) : 0, type };
}

type Current = {
  entry: ParsedHeader;
  remaining: number;
  padding: number;
  handle: FileHandle | null;
  hash: ReturnType<typeof createHash>;
};

/**
 * Extracts every file and folder of a .tar.gz to the path `destination(name)` gives (null: refuse the
 * archive, it holds something it should not) and returns the files with their SHA-256. Throws ArchiveError
 * for a damaged, truncated or unexpected archive; files already written stay for the caller to remove.
 */
export async function extractTarGz(
  path: string,
  destination: (name: string) => string | null,
): Promise<ArchiveEntry[]> {
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const entries: ArchiveEntry[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let current: Current | null = null;
  let ended = false;
  try {
    try {
      for await (const chunk of gunzip) {
        if (ended) continue;
        pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
        for (;;) {
          if (current) {
            if (current.remaining > 0) {
              if (pending.length === 0) break;
              const take = Math.min(current.remaining, pending.length);
              const piece = pending.subarray(0, take);
              current.hash.update(piece);
              if (current.handle) await current.handle.write(piece);
              current.remaining -= take;
              pending = pending.subarray(take);
            }
            if (current.remaining > 0) break;
            if (pending.length < current.padding) break;
            pending = pending.subarray(current.padding);
            if (current.handle) {
              await current.handle.close();
              entries.push({
                name: current.entry.name,
                size: current.entry.size,
                sha256: current.hash.digest('hex'),
              });
            }
            current = null;
            continue;
          }
          if (pending.length < BLOCK) break;
          const header = pending.subarray(0, BLOCK);
          pending = pending.subarray(BLOCK);
          if (header.every((byte) => byte === 0)) {
            ended = true;
            break;
          }
          const entry = parseHeader(header);
          let handle: FileHandle | null = null;
          const target = destination(entry.name);
          if (!target) throw new ArchiveError(`unexpected ${entry.type} in the archive: ${entry.name}`);
          if (entry.type === 'file') {
            await mkdir(dirname(target), { recursive: true });
            handle = await open(target, 'wx');
          } else {
            await mkdir(target, { recursive: true });
          }
          const rest = entry.size % BLOCK;
          current = {
            entry,
            remaining: entry.size,
            padding: rest === 0 ? 0 : BLOCK - rest,
            handle,
            hash: createHash('sha256'),
          };
        }
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || code === 'ERR_ZLIB') {
        throw new ArchiveError(`the file is not a complete gzip archive (${(error as Error).message})`);
      }
      throw error;
    }
    if (!ended) throw new ArchiveError('the archive ends early: the file is incomplete');
    return entries;
  } finally {
    await (current as Current | null)?.handle?.close().catch(() => undefined);
    source.destroy();
    gunzip.destroy();
  }
}
