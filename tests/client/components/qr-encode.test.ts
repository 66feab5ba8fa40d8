/**
 * The QR encoder is checked against an independent decoder (jsQR): whatever we encode, at any
 * level and size, a scanner reads back exactly the same UTF-8 text. The arithmetic underneath is
 * checked against values from the standard and values worked out by hand.
 */
import fc from 'fast-check';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import {
  encodeQr,
  formatBits,
  gfExp,
  gfLog,
  gfMul,
  dataStream,
  penalty,
  qrCapacity,
  reedSolomon,
  versionBits,
  type EccLevel,
  type QrMatrix,
} from '@/client/components/qr/qr-encode';

const LEVELS: EccLevel[] = ['L', 'M', 'Q', 'H'];
const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];

/** Draw the symbol as a scanner's camera frame would hold it: RGBA, `scale` px a module, quiet zone. */
function toImage(qr: QrMatrix, scale = 4, quiet = 4): { data: Uint8ClampedArray; width: number } {
  const width = (qr.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  qr.modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const p = (((r + quiet) * scale + y) * width + (c + quiet) * scale + x) * 4;
          data[p] = data[p + 1] = data[p + 2] = 0;
        }
    }),
  );
  return { data, width };
}

function scan(qr: QrMatrix, scale = 4) {
  const { data, width } = toImage(qr, scale);
  return jsQR(data, width, width, { inversionAttempts: 'dontInvert' });
}

/** Encode, scan and check that the scanner gives back exactly the text and its UTF-8 bytes. */
function expectRoundTrip(text: string, ecc?: EccLevel, scale = 4): QrMatrix {
  const qr = encodeQr(text, ecc ? { ecc } : {});
  const read = scan(qr, scale);
  expect(read, `jsQR could not read version ${qr.version}-${qr.ecc}`).not.toBeNull();
  expect(read?.binaryData).toEqual(utf8(text));
  expect(read?.data).toBe(text);
  expect(read?.version).toBe(qr.version);
  return qr;
}

/** A text of exactly `bytes` UTF-8 bytes. */
const filler = (bytes: number): string =>
  Array.from({ length: bytes }, (_, i) => 'binaan-UMKM/0123456789?#'.charAt(i % 24)).join('');

/** Byte-mode capacities from the standard's table 7: [version, L, M, Q, H]. */
const CAPACITY: [number, number, number, number, number][] = [
  [1, 17, 14, 11, 7],
  [2, 32, 26, 20, 14],
  [5, 106, 84, 60, 44],
  [7, 154, 122, 86, 64],
  [10, 271, 213, 151, 119],
  [15, 520, 412, 292, 220],
  [27, 1465, 1125, 805, 625],
  [40, 2953, 2331, 1663, 1273],
];
const V15 = CAPACITY.find(([v]) => v === 15) ?? [15, 0, 0, 0, 0];

describe('GF(256)', () => {
  it('reduces by x⁸ + x⁴ + x³ + x² + 1: α⁸ = 0x1D and α²⁵⁵ = 1', () => {
    expect(gfExp(7)).toBe(0x80);
    expect(gfExp(8)).toBe(0x1d);
    expect(gfMul(0x80, 2)).toBe(0x1d);
    expect(gfExp(255)).toBe(1);
  });

  it('α generates every non-zero element once, and each has an inverse', () => {
    const seen = new Set(Array.from({ length: 255 }, (_, e) => gfExp(e)));
    expect(seen.size).toBe(255);
    expect(seen.has(0)).toBe(false);
    for (let x = 1; x < 256; x++) {
      expect(gfExp(gfLog(x))).toBe(x);
      expect(gfMul(x, gfExp(255 - gfLog(x)))).toBe(1);
    }
  });

  it('multiplies by hand-checked values and by zero', () => {
    expect(gfMul(3, 3)).toBe(5); // (x + 1)² = x² + 1
    expect(gfMul(0x80, 0x80)).toBe(gfExp(14));
    expect(gfMul(0, 0x53)).toBe(0);
    expect(gfMul(0x53, 0)).toBe(0);
  });
});

describe('Reed–Solomon', () => {
  it('gives the generator polynomial (x + 1)(x + α) = x² + 3x + 2 for the message 1', () => {
    expect(reedSolomon([1], 2)).toEqual([3, 2]);
  });

  it('gives the standard’s generator polynomial for 7 codewords (annex A)', () => {
    // g(x) = x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹
    expect(reedSolomon([1], 7).map(gfLog)).toEqual([87, 229, 146, 149, 238, 102, 21]);
  });

  it('matches the standard’s worked example "01234567" at version 1-M (annex I)', () => {
    const data = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([165, 36, 212, 193, 237, 54, 199, 135, 44, 85]);
  });

  it('makes a codeword divisible by the generator: appending the remainder leaves remainder 0', () => {
    const data = utf8('binaan');
    expect(reedSolomon([...data, ...reedSolomon(data, 13)], 13)).toEqual(new Array(13).fill(0));
  });
});

describe('data codewords', () => {
  it('are mode 0100, an 8-bit length, the bytes, a 4-bit terminator, then 0xEC 0x11 pads', () => {
    // 0100 00000110 01100010 01101001 01101110 01100001 01100001 01101110 0000 = "binaan" (6 bytes)
    expect([...dataStream(new Uint8Array(utf8('binaan')), 1, 16)]).toEqual([
      0x40, 0x66, 0x26, 0x96, 0xe6, 0x16, 0x16, 0xe0, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11,
    ]);
  });

  it('use a 16-bit length from version 10 on', () => {
    expect([...dataStream(new Uint8Array([0xff]), 10, 5)]).toEqual([0x40, 0x00, 0x1f, 0xf0, 0xec]);
  });

  it('shorten the terminator when the symbol is full', () => {
    // 13 bytes leave 4 bits for the terminator and one pad; 14 bytes leave exactly the terminator.
    expect([...dataStream(new Uint8Array(13), 1, 16)].slice(-2)).toEqual([0x00, 0xec]);
    expect(dataStream(new Uint8Array(14).fill(0xff), 1, 16)[15]).toBe(0xf0);
  });
});

describe('format and version information', () => {
  it('encodes level and mask with BCH(15,5) and the 101010000010010 mask', () => {
    expect(formatBits('M', 0)).toBe(0b101010000010010);
    expect(formatBits('L', 0)).toBe(0b111011111000100);
    expect(formatBits('Q', 0)).toBe(0b011010101011111);
    expect(formatBits('H', 0)).toBe(0b001011010001001);
  });

  it('encodes the version with BCH(18,6)', () => {
    expect(versionBits(7)).toBe(0x07c94);
    expect(versionBits(40)).toBe(0x28c69);
  });

  it('writes both copies of the format information where the standard puts them', () => {
    const qr = encodeQr('https://binaan.example/undangan#kode=ABCDEFGH12345678');
    const n = qr.size;
    const bit = (r: number, c: number): number => (qr.modules[r]?.[c] ? 1 : 0);
    const first = [0, 1, 2, 3, 4, 5, 7, 8].map((r) => bit(r, 8));
    first.push(...[7, 5, 4, 3, 2, 1, 0].map((c) => bit(8, c)));
    const second = Array.from({ length: 8 }, (_, i) => bit(8, n - 1 - i));
    second.push(...Array.from({ length: 7 }, (_, i) => bit(n - 7 + i, 8)));
    const expected = Array.from({ length: 15 }, (_, i) => (formatBits(qr.ecc, qr.mask) >> i) & 1);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(bit(n - 8, 8)).toBe(1);
  });
});

describe('penalty', () => {
  const checkerboard = (n: number): boolean[][] =>
    Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r + c) % 2 === 0));

  it('scores a checkerboard 0', () => {
    expect(penalty(checkerboard(12))).toBe(0);
  });

  it('scores an all-light 5×5: ten runs of 5 (30), sixteen 2×2 blocks (48), 0 % dark (100)', () => {
    const light = Array.from({ length: 5 }, () => new Array<boolean>(5).fill(false));
    expect(penalty(light)).toBe(178);
  });

  it('scores a run of 12 dark modules 3 + 7', () => {
    const m = checkerboard(12);
    m[0] = new Array<boolean>(12).fill(true);
    expect(penalty(m)).toBe(10);
  });

  it('scores a 1:1:3:1:1 pattern followed by four light modules 40', () => {
    const m = checkerboard(12);
    m[0] = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1].map(Boolean);
    expect(penalty(m)).toBe(40);
    // The same with the light side first, and down a column instead of along a row.
    expect(penalty(m.map((row) => [...row].reverse()))).toBe(40);
    expect(penalty(m.map((row, r) => row.map((_, c) => m[c]?.[r] ?? false)))).toBe(40);
  });
});

describe('encodeQr', () => {
  it('uses level M by default and the smallest version that holds the text', () => {
    const qr = encodeQr('binaan');
    expect(qr).toMatchObject({ ecc: 'M', version: 1, size: 21 });
    expect(qr.modules).toHaveLength(21);
    expect(qr.modules.every((row) => row.length === 21)).toBe(true);
  });

  it.each(CAPACITY)('fills version %i exactly at the standard’s byte capacities', (version, ...caps) => {
    LEVELS.forEach((ecc, i) => {
      const cap = caps[i] ?? 0;
      expect(qrCapacity(version, ecc)).toBe(cap);
      expect(encodeQr(filler(cap), { ecc }).version).toBe(version);
      if (version < 40) expect(encodeQr(filler(cap + 1), { ecc }).version).toBe(version + 1);
    });
  });

  it('throws a clear error when the text is too long', () => {
    expect(() => encodeQr(filler(2332))).toThrow(/2332 bytes.*2331.*level M/);
    expect(() => encodeQr(filler(1274), { ecc: 'H' })).toThrow(RangeError);
    expect(encodeQr(filler(2953), { ecc: 'L' }).version).toBe(40);
  });

  it.each([
    [2, [6, 18]],
    [7, [6, 22, 38]],
    [15, [6, 26, 48, 70]],
    [23, [6, 30, 54, 78, 102]],
    [32, [6, 34, 60, 86, 112, 138]],
    [36, [6, 24, 50, 76, 102, 128, 154]],
    [40, [6, 30, 58, 86, 114, 142, 170]],
  ])('draws the alignment patterns of version %i at the standard’s centres (annex E)', (version, centres) => {
    const qr = encodeQr(filler(qrCapacity(version, 'L')), { ecc: 'L' });
    expect(qr.version).toBe(version);
    const last = centres.length - 1;
    centres.forEach((r, i) =>
      centres.forEach((c, j) => {
        if ((i === 0 && (j === 0 || j === last)) || (i === last && j === 0)) return;
        for (let dr = -2; dr <= 2; dr++)
          for (let dc = -2; dc <= 2; dc++)
            expect(qr.modules[r + dr]?.[c + dc], `(${r + dr}, ${c + dc})`).toBe(
              Math.max(Math.abs(dr), Math.abs(dc)) !== 1,
            );
      }),
    );
  });

  it('rejects a mask outside 0–7', () => {
    expect(() => encodeQr('x', { mask: 8 })).toThrow(/mask 8/);
  });

  it('chooses the mask with the lowest penalty', () => {
    for (const text of ['binaan', 'https://binaan.example/undangan#kode=QW8ERT5YUI2OPAS7', filler(300)]) {
      const chosen = encodeQr(text);
      const scores = Array.from({ length: 8 }, (_, mask) => penalty(encodeQr(text, { mask }).modules));
      expect(penalty(chosen.modules)).toBe(Math.min(...scores));
      expect(scores.indexOf(Math.min(...scores))).toBe(chosen.mask);
    }
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('is read back with mask %i forced', (mask) => {
    const text = 'https://binaan.example/undangan#kode=K3M9PQ2RT7VW4XYZ';
    const qr = encodeQr(text, { mask });
    expect(qr.mask).toBe(mask);
    expect(scan(qr)?.data).toBe(text);
  });
});

describe('read back by an independent decoder', () => {
  it('short ASCII', () => {
    expectRoundTrip('A');
    expectRoundTrip('binaan');
  });

  it('the empty text', () => {
    expectRoundTrip('');
  });

  it('long ASCII', () => {
    const qr = expectRoundTrip(filler(400));
    expect(qr.version).toBe(15);
  });

  it('an invite link fits a small symbol at level M', () => {
    const qr = expectRoundTrip(
      'https://binaan.pemkot-contoh.go.id/undangan#kode=ABCDEFGHJKLMNPQRSTUV23456789',
    );
    expect(qr.version).toBeLessThanOrEqual(5);
  });

  it('Indonesian text with accents and emoji, as UTF-8', () => {
    const text = 'Undangan untuk Bu Désirée — Warung Kopi Sejahtera ☕️ 🎉 Rp 1.500.000';
    expect(utf8(text).length).toBeGreaterThan(text.length);
    expectRoundTrip(text);
  });

  it.each(LEVELS)('every level: %s', (ecc) => {
    const text = 'https://binaan.example/undangan#kode=MN4PQ7RS9TUV2WXY';
    expect(expectRoundTrip(text, ecc).ecc).toBe(ecc);
  });

  it.each(LEVELS)(
    'every version from 1 to 40 at level %s, each filled to capacity',
    (ecc) => {
      for (let version = 1; version <= 40; version++) {
        // jsQR 1.4.0 puts version 23's fourth alignment centre at 74 instead of 78 (cozmo/jsQR#251)
        // and so misreads a few dozen modules: levels M, Q and H correct that, level L cannot. Our
        // centres are checked against the standard's table in 'draws the alignment patterns…'.
        if (version === 23 && ecc === 'L') continue;
        // Two pixels a module keeps the 40 × 4 scans quick; the rest of the file uses four.
        expect(expectRoundTrip(filler(qrCapacity(version, ecc)), ecc, 2).version).toBe(version);
      }
    },
    60_000,
  );

  it('any text up to the version-15 capacity, at any level', () => {
    const unit = fc.constantFrom<'grapheme-ascii' | 'binary-ascii' | 'grapheme' | 'binary'>(
      'grapheme-ascii',
      'binary-ascii',
      'grapheme',
      'binary',
    );
    const input = fc
      .record({
        ecc: fc.constantFrom(...LEVELS),
        unit,
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .chain(({ ecc, unit, share }) => {
        const capacity = V15[LEVELS.indexOf(ecc) + 1] ?? 0;
        return fc
          .string({ unit, maxLength: capacity, size: 'max' })
          .map((text) => ({ ecc, text: fitBytes(text, Math.floor(share * capacity)) }));
      });
    fc.assert(
      fc.property(input, ({ ecc, text }) => {
        const qr = encodeQr(text, { ecc });
        expect(qr.version).toBeLessThanOrEqual(15);
        const read = scan(qr);
        expect(read?.binaryData).toEqual(utf8(text));
        expect(read?.data).toBe(text);
      }),
      // No shrinking: each step scans a symbol, and the first counterexample is telling enough.
      { numRuns: 60, endOnFailure: true },
    );
  }, 60_000);
});

/** The longest prefix of whole code points that takes at most `bytes` UTF-8 bytes. */
function fitBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    used += utf8(ch).length;
    if (used > bytes) break;
    out += ch;
  }
  return out;
}
