/**
 * A ZIP archive written front to back, for exports that are streamed while the rows are still being
 * read (an XLSX is a ZIP of XML parts). Nothing already emitted is ever revisited, so a file of any
 * length is written with memory bounded by one piece:
 *
 * - A small entry (the workbook's fixed parts) is compressed whole; its CRC and sizes go in its local
 *   header as usual.
 * - A streamed entry (the sheet) sets general-purpose flag bit 3: its local header carries zeros, the
 *   CRC-32 and sizes are accumulated piece by piece and written after the data in a data descriptor,
 *   and again in the central directory, which is where readers look.
 * - Each piece of a streamed entry is deflated on its own and ends with a sync flush (an empty stored
 *   block on a byte boundary), so the pieces concatenate into one valid deflate stream; the entry's
 *   last piece is a final block. Each piece starts with an empty window, which costs a little ratio
 *   when pieces are large (the sheet writer gives ~1,000 rows at a time) and keeps this synchronous.
 *
 * No ZIP64: every size and offset is a 32-bit field, so an archive stops at 4 GiB and 65,535 entries
 * (a city's 22,000 businesses make a few MB). Going past either throws instead of writing a corrupt
 * file. Times are MS-DOS local times: the caller passes the wall clock it wants shown.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: deflate
const DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
const MAX_32 = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;

type Entry = {
  name: Uint8Array;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
};

const encoder = new TextEncoder();

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** MS-DOS time and date of a wall clock given as the UTC fields of `at`. */
export function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export type ZipWriter = ReturnType<typeof createZipWriter>;

/**
 * `modifiedAt`: the wall-clock time stamped on every entry, read from its UTC fields. Every method
 * returns the bytes to send next; send them in the order the calls were made.
 */
export function createZipWriter(options: { modifiedAt: Date; level?: number }) {
  const { time, date } = dosDateTime(options.modifiedAt);
  const level = options.level ?? 6;
  const entries: Entry[] = [];
  let offset = 0;
  let open: (Entry & { ended: boolean }) | null = null;
  let finished = false;

  const emitted = (bytes: Uint8Array) => {
    offset += bytes.byteLength;
    if (offset > MAX_32) throw new Error('ZIP archive over 4 GiB: ZIP64 is not supported');
    return bytes;
  };

  function localHeader(entry: Entry): Uint8Array {
    const header = new Uint8Array(30 + entry.name.byteLength);
    const view = new DataView(header.buffer);
    view.setUint32(0, LOCAL_HEADER, true);
    view.setUint16(4, VERSION, true);
    view.setUint16(6, entry.flags, true);
    view.setUint16(8, DEFLATE, true);
    view.setUint16(10, time, true);
    view.setUint16(12, date, true);
    // With bit 3 these three are zero here and follow the data in the descriptor.
    const deferred = (entry.flags & FLAG_DATA_DESCRIPTOR) !== 0;
    view.setUint32(14, deferred ? 0 : entry.crc, true);
    view.setUint32(18, deferred ? 0 : entry.compressedSize, true);
    view.setUint32(22, deferred ? 0 : entry.size, true);
    view.setUint16(26, entry.name.byteLength, true);
    view.setUint16(28, 0, true);
    header.set(entry.name, 30);
    return header;
  }

  function startEntry(name: string, flags: number): Entry {
    if (open && !open.ended) throw new Error(`ZIP entry ${name} started before the previous one ended`);
    if (finished) throw new Error('ZIP archive already finished');
    if (entries.length >= MAX_ENTRIES) throw new Error('ZIP archive over 65,535 entries');
    const nameBytes = encoder.encode(name);
    // Bit 11: the name is UTF-8 (only needed, and only set, when it is not plain ASCII).
    const utf8 = nameBytes.byteLength !== name.length ? FLAG_UTF8_NAME : 0;
    return { name: nameBytes, flags: flags | utf8, crc: 0, compressedSize: 0, size: 0, offset };
  }

  return {
    /** A whole small file in one go. */
    addFile(name: string, content: string | Uint8Array): Uint8Array {
      const entry = startEntry(name, 0);
      const data = bytesOf(content);
      const compressed = deflateRawSync(data, { level });
      entry.crc = crc32(data);
      entry.size = data.byteLength;
      entry.compressedSize = compressed.byteLength;
      entries.push(entry);
      const header = localHeader(entry);
      const out = new Uint8Array(header.byteLength + compressed.byteLength);
      out.set(header, 0);
      out.set(compressed, header.byteLength);
      return emitted(out);
    },

    /** Starts a streamed entry; its content follows through `write` and `endEntry`. */
    beginEntry(name: string): Uint8Array {
      const entry = startEntry(name, FLAG_DATA_DESCRIPTOR);
      open = { ...entry, ended: false };
      return emitted(localHeader(entry));
    },

    /** The next piece of the streamed entry, compressed (empty when `content` is). */
    write(content: string | Uint8Array): Uint8Array {
      if (!open || open.ended) throw new Error('ZIP write outside a streamed entry');
      const data = bytesOf(content);
      if (data.byteLength === 0) return new Uint8Array(0);
      open.crc = crc32(data, open.crc);
      open.size += data.byteLength;
      if (open.size > MAX_32) throw new Error('ZIP entry over 4 GiB: ZIP64 is not supported');
      const compressed = deflateRawSync(data, { level, finishFlush: constants.Z_SYNC_FLUSH });
      open.compressedSize += compressed.byteLength;
      return emitted(compressed);
    },

    /** The streamed entry's last piece (a final deflate block) and its data descriptor. */
    endEntry(content: string | Uint8Array = ''): Uint8Array {
      if (!open || open.ended) throw new Error('ZIP endEntry outside a streamed entry');
      const data = bytesOf(content);
      open.crc = crc32(data, open.crc);
      open.size += data.byteLength;
      if (open.size > MAX_32) throw new Error('ZIP entry over 4 GiB: ZIP64 is not supported');
      const last = deflateRawSync(data, { level });
      open.compressedSize += last.byteLength;
      open.ended = true;
      const { ended: _ended, ...entry } = open;
      entries.push(entry);
      const out = new Uint8Array(last.byteLength + 16);
      out.set(last, 0);
      const view = new DataView(out.buffer, last.byteLength);
      view.setUint32(0, DATA_DESCRIPTOR, true);
      view.setUint32(4, entry.crc, true);
      view.setUint32(8, entry.compressedSize, true);
      view.setUint32(12, entry.size, true);
      return emitted(out);
    },

    /** The central directory and its end record: the archive is complete after these bytes. */
    finish(): Uint8Array {
      if (open && !open.ended) throw new Error('ZIP finished with a streamed entry still open');
      if (finished) throw new Error('ZIP archive already finished');
      finished = true;
      const directoryOffset = offset;
      const size = entries.reduce((sum, entry) => sum + 46 + entry.name.byteLength, 0);
      const out = new Uint8Array(size + 22);
      const view = new DataView(out.buffer);
      let at = 0;
      for (const entry of entries) {
        view.setUint32(at, CENTRAL_HEADER, true);
        view.setUint16(at + 4, VERSION, true); // made by: MS-DOS attributes, version 2.0
        view.setUint16(at + 6, VERSION, true);
        view.setUint16(at + 8, entry.flags, true);
        view.setUint16(at + 10, DEFLATE, true);
        view.setUint16(at + 12, time, true);
        view.setUint16(at + 14, date, true);
        view.setUint32(at + 16, entry.crc, true);
        view.setUint32(at + 20, entry.compressedSize, true);
        view.setUint32(at + 24, entry.size, true);
        view.setUint16(at + 28, entry.name.byteLength, true);
        // Extra field, comment, disk number, internal and external attributes: all zero.
        view.setUint32(at + 42, entry.offset, true);
        out.set(entry.name, at + 46);
        at += 46 + entry.name.byteLength;
      }
      view.setUint32(at, END_OF_CENTRAL_DIRECTORY, true);
      view.setUint16(at + 8, entries.length, true);
      view.setUint16(at + 10, entries.length, true);
      view.setUint32(at + 12, size, true);
      view.setUint32(at + 16, directoryOffset, true);
      return emitted(out);
    },
  };
}
