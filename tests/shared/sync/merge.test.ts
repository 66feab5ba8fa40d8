import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePulled, mergeRow, type Clocked } from '@/shared/sync/merge';

type Row = Clocked & { id: string; notes: string; phone: string | null; [key: string]: unknown };

const base: Row = {
  id: 'r1',
  notes: 'awal',
  phone: null,
  clocks: {},
  deletedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const clock = (millis: number, node = 'a') => `${millis.toString(36).padStart(11, '0')}-00000-${node}`;

describe('per-field last-writer-wins merge', () => {
  it('takes the newer value of the same field, whichever side it comes from', () => {
    const older: Row = { ...base, notes: 'lama', clocks: { notes: clock(1) } };
    const newer: Row = { ...base, notes: 'baru', clocks: { notes: clock(2) } };
    expect(mergeRow(older, newer).row.notes).toBe('baru');
    expect(mergeRow(newer, older).row.notes).toBe('baru');
  });

  it('keeps both edits when different fields changed', () => {
    const left: Row = { ...base, notes: 'catatan', clocks: { notes: clock(5) } };
    const right: Row = { ...base, phone: '+6281234567890', clocks: { phone: clock(6) } };
    const merged = mergeRow(left, right).row;
    expect(merged).toMatchObject({ notes: 'catatan', phone: '+6281234567890' });
  });

  it('breaks equal instants by device id, the same way in both orders', () => {
    const fromA: Row = { ...base, notes: 'dari A', clocks: { notes: clock(9, 'aaa') } };
    const fromB: Row = { ...base, notes: 'dari B', clocks: { notes: clock(9, 'bbb') } };
    expect(mergeRow(fromA, fromB).row.notes).toBe('dari B');
    expect(mergeRow(fromB, fromA).row.notes).toBe('dari B');
  });

  it('lets a delete win over a concurrent edit', () => {
    const deleted: Row = { ...base, deletedAt: '2026-02-01T00:00:00.000Z', clocks: { deletedAt: clock(1) } };
    const edited: Row = { ...base, notes: 'diubah', clocks: { notes: clock(2) } };
    expect(mergeRow(edited, deleted).row.deletedAt).not.toBeNull();
    expect(mergeRow(deleted, edited).row.deletedAt).not.toBeNull();
  });

  it('reports the local value a newer write replaced, so a losing note can be kept', () => {
    const local: Row = { ...base, notes: 'catatan panjang pendamping', clocks: { notes: clock(1) } };
    const incoming: Row = { ...base, notes: 'ditimpa', clocks: { notes: clock(3) } };
    expect(mergeRow(local, incoming).lost).toEqual([
      { field: 'notes', value: 'catatan panjang pendamping', clock: clock(1) },
    ]);
  });

  it('keeps fields the incoming row does not know (written by a newer app)', () => {
    const local: Row = { ...base, futureField: 42 };
    expect(mergeRow(local, base).row.futureField).toBe(42);
  });

  it('converges: merging the same writes in any order gives the same row', () => {
    const write = fc.record({
      field: fc.constantFrom('notes', 'phone'),
      value: fc.string({ maxLength: 5 }),
      millis: fc.integer({ min: 1, max: 50 }),
      node: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(
        // A device never issues the same clock twice, so (field, clock) identifies one write.
        fc.uniqueArray(write, {
          minLength: 1,
          maxLength: 8,
          selector: (w) => `${w.field}/${w.millis}/${w.node}`,
        }),
        (writes) => {
          // One row per write, as each device would send it.
          const rows = writes.map((w) => ({
            ...base,
            [w.field]: w.value,
            clocks: { [w.field]: clock(w.millis, w.node) },
          }));
          const forward = rows.reduce((acc: Row, row) => mergeRow(acc, row).row, base);
          const backward = [...rows].reverse().reduce((acc: Row, row) => mergeRow(acc, row).row, base);
          expect(backward.notes).toBe(forward.notes);
          expect(backward.phone).toBe(forward.phone);
          expect(backward.clocks).toEqual(forward.clocks);
        },
      ),
    );
  });
});

describe('a pulled row on the phone (mergePulled)', () => {
  const none = new Set<string>();

  it('keeps a field the phone changed and has not sent yet, when its clock is newer', () => {
    const local: Row = { ...base, notes: 'belum terkirim', clocks: { notes: clock(5) } };
    const incoming: Row = { ...base, notes: 'server', phone: '+6281234567890', clocks: { notes: clock(3) } };
    const merged = mergePulled(local, incoming, new Set(['notes']));
    expect(merged.row).toMatchObject({ notes: 'belum terkirim', phone: '+6281234567890' });
    expect(merged.row.clocks.notes).toBe(clock(5));
  });

  it('takes the server’s value of a field with nothing pending, even under a lower clock (a clamped fast clock)', () => {
    // The phone wrote at a clock far ahead; the server pulled it back and a later edit won there.
    const local: Row = { ...base, notes: 'jam HP terlalu cepat', clocks: { notes: clock(1_000) } };
    const incoming: Row = { ...base, notes: 'lebih baru', clocks: { notes: clock(20, 'other') } };
    expect(mergeRow(local, incoming).row.notes).toBe('jam HP terlalu cepat');
    const merged = mergePulled(local, incoming, none);
    expect(merged.row.notes).toBe('lebih baru');
    expect(merged.row.clocks.notes).toBe(clock(20, 'other'));
    expect(merged.changed).toBe(true);
  });

  it('drops a refused delete the server sends back alive, but keeps a delete still waiting to be sent', () => {
    const deleted: Row = { ...base, deletedAt: '2026-02-01T00:00:00.000Z', clocks: { deletedAt: clock(4) } };
    expect(mergePulled(deleted, base, none).row.deletedAt).toBeNull();
    expect(mergePulled(deleted, base, new Set(['deletedAt'])).row.deletedAt).not.toBeNull();
  });

  it('still lets a delete from the server win over the phone’s unsent edit', () => {
    const edited: Row = { ...base, notes: 'diubah', clocks: { notes: clock(9) } };
    const deleted: Row = { ...base, deletedAt: '2026-02-01T00:00:00.000Z', clocks: { deletedAt: clock(2) } };
    const merged = mergePulled(edited, deleted, new Set(['notes']));
    expect(merged.row).toMatchObject({ notes: 'diubah', deletedAt: '2026-02-01T00:00:00.000Z' });
  });

  it('reports no change when the server sends what the phone already has', () => {
    const row: Row = { ...base, notes: 'sama', clocks: { notes: clock(3) } };
    expect(mergePulled(row, { ...row, clocks: { ...row.clocks } }, none).changed).toBe(false);
    expect(mergePulled(undefined, row, none)).toMatchObject({ row, changed: true });
  });
});
