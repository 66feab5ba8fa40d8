/**
 * What a phone sends, built by hand for server tests: a device with its clock and numbered outbox,
 * and whole new rows (a business, a visit) as the app's forms would create them.
 */
import { randomUUID } from 'node:crypto';
import { formatHlc, parseHlc } from '@/shared/sync/hlc';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';

/** A device: its id, its clock and its numbered outbox, as the phone keeps them. */
export function device(node = randomUUID()) {
  let millis = Date.now();
  let next = 1;
  const clock = (offsetMs = 0) => formatHlc({ millis: (millis += 1) + offsetMs, counter: 0, node });
  return {
    clientId: node,
    /** What the phone's clock does on a pull (pull.ts): it moves past every clock it has seen. */
    receive(clocks: Iterable<string>) {
      for (const seen of clocks) millis = Math.max(millis, parseHlc(seen).millis);
    },
    mutation(
      table: string,
      rowId: string,
      fields: Record<string, unknown>,
      options: { op?: 'upsert' | 'delete'; clockOffsetMs?: number; mutationId?: number } = {},
    ) {
      const at = clock(options.clockOffsetMs ?? 0);
      return {
        mutationId: options.mutationId ?? next++,
        table,
        rowId,
        op: options.op ?? 'upsert',
        fields,
        clocks: Object.fromEntries(Object.keys(fields).map((field) => [field, at])),
        schemaVersion: PROTOCOL_VERSION,
        createdAt: new Date().toISOString(),
      };
    },
  };
}

export function newBusiness(createdBy: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Kue Bingka Bu Nur',
    brand: null,
    ownerName: 'Nurhayati',
    ownerNik: null,
    phone: null,
    address: null,
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    location: null,
    sector: 'makanan_olahan',
    kbli: null,
    products: null,
    yearStarted: null,
    employees: null,
    capital: null,
    annualSales: null,
    sizeClass: null,
    legalForm: null,
    licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
    links: [],
    cohort: null,
    assignedCoachId: createdBy,
    status: 'baru',
    isFood: true,
    createdBy,
    ...overrides,
  };
}

export function newVisit(businessId: string, coachId: string, overrides: Record<string, unknown> = {}) {
  return {
    businessId,
    coachId,
    visitedAt: '2026-11-20T02:00:00.000Z',
    kind: 'monitoring',
    topics: ['packaging'],
    notes: 'Kemasan masih plastik polos.',
    problems: '',
    advice: '',
    monthlySales: null,
    employees: null,
    location: null,
    nextVisitOn: null,
    reviewState: 'submitted',
    reviewComment: null,
    coachReply: null,
    ...overrides,
  };
}
