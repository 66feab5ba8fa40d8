/**
 * A QR Code encoder (ISO/IEC 18004, Model 2) written for binaan, with no dependency: a field coach's
 * phone shows an invite link for a business owner to scan, offline, so the encoder ships in the app.
 *
 * Only byte mode (the text as UTF-8) is produced: an invite link mixes lower case and digits, which
 * the alphanumeric mode cannot hold, and a single mode keeps the code small. Versions 1–40, levels
 * L/M/Q/H (M by default), all eight masks scored with the four penalty rules, the lowest kept.
 * The quiet zone is the renderer's business (qr-code.tsx draws four modules of it).
 */

export type EccLevel = 'L' | 'M' | 'Q' | 'H';

export type QrMatrix = {
  /** Modules per side: 17 + 4 × version. */
  size: number;
  version: number;
  ecc: EccLevel;
  /** The mask pattern reference (0–7) written into the format information. */
  mask: number;
  /** modules[row][column], true = dark. */
  modules: boolean[][];
};

export type QrOptions = {
  ecc?: EccLevel;
  /** Force a mask (0–7) instead of choosing the lowest penalty; meant for tests. */
  mask?: number;
};

const MAX_VERSION = 40;

// Error correction codewords per block, then number of blocks, for versions 1–40 (ISO/IEC 18004
// table 9), one row per level in the order L, M, Q, H.
const ECC_PER_BLOCK = [
  [
    7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  [
    13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
];
const BLOCKS = [
  [
    1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17,
    18, 19, 19, 20, 21, 22, 24, 25,
  ],
  [
    1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
    31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  [
    1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38,
    40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  [
    1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45,
    48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
];
const LEVELS: readonly EccLevel[] = ['L', 'M', 'Q', 'H'];
/** The two format bits of each level, in the order of LEVELS. */
const LEVEL_BITS = [1, 0, 3, 2];

const pick = (table: number[][], level: number, version: number): number => table[level]?.[version - 1] ?? 0;

// ---- GF(256) with the QR field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), generator α = 2 ----

const EXP = new Uint8Array(255);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
}

/** α^e for any integer e ≥ 0. */
export const gfExp = (e: number): number => EXP[e % 255] ?? 0;
/** The discrete logarithm of a non-zero field element. */
export const gfLog = (x: number): number => LOG[x] ?? 0;
export const gfMul = (a: number, b: number): number => (a && b ? gfExp(gfLog(a) + gfLog(b)) : 0);

/**
 * The Reed–Solomon error correction codewords of `data`: the remainder of data(x)·x^n divided by the
 * generator polynomial (x − α⁰)(x − α¹)…(x − α^(n−1)).
 */
export function reedSolomon(data: ArrayLike<number>, n: number): number[] {
  // Generator coefficients, highest degree first; the leading 1 is g[0].
  let g = [1];
  for (let i = 0; i < n; i++) {
    const next = [...g, 0];
    g.forEach((c, j) => (next[j + 1] = (next[j + 1] ?? 0) ^ gfMul(c, gfExp(i))));
    g = next;
  }
  const rem: number[] = new Array<number>(n).fill(0);
  for (let k = 0; k < data.length; k++) {
    const factor = (data[k] ?? 0) ^ (rem.shift() ?? 0);
    rem.push(0);
    for (let j = 0; j < n; j++) rem[j] = (rem[j] ?? 0) ^ gfMul(g[j + 1] ?? 0, factor);
  }
  return rem;
}

// ---- Symbol layout ----

/** Modules left for data and error correction in a version, in whole codewords. */
function totalCodewords(version: number): number {
  // The whole square less every function pattern: finders with their separators (3 × 64), both
  // copies of the format information and the dark module (31), the timing lines, the alignment
  // patterns (less their parts on the timing lines) and, from version 7, two 18-module version blocks.
  const size = 17 + 4 * version;
  const k = version < 2 ? 0 : Math.floor(version / 7) + 2;
  const alignments = k ? k * k - 3 : 0;
  const onTiming = k ? 2 * (k - 2) : 0;
  const modules =
    size * size - 223 - 2 * (size - 16) - 25 * alignments + 5 * onTiming - (version < 7 ? 0 : 36);
  return modules >> 3;
}

/** Data codewords that a version holds at a level. */
function dataLength(version: number, level: number): number {
  return totalCodewords(version) - pick(ECC_PER_BLOCK, level, version) * pick(BLOCKS, level, version);
}

/**
 * How many bytes of UTF-8 a version holds at a level in byte mode: the data codewords less the mode
 * indicator (4 bits) and the length (8 bits up to version 9, then 16), rounded down to whole bytes.
 */
export const qrCapacity = (version: number, ecc: EccLevel): number =>
  dataLength(version, LEVELS.indexOf(ecc)) - (version < 10 ? 2 : 3);

/** Centre coordinates of the alignment patterns along one axis. */
function alignmentCentres(version: number): number[] {
  if (version < 2) return [];
  const size = 17 + 4 * version;
  const count = Math.floor(version / 7) + 2;
  // The centres are evenly spaced (an even step) back from size − 7; what is left goes between the
  // first two. Version 32 is the one exception in the standard's table.
  const step = version === 32 ? 26 : Math.ceil((size - 13) / (count * 2 - 2)) * 2;
  const centres = [6];
  for (let i = count - 2; i >= 0; i--) centres.push(size - 7 - i * step);
  return centres;
}

/** `value` followed by its BCH remainder for the generator polynomial `poly`. */
function bch(value: number, poly: number): number {
  const degree = 31 - Math.clz32(poly);
  let rem = value << degree;
  while (31 - Math.clz32(rem) >= degree) rem ^= poly << (31 - Math.clz32(rem) - degree);
  return (value << degree) | rem;
}

/** The 15 format bits (level and mask), masked with 101010000010010 so they are never all light. */
export const formatBits = (ecc: EccLevel, mask: number): number =>
  bch((LEVEL_BITS[LEVELS.indexOf(ecc)] ?? 0) * 8 + mask, 0x537) ^ 0x5412;

/** The 18 version bits of versions 7 and up. */
export const versionBits = (version: number): number => bch(version, 0x1f25);

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/**
 * The penalty score of a finished symbol (ISO/IEC 18004 7.8.3): runs of five or more same-coloured
 * modules in a line (3 + run − 5), 2×2 same-coloured blocks (3 each), 1:1:3:1:1 finder look-alikes
 * with four light modules on one side (40 each) and the distance of the dark share from 50 % (10 per
 * full 5 %).
 */
export function penalty(modules: boolean[][]): number {
  const n = modules.length;
  const at = (r: number, c: number): number => (modules[r]?.[c] ? 1 : 0);
  let score = 0;
  let dark = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      let run = 0;
      let previous = -1;
      let window = 0;
      for (let j = 0; j < n; j++) {
        const bit = pass ? at(j, i) : at(i, j);
        if (bit === previous) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
          previous = bit;
        }
        // The last eleven modules of the line, oldest in the highest bit.
        window = ((window << 1) | bit) & 0x7ff;
        if (j >= 10 && (window === 0b10111010000 || window === 0b00001011101)) score += 40;
        if (!pass) {
          dark += bit;
          if (
            i + 1 < n &&
            j + 1 < n &&
            bit === at(i, j + 1) &&
            bit === at(i + 1, j) &&
            bit === at(i + 1, j + 1)
          )
            score += 3;
        }
      }
      if (run >= 5) score += run - 2;
    }
  }
  return score + Math.floor(Math.abs(dark * 20 - n * n * 10) / (n * n)) * 10;
}

/** The data codewords: mode, length, bytes, terminator and pad codewords, filling `capacity`. */
export function dataStream(bytes: Uint8Array, version: number, capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  let bit = 0;
  const put = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--, bit++)
      if ((value >> i) & 1) out[bit >> 3] = (out[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  bytes.forEach((b) => put(b, 8));
  // The terminator and the padding to a whole byte are zero bits, already there.
  for (let i = (bit + 11) >> 3, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) out[i] = pad;
  return out;
}

/** Split the data into blocks, add each block's error correction and interleave them. */
function interleave(data: Uint8Array, version: number, level: number): number[] {
  const blocks = pick(BLOCKS, level, version);
  const eccLength = pick(ECC_PER_BLOCK, level, version);
  const total = totalCodewords(version);
  const shortBlocks = blocks - (total % blocks);
  const shortData = Math.floor(total / blocks) - eccLength;
  const dataBlocks: Uint8Array[] = [];
  for (let b = 0, start = 0; b < blocks; b++) {
    const end = start + shortData + (b < shortBlocks ? 0 : 1);
    dataBlocks.push(data.subarray(start, end));
    start = end;
  }
  const eccBlocks = dataBlocks.map((block) => reedSolomon(block, eccLength));
  const out: number[] = [];
  for (let i = 0; i <= shortData; i++)
    for (const block of dataBlocks) if (i < block.length) out.push(block[i] ?? 0);
  for (let i = 0; i < eccLength; i++) for (const block of eccBlocks) out.push(block[i] ?? 0);
  return out;
}

/** Encode `text` as UTF-8 bytes in the smallest version that holds it. */
export function encodeQr(text: string, options: QrOptions = {}): QrMatrix {
  const ecc = options.ecc ?? 'M';
  const level = LEVELS.indexOf(ecc);
  const forced = options.mask;
  if (level < 0) throw new RangeError(`QR code: unknown error correction level ${String(ecc)}.`);
  if (forced !== undefined && !(forced >= 0 && forced < 8 && Number.isInteger(forced)))
    throw new RangeError(`QR code: mask ${forced} is not one of 0–7.`);
  const bytes = new TextEncoder().encode(text);
  let version = 1;
  while (bytes.length > qrCapacity(version, ecc) && version < MAX_VERSION) version++;
  const capacity = qrCapacity(version, ecc);
  if (bytes.length > capacity)
    throw new RangeError(
      `QR code: the text is ${bytes.length} bytes in UTF-8, more than the ${capacity} that fit at error correction level ${ecc}.`,
    );

  const size = 17 + 4 * version;
  // Each cell: bit 0 = dark, bit 1 = part of a function pattern (never masked or filled with data).
  const grid = new Uint8Array(size * size);
  const setFunction = (r: number, c: number, dark: boolean | number): void => {
    grid[r * size + c] = dark ? 3 : 2;
  };

  for (let i = 0; i < size; i++) {
    setFunction(6, i, i % 2 === 0);
    setFunction(i, 6, i % 2 === 0);
  }
  for (const [top, left] of [
    [0, 0],
    [0, size - 7],
    [size - 7, 0],
  ] as const) {
    // Finder pattern with its light separator: the rings at distance 2 and 4 from the centre are light.
    for (let dr = -1; dr <= 7; dr++)
      for (let dc = -1; dc <= 7; dc++) {
        const r = top + dr;
        const c = left + dc;
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        if (r >= 0 && r < size && c >= 0 && c < size) setFunction(r, c, ring !== 2 && ring < 4);
      }
  }
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  centres.forEach((r, i) =>
    centres.forEach((c, j) => {
      // Three corners are taken by the finder patterns.
      if ((i === 0 && (j === 0 || j === last)) || (i === last && j === 0)) return;
      for (let dr = -2; dr <= 2; dr++)
        for (let dc = -2; dc <= 2; dc++)
          setFunction(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }),
  );
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const dark = (bits >> i) & 1;
      setFunction(Math.floor(i / 3), size - 11 + (i % 3), dark);
      setFunction(size - 11 + (i % 3), Math.floor(i / 3), dark);
    }
  }
  const drawFormat = (bits: number): void => {
    for (let i = 0; i < 15; i++) {
      const dark = (bits >> i) & 1;
      // First copy around the top-left finder, skipping the timing lines.
      if (i < 8) setFunction(i < 6 ? i : i + 1, 8, dark);
      else setFunction(8, i < 9 ? 7 : 14 - i, dark);
      // Second copy split between the top-right and bottom-left finders.
      if (i < 8) setFunction(8, size - 1 - i, dark);
      else setFunction(size - 15 + i, 8, dark);
    }
    setFunction(size - 8, 8, true);
  };
  drawFormat(0); // reserve the format areas before the data goes in

  // Data and error correction codewords, most significant bit first, in two-module-wide columns
  // from the right edge, upwards then downwards, stepping over the vertical timing line.
  const codewords = interleave(dataStream(bytes, version, dataLength(version, level)), version, level);
  let bit = 0;
  let upward = true;
  for (let right = size - 1; right > 0; right -= 2, upward = !upward) {
    if (right === 6) right = 5;
    for (let step = 0; step < size; step++) {
      const r = upward ? size - 1 - step : step;
      for (const c of [right, right - 1]) {
        const index = r * size + c;
        if (grid[index]) continue;
        // Remainder bits past the last codeword stay light.
        if (bit < codewords.length * 8) grid[index] = ((codewords[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1;
        bit++;
      }
    }
  }

  const withMask = (mask: number): boolean[][] => {
    drawFormat(formatBits(ecc, mask));
    const test = MASKS[mask];
    return Array.from({ length: size }, (_, r) =>
      Array.from({ length: size }, (_, c) => {
        const cell = grid[r * size + c] ?? 0;
        return Boolean(cell & 1) !== (cell < 2 && Boolean(test?.(r, c)));
      }),
    );
  };

  let mask = forced ?? 0;
  let modules = withMask(mask);
  if (forced === undefined) {
    let best = penalty(modules);
    for (let m = 1; m < 8; m++) {
      const candidate = withMask(m);
      const score = penalty(candidate);
      if (score < best) [best, mask, modules] = [score, m, candidate];
    }
  }
  return { size, version, ecc, mask, modules };
}
