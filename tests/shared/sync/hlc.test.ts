import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockAfter,
  clockAfterAll,
  compareHlc,
  formatHlc,
  HLC_PATTERN,
  parseHlc,
  receiveHlc,
  tickHlc,
  type Hlc,
} from '@/shared/sync/hlc';

const MAX_COUNTER = 36 ** 5 - 1;
const millisArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const counterArb = fc.integer({ min: 0, max: MAX_COUNTER });
const nodeArb = fc.stringMatching(/^[0-9A-Za-z_-]{1,24}$/);
const hlcArb: fc.Arbitrary<Hlc> = fc.record({ millis: millisArb, counter: counterArb, node: nodeArb });
/** Clocks that share millis and counters often, so ties are actually exercised. */
const closeHlcArb: fc.Arbitrary<Hlc> = fc.record({
  millis: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_003 }),
  counter: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(MAX_COUNTER)),
  node: fc.constantFrom('a', 'b', 'device-1', 'device-10', 'Z'),
});

function compareTuples(a: Hlc, b: Hlc): number {
  if (a.millis !== b.millis) return a.millis < b.millis ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

describe('HLC serialisation', () => {
  it('formats a known clock', () => {
    expect(formatHlc({ millis: 1_700_000_000_000, counter: 1, node: 'device-1' })).toBe(
      '000loyw3v28-00001-device-1',
    );
  });

  it('parses what it formats, node ids with dashes included', () => {
    fc.assert(
      fc.property(hlcArb, (clock) => {
        const text = formatHlc(clock);
        expect(text).toMatch(HLC_PATTERN);
        expect(parseHlc(text)).toEqual(clock);
      }),
    );
  });

  it.each(['', 'not-a-clock', '000loyw3v28-00001-', '000LOYW3V28-00001-a', '000loyw3v28-1-a'])(
    'refuses to parse %j',
    (value) => {
      expect(() => parseHlc(value)).toThrow(/Not a clock/);
    },
  );

  it('orders strings exactly as (millis, counter, node)', () => {
    fc.assert(
      fc.property(fc.oneof(hlcArb, closeHlcArb), fc.oneof(hlcArb, closeHlcArb), (a, b) => {
        expect(Math.sign(compareHlc(formatHlc(a), formatHlc(b)))).toBe(compareTuples(a, b));
      }),
    );
  });
});

describe('tickHlc', () => {
  it('follows the wall clock when it moves forward', () => {
    expect(tickHlc({ millis: 100, counter: 7, node: 'a' }, 200)).toEqual({
      millis: 200,
      counter: 0,
      node: 'a',
    });
  });

  it('is strictly increasing even when the wall clock goes backwards', () => {
    const nowsArb = fc.array(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 }), {
      minLength: 1,
      maxLength: 60,
    });
    fc.assert(
      fc.property(nowsArb, (nows) => {
        let clock: Hlc = { millis: 1_700_000_000_025, counter: 0, node: 'a' };
        for (const now of nows) {
          const next = tickHlc(clock, now);
          expect(compareHlc(formatHlc(next), formatHlc(clock))).toBe(1);
          expect(next.millis).toBeGreaterThanOrEqual(now);
          clock = next;
        }
      }),
    );
  });

  it('moves to the next millisecond instead of overflowing the counter', () => {
    const next = tickHlc({ millis: 500, counter: MAX_COUNTER, node: 'a' }, 400);
    expect(next).toEqual({ millis: 501, counter: 0, node: 'a' });
    expect(formatHlc(next) > formatHlc({ millis: 500, counter: MAX_COUNTER, node: 'a' })).toBe(true);
  });
});

describe('receiveHlc', () => {
  it('is ahead of both the local and the remote clock and keeps the local node', () => {
    fc.assert(
      fc.property(
        closeHlcArb,
        closeHlcArb,
        fc.integer({ min: 1_699_999_999_999, max: 1_700_000_000_004 }),
        (local, remote, now) => {
          const next = receiveHlc(local, remote, now);
          expect(next.node).toBe(local.node);
          expect(compareTuples({ ...next, node: '' }, { ...local, node: '' })).toBe(1);
          expect(compareTuples({ ...next, node: '' }, { ...remote, node: '' })).toBe(1);
          expect(next.millis).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });

  it('makes the next local tick follow the remote event', () => {
    const local = { millis: 1000, counter: 0, node: 'phone' };
    const remote = { millis: 5000, counter: 3, node: 'server' };
    const seen = receiveHlc(local, remote, 1001);
    const after = tickHlc(seen, 1002);
    expect(compareHlc(formatHlc(after), formatHlc(remote))).toBe(1);
  });
});

describe('clockAfter', () => {
  const stored = formatHlc({ millis: 5_000, counter: 3, node: 'phone-a' });
  it('sorts after the stored clock, on the writer’s node, even when the writer’s time is behind', () => {
    const next = clockAfter(stored, 'server', 1_000);
    expect(parseHlc(next)).toEqual({ millis: 5_000, counter: 4, node: 'server' });
    expect(next > stored).toBe(true);
  });
  it('takes the writer’s time when it is ahead, and that time alone when nothing was stored', () => {
    expect(parseHlc(clockAfter(stored, 'server', 9_000))).toEqual({
      millis: 9_000,
      counter: 0,
      node: 'server',
    });
    expect(parseHlc(clockAfter('', 'server', 9_000))).toEqual({ millis: 9_000, counter: 0, node: 'server' });
  });
});

describe('clockAfterAll', () => {
  it('sorts after the latest of the stored clocks, whichever position it has; missing ones count as none', () => {
    const stored = [
      formatHlc({ millis: 5_000, counter: 1, node: 'phone-a' }),
      '',
      formatHlc({ millis: 7_000, counter: 2, node: 'phone-b' }),
      formatHlc({ millis: 6_000, counter: 9, node: 'phone-c' }),
    ];
    const next = clockAfterAll(stored, 'server', 1_000);
    expect(parseHlc(next)).toEqual({ millis: 7_000, counter: 3, node: 'server' });
    for (const clock of stored) expect(compareHlc(next, clock)).toBe(1);
    expect(clockAfterAll([], 'server', 9_000)).toBe(clockAfter('', 'server', 9_000));
  });
});
