/**
 * Reads the entries of a ZIP archive (an XLSX is one) the way spreadsheet programs do: from the
 * end-of-central-directory record (found by scanning back over any archive comment) to the central
 * directory, then each entry's local header for where its data starts. Entries are inflated only
 * when asked for, with a cap on the inflated size so a small "zip bomb" cannot fill the memory.
 * ZIP64 and encrypted entries are refused (Excel writes neither for a sheet of this size).
 */
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  constructor(message: string) {
    super(`ZIP: ${message}`);
    this.name = 'ZipError';
  }
}

type Entry = {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The largest entry inflated (a 20 MB XLSX holds sheets of a few hundred MB at most). */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

export type ZipArchive = {
  names: () => string[];
  has: (name: string) => boolean;
  /** The entry's bytes, or null when the archive has no such entry. */
  read: (name: string) => Uint8Array | null;
  /** The entry as UTF-8 text (XML parts), or null. */
  text: (name: string) => string | null;
};

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

export function openZip(bytes: Uint8Array): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 65_535; at -= 1) {
    if (u32(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError('no end-of-central-directory record');
  const count = u16(end + 10);
  const directoryOffset = u32(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError('ZIP64 is not supported');
  const decoder = new TextDecoder('utf-8');
  const entries = new Map<string, Entry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (u32(at) !== CENTRAL) throw new ZipError(`central directory entry ${i} is damaged`);
    const nameLength = u16(at + 28);
    const entry: Entry = {
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      offset: u32(at + 42),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff) {
      throw new ZipError('ZIP64 is not supported');
    }
    entries.set(entry.name.replace(/^\/+/, ''), entry);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }

  function read(name: string): Uint8Array | null {
    const entry = entries.get(name.replace(/^\/+/, ''));
    if (!entry) return null;
    if (entry.flags & 0x0001) throw new ZipError(`${entry.name} is encrypted`);
    if (u32(entry.offset) !== LOCAL) throw new ZipError(`${entry.name}: local header is damaged`);
    const start = entry.offset + 30 + u16(entry.offset + 26) + u16(entry.offset + 28);
    const compressed = bytes.subarray(start, start + entry.compressedSize);
    if (compressed.length !== entry.compressedSize) throw new ZipError(`${entry.name} is cut short`);
    if (entry.size > MAX_ENTRY_BYTES) throw new ZipError(`${entry.name} is too large`);
    let data: Uint8Array;
    if (entry.method === 0) data = compressed;
    else if (entry.method === 8) {
      try {
        data = inflateRawSync(compressed, { maxOutputLength: Math.max(entry.size, 1) });
      } catch {
        throw new ZipError(`${entry.name} cannot be inflated`);
      }
    } else throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
    if (data.length !== entry.size || crc32(data) !== entry.crc) {
      throw new ZipError(`${entry.name} does not match its checksum`);
    }
    return data;
  }

  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name.replace(/^\/+/, '')),
    read,
    text(name) {
      const data = read(name);
      return data ? decoder.decode(data) : null;
    },
  };
}
