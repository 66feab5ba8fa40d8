import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockOf, compactClocks, expandClocks, SHARED_CLOCK } from '@/shared/sync/clocks';
import { mergePulled, mergeRow, type Clocked } from '@/shared/sync/merge';

type Row = Clocked & { id: string; notes: string; phone: string | null; advice: string };
const clock = (millis: number, node = 'a') => `${millis.toString(36).padStart(11, '0')}-00000-${node}`;
const row = (clocks: Record<string, string>, values: Partial<Row> = {}): Row => ({
  id: 'r1',
  notes: 'awal',
  phone: null,
  advice: '',
  clocks,
  deletedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...values,
});

describe('compact field clocks', () => {
  it('keeps the clock most fields share once, under *, and every other clock as it was', () => {
    const compact = compactClocks({
      notes: clock(1),
      phone: clock(1),
      advice: clock(2),
      deletedAt: clock(1),
    });
    expect(compact).toEqual({ [SHARED_CLOCK]: clock(1), advice: clock(2), deletedAt: clock(1) });
    expect(clockOf(compact, 'notes')).toBe(clock(1));
    expect(clockOf(compact, 'advice')).toBe(clock(2));
  });

  it('leaves a map alone when no two fields share a clock', () => {
    const clocks = { notes: clock(1), phone: clock(2) };
    expect(compactClocks(clocks)).toBe(clocks);
  });

  it('never lends the shared clock to deletedAt', () => {
    expect(clockOf({ [SHARED_CLOCK]: clock(1) }, 'deletedAt')).toBe('');
  });

  it('expands * onto every clocked field of the row and back', () => {
    const stored = row({ [SHARED_CLOCK]: clock(3), phone: clock(4) });
    expect(expandClocks(stored).clocks).toEqual({ notes: clock(3), phone: clock(4), advice: clock(3) });
    expect(compactClocks(expandClocks(stored).clocks)).toEqual(stored.clocks);
  });

  it('merges compact rows exactly as it merges the same rows with every clock listed', () => {
    const clocksArb = fc.record({
      notes: fc.integer({ min: 1, max: 6 }),
      phone: fc.integer({ min: 1, max: 6 }),
      advice: fc.integer({ min: 1, max: 6 }),
    });
    const rowArb = fc
      .tuple(clocksArb, fc.constantFrom('a', 'b'), fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }))
      .map(([millis, node, notes, advice]) =>
        row(
          {
            notes: clock(millis.notes, node),
            phone: clock(millis.phone, node),
            advice: clock(millis.advice, node),
          },
          { notes, advice, phone: `+62${millis.phone}` },
        ),
      );
    const compacted = (r: Row): Row => ({ ...r, clocks: compactClocks(r.clocks) });
    const comparable = (r: Row) => expandClocks(r);
    fc.assert(
      fc.property(rowArb, rowArb, fc.subarray(['notes', 'phone', 'advice']), (local, incoming, pending) => {
        expect(comparable(mergeRow(compacted(local), compacted(incoming)).row)).toEqual(
          comparable(mergeRow(local, incoming).row),
        );
        const pendingSet = new Set(pending);
        expect(comparable(mergePulled(compacted(local), compacted(incoming), pendingSet).row)).toEqual(
          comparable(mergePulled(local, incoming, pendingSet).row),
        );
      }),
      { numRuns: 300 },
    );
  });
});
