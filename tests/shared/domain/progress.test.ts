import { describe, expect, it } from 'vitest';
import { itemsFor } from '@/shared/checklists/checklist-template';
import { currentTemplate } from '@/shared/checklists';
import type { ChecklistItemState } from '@/shared/domain/checklist-state';
import type { Visit } from '@/shared/domain/visit';
import { formatHlc } from '@/shared/sync/hlc';
import {
  checklistProgressSeries,
  datedStates,
  fieldChangedAt,
  itemHistories,
  monthlySalesSeries,
  naikKelasSignals,
  salesTrend,
} from '@/shared/domain/progress';
import { makeBusiness, makeChecklistState, makeVisit } from '../../helpers/factories';

const business = makeBusiness();
const ticked = (...ids: string[]): Record<string, ChecklistItemState> =>
  Object.fromEntries(ids.map((id) => [id, { done: true, evidence: null, note: null }]));

function visitOn(date: string, overrides: Partial<Visit> = {}) {
  return makeVisit({ businessId: business.id, visitedAt: `${date}T02:00:00.000Z`, ...overrides });
}

const clockAt = (iso: string) => formatHlc({ millis: Date.parse(iso), counter: 0, node: 'device-1' });

describe('checklist states are dated by their visits', () => {
  it('orders states by visit date and drops states of deleted or absent visits', () => {
    const march = visitOn('2026-03-12');
    const january = visitOn('2026-01-10');
    const deleted = visitOn('2026-02-01', { deletedAt: '2026-02-02T00:00:00.000Z' });
    const states = [
      makeChecklistState({ businessId: business.id, visitId: march.id }),
      makeChecklistState({ businessId: business.id, visitId: january.id }),
      makeChecklistState({ businessId: business.id, visitId: deleted.id }),
      makeChecklistState({ businessId: business.id, visitId: '01900000-0000-7000-8000-00000000dead' }),
    ];
    const dated = datedStates(states, [march, january, deleted], 'packaging');
    expect(dated.map((entry) => entry.visitId)).toEqual([january.id, march.id]);
  });

  it('keeps the last written state when one visit has two of the same kind', () => {
    const visit = visitOn('2026-03-12');
    const older = makeChecklistState({
      businessId: business.id,
      visitId: visit.id,
      items: ticked('sealed'),
      updatedAt: '2026-03-12T03:00:00.000Z',
    });
    const newer = makeChecklistState({
      businessId: business.id,
      visitId: visit.id,
      items: ticked('sealed', 'brand_design'),
      updatedAt: '2026-03-12T04:00:00.000Z',
    });
    expect(datedStates([newer, older], [visit], 'packaging').map((entry) => entry.state.id)).toEqual([
      newer.id,
    ]);
  });
});

describe('checklistProgressSeries', () => {
  it('gives the share of applicable items done at each visit, oldest first', () => {
    const first = visitOn('2026-01-10');
    const second = visitOn('2026-03-12');
    const applicable = itemsFor(currentTemplate('packaging'), true).length;
    const series = checklistProgressSeries(
      [
        makeChecklistState({
          businessId: business.id,
          visitId: second.id,
          items: ticked('sealed', 'brand_design', 'halal_logo'),
        }),
        makeChecklistState({ businessId: business.id, visitId: first.id, items: ticked('sealed') }),
      ],
      [second, first],
      'packaging',
      true,
    );
    expect(series.map((point) => [point.visitedAt.slice(0, 10), point.done, point.applicable])).toEqual([
      ['2026-01-10', 1, applicable],
      ['2026-03-12', 3, applicable],
    ]);
    expect(series[1]?.share).toBeCloseTo(3 / applicable);
  });

  it('does not count food-only items for a non-food business, even when ticked', () => {
    const visit = visitOn('2026-01-10');
    const [point] = checklistProgressSeries(
      [
        makeChecklistState({
          businessId: business.id,
          visitId: visit.id,
          items: ticked('sealed', 'halal_logo'),
        }),
      ],
      [visit],
      'packaging',
      false,
    );
    expect(point?.done).toBe(1);
    expect(point?.applicable).toBe(itemsFor(currentTemplate('packaging'), false).length);
  });

  it('keeps only the kind asked for', () => {
    const visit = visitOn('2026-01-10');
    const states = [
      makeChecklistState({
        businessId: business.id,
        visitId: visit.id,
        kind: 'digital_marketing',
        items: ticked('qris'),
      }),
    ];
    expect(checklistProgressSeries(states, [visit], 'packaging', true)).toEqual([]);
    expect(checklistProgressSeries(states, [visit], 'digital_marketing', true)[0]?.done).toBe(1);
  });
});

describe('itemHistories', () => {
  const january = visitOn('2026-01-10');
  const march = visitOn('2026-03-12');
  const may = visitOn('2026-05-04');
  const visits = [january, march, may];
  const state = (visitId: string, ...ids: string[]) =>
    makeChecklistState({ businessId: business.id, visitId, items: ticked(...ids) });
  const historyOf = (states: ReturnType<typeof state>[], itemId: string) =>
    itemHistories(states, visits, 'packaging', true).find((entry) => entry.item.id === itemId);

  it('dates an item from the visit where it became ticked ("Logo halal: tercentang sejak 12 Mar 2026")', () => {
    const halal = historyOf(
      [state(january.id), state(march.id, 'halal_logo'), state(may.id, 'halal_logo')],
      'halal_logo',
    );
    expect(halal).toMatchObject({
      done: true,
      doneSince: march.visitedAt,
      firstDoneAt: march.visitedAt,
      doneAtFirstObservation: false,
    });
  });

  it('restarts "since" when an item was unticked and ticked again, and remembers the first time', () => {
    const sealed = historyOf(
      [state(january.id, 'sealed'), state(march.id), state(may.id, 'sealed')],
      'sealed',
    );
    expect(sealed).toMatchObject({ done: true, doneSince: may.visitedAt, firstDoneAt: january.visitedAt });
  });

  it('an item unticked at the latest visit is not done and has no "since"', () => {
    const sealed = historyOf(
      [state(january.id, 'sealed'), state(march.id, 'sealed'), state(may.id)],
      'sealed',
    );
    expect(sealed).toMatchObject({ done: false, doneSince: null, firstDoneAt: january.visitedAt });
  });

  it('an item ticked at the first visit observed is flagged as a lower bound', () => {
    const sealed = historyOf([state(january.id, 'sealed'), state(march.id, 'sealed')], 'sealed');
    expect(sealed).toMatchObject({ doneSince: january.visitedAt, doneAtFirstObservation: true });
  });

  it('lists the applicable items of the current template in template order', () => {
    const ids = itemHistories([], visits, 'packaging', false).map((entry) => entry.item.id);
    expect(ids).toEqual(itemsFor(currentTemplate('packaging'), false).map((item) => item.id));
  });
});

describe('monthlySalesSeries and salesTrend', () => {
  it('takes one figure per month, the latest visit of the month, oldest month first', () => {
    const series = monthlySalesSeries([
      visitOn('2026-03-20', { monthlySales: 6_000_000 }),
      visitOn('2026-01-05', { monthlySales: 3_000_000 }),
      visitOn('2026-03-02', { monthlySales: 5_000_000 }),
      visitOn('2026-02-10', { monthlySales: null }),
      visitOn('2026-04-10', { monthlySales: 9_000_000, deletedAt: '2026-04-11T00:00:00.000Z' }),
    ]);
    expect(series.map((point) => [point.month, point.amount])).toEqual([
      ['2026-01', 3_000_000],
      ['2026-03', 6_000_000],
    ]);
  });

  it('summarises direction, change and range; needs two months', () => {
    const series = monthlySalesSeries([
      visitOn('2026-01-05', { monthlySales: 4_000_000 }),
      visitOn('2026-02-05', { monthlySales: 3_000_000 }),
      visitOn('2026-03-05', { monthlySales: 5_000_000 }),
    ]);
    expect(salesTrend(series)).toMatchObject({
      direction: 'up',
      change: 0.25,
      min: 3_000_000,
      max: 5_000_000,
    });
    expect(salesTrend(series.slice(0, 2))).toMatchObject({ direction: 'down', change: -0.25 });
    expect(salesTrend(series.slice(0, 1))).toBeNull();
  });

  it('calls a change within 2 % flat, and has no ratio from a zero start', () => {
    const flat = monthlySalesSeries([
      visitOn('2026-01-05', { monthlySales: 5_000_000 }),
      visitOn('2026-02-05', { monthlySales: 5_050_000 }),
    ]);
    expect(salesTrend(flat)?.direction).toBe('flat');
    const fromZero = monthlySalesSeries([
      visitOn('2026-01-05', { monthlySales: 0 }),
      visitOn('2026-02-05', { monthlySales: 1_000_000 }),
    ]);
    expect(salesTrend(fromZero)).toMatchObject({ direction: 'up', change: null });
  });
});

describe('naikKelasSignals', () => {
  const created = '2026-01-05T08:00:00.000Z';

  it('a QRIS item ticked between two visits is "started QRIS" at that visit', () => {
    const first = visitOn('2026-01-10');
    const second = visitOn('2026-03-12');
    const signals = naikKelasSignals({
      business,
      visits: [first, second],
      checklistStates: [
        makeChecklistState({
          businessId: business.id,
          visitId: first.id,
          kind: 'digital_marketing',
          items: {},
        }),
        makeChecklistState({
          businessId: business.id,
          visitId: second.id,
          kind: 'digital_marketing',
          items: ticked('qris'),
        }),
      ],
    });
    expect(signals).toEqual([{ kind: 'started_qris', at: second.visitedAt, source: 'checklist' }]);
  });

  it('QRIS already ticked at the first visit observed is not a signal (it came before the coaching)', () => {
    const first = visitOn('2026-01-10');
    const signals = naikKelasSignals({
      business,
      visits: [first],
      checklistStates: [
        makeChecklistState({
          businessId: business.id,
          visitId: first.id,
          kind: 'digital_marketing',
          items: ticked('qris'),
        }),
      ],
    });
    expect(signals).toEqual([]);
  });

  it('a P-IRT held now is dated by the visit where the permit number first showed on the pack', () => {
    const withPirt = makeBusiness({
      id: business.id,
      licences: { nib: null, pirt: '2066371010123456', halal: null, bpom: null, trademark: null },
    });
    const first = visitOn('2026-01-10');
    const second = visitOn('2026-04-02');
    const signals = naikKelasSignals({
      business: withPirt,
      visits: [first, second],
      checklistStates: [
        makeChecklistState({ businessId: business.id, visitId: first.id, items: {} }),
        makeChecklistState({
          businessId: business.id,
          visitId: second.id,
          items: ticked('permit_number', 'halal_logo'),
        }),
      ],
    });
    // The halal logo on the pack is not a signal: the profile holds no halal certificate.
    expect(signals).toEqual([{ kind: 'got_pirt', at: second.visitedAt, source: 'checklist' }]);
  });

  it('licences edited after registration date NIB/halal by that edit; licences from registration are no signal', () => {
    const licences = {
      nib: '9120001234567',
      pirt: null,
      halal: 'ID63110000123450124',
      bpom: null,
      trademark: null,
    };
    const edited = makeBusiness({
      licences,
      createdAt: created,
      clocks: { name: clockAt(created), licences: clockAt('2026-02-20T05:00:00.000Z') },
    });
    expect(naikKelasSignals({ business: edited, visits: [], checklistStates: [] })).toEqual([
      { kind: 'got_halal', at: '2026-02-20T05:00:00.000Z', source: 'profile' },
      { kind: 'got_nib', at: '2026-02-20T05:00:00.000Z', source: 'profile' },
    ]);
    const fromStart = makeBusiness({ licences, createdAt: created, clocks: { licences: clockAt(created) } });
    expect(naikKelasSignals({ business: fromStart, visits: [], checklistStates: [] })).toEqual([]);
    const noClock = makeBusiness({ licences, createdAt: created, clocks: {} });
    expect(naikKelasSignals({ business: noClock, visits: [], checklistStates: [] })).toEqual([]);
  });

  it('annualised sales crossing the micro limit is "size up" at that visit', () => {
    const signals = naikKelasSignals({
      business,
      visits: [
        visitOn('2026-01-10', { monthlySales: 150_000_000 }),
        visitOn('2026-02-10', { monthlySales: null }),
        visitOn('2026-03-10', { monthlySales: 200_000_000 }),
        visitOn('2026-04-10', { monthlySales: 100_000_000 }),
        visitOn('2026-05-10', { monthlySales: 180_000_000 }),
      ],
      checklistStates: [],
    });
    // 150 jt × 12 = 1.8 M (mikro) → 200 jt × 12 = 2.4 M (kecil); the dip and return count again.
    expect(signals).toEqual([
      { kind: 'size_up', at: '2026-03-10T02:00:00.000Z', source: 'visit', from: 'mikro', to: 'kecil' },
      { kind: 'size_up', at: '2026-05-10T02:00:00.000Z', source: 'visit', from: 'mikro', to: 'kecil' },
    ]);
  });

  it('status naik_kelas is dated by the status edit', () => {
    const graduated = makeBusiness({
      status: 'naik_kelas',
      clocks: { status: clockAt('2026-06-01T01:00:00.000Z') },
    });
    expect(naikKelasSignals({ business: graduated, visits: [], checklistStates: [] })).toEqual([
      { kind: 'status_naik_kelas', at: '2026-06-01T01:00:00.000Z', source: 'profile' },
    ]);
  });

  it('ignores deleted visits and their checklists', () => {
    const first = visitOn('2026-01-10');
    const deleted = visitOn('2026-03-12', { deletedAt: '2026-03-13T00:00:00.000Z' });
    const signals = naikKelasSignals({
      business,
      visits: [first, deleted],
      checklistStates: [
        makeChecklistState({
          businessId: business.id,
          visitId: first.id,
          kind: 'digital_marketing',
          items: {},
        }),
        makeChecklistState({
          businessId: business.id,
          visitId: deleted.id,
          kind: 'digital_marketing',
          items: ticked('qris'),
        }),
      ],
    });
    expect(signals).toEqual([]);
  });
});

describe('fieldChangedAt', () => {
  it('reads the wall time of a field clock and tolerates a missing or broken one', () => {
    expect(fieldChangedAt({ clocks: { status: clockAt('2026-06-01T01:00:00.000Z') } }, 'status')).toBe(
      '2026-06-01T01:00:00.000Z',
    );
    expect(fieldChangedAt({ clocks: {} }, 'status')).toBeNull();
    expect(fieldChangedAt({ clocks: { status: 'not a clock' } }, 'status')).toBeNull();
  });
});
