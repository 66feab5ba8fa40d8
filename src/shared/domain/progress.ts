/**
 * A business's progress over time, computed from what the phone holds: its visits, the checklists as
 * ticked at each visit, and its profile. Pure functions (no Dexie, no clock) so the business page,
 * the owner's progress page and the server's dashboards can all compute the same answers.
 *
 * Rules every function here keeps:
 * - Deleted rows (tombstones) never count, and a checklist state counts only through a visit that is
 *   present and not deleted: it is dated by that visit, not by when the row was written.
 * - Series are in time order, oldest first; ties are broken by id so the output is deterministic.
 * - A checklist state is read against the template version it was ticked on; only items that apply
 *   to the business (food or not) count, so a non-food business is not held to label rules.
 */
import type { Business, Licences } from './business';
import type { ChecklistState } from './checklist-state';
import { computeSizeClass, type SizeClass } from './size-class';
import type { Visit } from './visit';
import {
  itemsFor,
  type ChecklistItem,
  type ChecklistKind,
  type ChecklistTemplate,
} from '../checklists/checklist-template';
import { currentTemplate, templateVersion } from '../checklists';
import { clockOf } from '../sync/clocks';
import { parseHlc } from '../sync/hlc';

/** A checklist state placed at the visit it was ticked at. */
export type DatedChecklistState = { visitId: string; visitedAt: string; state: ChecklistState };

function byDateThenId<T extends { visitedAt: string; id: string }>(a: T, b: T): number {
  return a.visitedAt < b.visitedAt
    ? -1
    : a.visitedAt > b.visitedAt
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

/** Visits that count, oldest first. */
export function liveVisitsChronological(visits: readonly Visit[]): Visit[] {
  return visits.filter((visit) => !visit.deletedAt).sort(byDateThenId);
}

/**
 * The states of one checklist kind, each dated by its visit, oldest first. When a visit somehow has
 * two states of the same kind (two devices ticked it offline), the one written last wins.
 */
export function datedStates(
  states: readonly ChecklistState[],
  visits: readonly Visit[],
  kind: ChecklistKind,
): DatedChecklistState[] {
  const visitDates = new Map(liveVisitsChronological(visits).map((visit) => [visit.id, visit.visitedAt]));
  const perVisit = new Map<string, ChecklistState>();
  for (const state of states) {
    if (state.deletedAt || state.kind !== kind || !visitDates.has(state.visitId)) continue;
    const existing = perVisit.get(state.visitId);
    if (!existing || existing.updatedAt < state.updatedAt) perVisit.set(state.visitId, state);
  }
  return [...perVisit.values()]
    .map((state) => ({ visitId: state.visitId, visitedAt: visitDates.get(state.visitId) ?? '', state }))
    .sort((a, b) => byDateThenId({ ...a, id: a.visitId }, { ...b, id: b.visitId }));
}

function templateOf(state: ChecklistState): ChecklistTemplate {
  return templateVersion(state.kind, state.templateVersion) ?? currentTemplate(state.kind);
}

/** One point of a checklist's progress: how much of what applies was done at that visit. */
export type ChecklistProgressPoint = {
  visitId: string;
  visitedAt: string;
  done: number;
  applicable: number;
  /** done / applicable, 0 to 1 (0 when nothing applies). */
  share: number;
};

/** The share of applicable items done at each visit, oldest first. */
export function checklistProgressSeries(
  states: readonly ChecklistState[],
  visits: readonly Visit[],
  kind: ChecklistKind,
  isFood: boolean,
): ChecklistProgressPoint[] {
  return datedStates(states, visits, kind).map(({ visitId, visitedAt, state }) => {
    const applicable = itemsFor(templateOf(state), isFood);
    const done = applicable.filter((item) => state.items[item.id]?.done === true).length;
    return {
      visitId,
      visitedAt,
      done,
      applicable: applicable.length,
      share: applicable.length === 0 ? 0 : done / applicable.length,
    };
  });
}

/** When an item of the current template became true, as far as the visits show. */
export type ItemHistory = {
  item: ChecklistItem;
  /** Ticked at the latest visit that has this checklist. */
  done: boolean;
  /**
   * Start of the current unbroken run of ticks (the visit from which it has stayed ticked), or null
   * when it is not ticked now. When it was ticked at the first visit already, this is that visit:
   * "since at least".
   */
  doneSince: string | null;
  /** The first visit at which it was ever ticked, even if it was unticked later. */
  firstDoneAt: string | null;
  /** Ticked at the very first visit observed, so the date is a lower bound, not when it happened. */
  doneAtFirstObservation: boolean;
};

/**
 * For each item of the current template that applies to the business: whether it is done now and
 * since when ("Logo halal: tercentang sejak 12 Mar 2026"). Items are in template order.
 */
export function itemHistories(
  states: readonly ChecklistState[],
  visits: readonly Visit[],
  kind: ChecklistKind,
  isFood: boolean,
): ItemHistory[] {
  const dated = datedStates(states, visits, kind);
  return itemsFor(currentTemplate(kind), isFood).map((item) => {
    let runStart: string | null = null;
    let firstDoneAt: string | null = null;
    let done = false;
    for (const { visitedAt, state } of dated) {
      done = state.items[item.id]?.done === true;
      if (!done) {
        runStart = null;
        continue;
      }
      runStart ??= visitedAt;
      firstDoneAt ??= visitedAt;
    }
    const firstDate = dated[0]?.visitedAt ?? null;
    return {
      item,
      done,
      doneSince: done ? runStart : null,
      firstDoneAt,
      doneAtFirstObservation: firstDoneAt !== null && firstDoneAt === firstDate,
    };
  });
}

/** Monthly sales (omzet per bulan) as reported at visits. */
export type SalesPoint = { month: string; amount: number; visitId: string; visitedAt: string };

/**
 * One figure per calendar month (`YYYY-MM` of the visit date as stored), oldest first. When several
 * visits in a month report sales, the latest visit's figure stands for the month: it is the owner's
 * most recent answer, not an average of guesses.
 */
export function monthlySalesSeries(visits: readonly Visit[]): SalesPoint[] {
  const perMonth = new Map<string, SalesPoint>();
  for (const visit of liveVisitsChronological(visits)) {
    if (visit.monthlySales === null) continue;
    const month = visit.visitedAt.slice(0, 7);
    perMonth.set(month, { month, amount: visit.monthlySales, visitId: visit.id, visitedAt: visit.visitedAt });
  }
  return [...perMonth.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

export type SalesTrend = {
  first: SalesPoint;
  last: SalesPoint;
  min: number;
  max: number;
  /** (last − first) / first; null when the first figure is 0 (no meaningful ratio). */
  change: number | null;
  direction: 'up' | 'down' | 'flat';
};

/** A summary a sentence can be built from; null with fewer than two months. */
export function salesTrend(series: readonly SalesPoint[]): SalesTrend | null {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last || series.length < 2) return null;
  const amounts = series.map((point) => point.amount);
  const change = first.amount === 0 ? null : (last.amount - first.amount) / first.amount;
  // Within ±2 % is noise in figures owners give from memory.
  const direction =
    last.amount === first.amount || (change !== null && Math.abs(change) < 0.02)
      ? 'flat'
      : last.amount > first.amount
        ? 'up'
        : 'down';
  return { first, last, min: Math.min(...amounts), max: Math.max(...amounts), change, direction };
}

/** A sign that the business is moving up ("naik kelas"), with the date it was seen. */
export type NaikKelasSignal =
  | {
      kind: 'got_nib' | 'got_pirt' | 'got_bpom' | 'got_halal';
      at: string;
      /**
       * 'checklist': the pack first showed the permit number / halal logo at this visit (exact to the
       * visit). 'profile': the licence numbers were last edited on this date; when several licences
       * were edited at different times only the last edit is known, so the date may be later than
       * the real one (never earlier).
       */
      source: 'checklist' | 'profile';
    }
  | { kind: 'started_qris'; at: string; source: 'checklist' }
  | { kind: 'size_up'; at: string; source: 'visit'; from: SizeClass; to: SizeClass }
  | { kind: 'status_naik_kelas'; at: string; source: 'profile' };

export type NaikKelasKind = NaikKelasSignal['kind'];

const SIZE_ORDER: readonly SizeClass[] = ['mikro', 'kecil', 'menengah', 'besar'];

/** The visit at which an item went from not ticked to ticked for the first time (not at the first observation). */
function firstTransition(dated: readonly DatedChecklistState[], itemId: string): string | null {
  let previous: boolean | null = null;
  for (const { visitedAt, state } of dated) {
    const done = state.items[itemId]?.done === true;
    if (previous === false && done) return visitedAt;
    previous = done;
  }
  return null;
}

/** The wall time of a field's clock, as an ISO string; null when the field has no readable clock. */
export function fieldChangedAt(row: { clocks: Record<string, string> }, field: string): string | null {
  const clock = clockOf(row.clocks, field);
  if (!clock) return null;
  try {
    return new Date(parseHlc(clock).millis).toISOString();
  } catch {
    return null;
  }
}

/** A field edit counts as "after registration" when its clock is more than a minute past createdAt. */
const REGISTRATION_SLACK_MS = 60_000;

function editedAfterCreation(business: Business, field: string): string | null {
  const changedAt = fieldChangedAt(business, field);
  if (!changedAt) return null;
  return Date.parse(changedAt) - Date.parse(business.createdAt) > REGISTRATION_SLACK_MS ? changedAt : null;
}

const LICENCE_SIGNALS: ReadonlyArray<{
  licence: keyof Licences;
  kind: 'got_nib' | 'got_pirt' | 'got_bpom' | 'got_halal';
  /** The packaging item that shows this licence on the pack, when there is one. */
  packagingItem: string | null;
}> = [
  { licence: 'nib', kind: 'got_nib', packagingItem: null },
  { licence: 'pirt', kind: 'got_pirt', packagingItem: 'permit_number' },
  { licence: 'bpom', kind: 'got_bpom', packagingItem: 'permit_number' },
  { licence: 'halal', kind: 'got_halal', packagingItem: 'halal_logo' },
];

/**
 * "Naik kelas" signals, oldest first. The phone keeps no history of the profile itself, only the
 * current values and the time each field was last edited (its clock), so each signal uses the best
 * evidence available:
 * - a licence (NIB, P-IRT, BPOM, halal) held now counts as *gained* when the pack's permit number or
 *   halal logo first got ticked at a visit (dated by that visit), otherwise when the licence numbers
 *   were edited after the business was registered (dated by that edit). A licence that was already
 *   in the profile when it was registered, and never edited since, is not a signal: it came before
 *   the coaching.
 * - QRIS: the digital-marketing item `qris` went from not ticked to ticked between two visits.
 * - size class up: the class of the annualised monthly sales reported at visits (× 12, PP 7/2021
 *   sales thresholds) rose from one visit with figures to the next.
 * - status became "naik kelas": the status is naik_kelas now, dated by the status field's last edit
 *   (or the registration when it was registered that way).
 */
export function naikKelasSignals(input: {
  business: Business;
  visits: readonly Visit[];
  checklistStates: readonly ChecklistState[];
}): NaikKelasSignal[] {
  const { business, visits, checklistStates } = input;
  const signals: NaikKelasSignal[] = [];
  const packaging = datedStates(checklistStates, visits, 'packaging');
  const marketing = datedStates(checklistStates, visits, 'digital_marketing');
  const licencesEditedAt = editedAfterCreation(business, 'licences');

  for (const { licence, kind, packagingItem } of LICENCE_SIGNALS) {
    if (!business.licences[licence]) continue;
    const fromPack = packagingItem ? firstTransition(packaging, packagingItem) : null;
    if (fromPack) signals.push({ kind, at: fromPack, source: 'checklist' });
    else if (licencesEditedAt) signals.push({ kind, at: licencesEditedAt, source: 'profile' });
  }

  const qris = firstTransition(marketing, 'qris');
  if (qris) signals.push({ kind: 'started_qris', at: qris, source: 'checklist' });

  let previousClass: SizeClass | null = null;
  for (const visit of liveVisitsChronological(visits)) {
    if (visit.monthlySales === null) continue;
    const sizeClass = computeSizeClass({ annualSales: visit.monthlySales * 12 });
    if (!sizeClass) continue;
    if (previousClass && SIZE_ORDER.indexOf(sizeClass) > SIZE_ORDER.indexOf(previousClass)) {
      signals.push({
        kind: 'size_up',
        at: visit.visitedAt,
        source: 'visit',
        from: previousClass,
        to: sizeClass,
      });
    }
    previousClass = sizeClass;
  }

  if (business.status === 'naik_kelas') {
    signals.push({
      kind: 'status_naik_kelas',
      at: fieldChangedAt(business, 'status') ?? business.createdAt,
      source: 'profile',
    });
  }

  return signals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind < b.kind ? -1 : 1));
}
