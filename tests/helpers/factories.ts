/**
 * Valid records for tests, one factory per synced entity: each returns a row that passes its shared
 * schema, with overrides for what the test is about. Ids are fresh UUIDv7s so rows never collide.
 */
import { uuidv7 } from '@/client/data/uuid';
import type { CityRegions } from '@/client/data/reference-repository';
import { businessFieldsSchema, type Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Visit } from '@/shared/domain/visit';

export const TEST_ORGANISATION_ID = '01900000-0000-7000-8000-0000000000aa';
/** The coach of `makeSession('coach')` in tests/client/render-app.tsx. */
export const TEST_COACH_ID = '01900000-0000-7000-8000-000000000001';
const CREATED = '2026-01-05T08:00:00.000Z';

export function makeBusiness(overrides: Partial<Business> = {}): Business {
  const fields = businessFieldsSchema.parse({
    name: 'Kue Renyah Bu Siti',
    ownerName: 'Siti Rahmah',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    sector: 'makanan_olahan',
    isFood: true,
    assignedCoachId: TEST_COACH_ID,
  });
  return {
    ...fields,
    id: uuidv7(),
    organisationId: TEST_ORGANISATION_ID,
    clocks: {},
    deletedAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    createdBy: TEST_COACH_ID,
    ownerInvite: null,
    ...overrides,
  };
}

export function makeVisit(overrides: Partial<Visit> & { businessId: string }): Visit {
  return {
    coachId: TEST_COACH_ID,
    visitedAt: '2026-03-10T02:30:00.000Z',
    kind: 'monitoring',
    topics: ['packaging'],
    notes: 'Kemasan sudah diganti standing pouch.',
    problems: '',
    advice: '',
    monthlySales: null,
    employees: null,
    location: null,
    nextVisitOn: null,
    reviewState: 'submitted',
    reviewComment: null,
    coachReply: null,
    sharedWithOwner: false,
    ownerSummary: '',
    id: uuidv7(),
    organisationId: TEST_ORGANISATION_ID,
    clocks: {},
    deletedAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function makeFollowUp(overrides: Partial<FollowUp> & { businessId: string }): FollowUp {
  return {
    visitId: null,
    what: 'Daftar NIB lewat OSS',
    who: 'Pemilik',
    dueOn: '2026-03-20',
    doneAt: null,
    assignee: 'owner',
    correction: null,
    resolution: null,
    resolutionNote: null,
    id: uuidv7(),
    organisationId: TEST_ORGANISATION_ID,
    clocks: {},
    deletedAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function makeChecklistState(
  overrides: Partial<ChecklistState> & { businessId: string; visitId: string },
): ChecklistState {
  return {
    kind: 'packaging',
    templateVersion: 1,
    items: {},
    id: uuidv7(),
    organisationId: TEST_ORGANISATION_ID,
    clocks: {},
    deletedAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** Two kecamatan of Banjarmasin with a few real kelurahan each: enough for pickers and filters. */
export const TEST_REGIONS: CityRegions = {
  city: { code: '63.71', name: 'Kota Banjarmasin' },
  districts: [
    {
      code: '63.71.01',
      name: 'Banjarmasin Selatan',
      villages: [
        { code: '63.71.01.1001', name: 'Mantuil' },
        { code: '63.71.01.1002', name: 'Kelayan Selatan' },
        { code: '63.71.01.1003', name: 'Pekauman' },
      ],
    },
    {
      code: '63.71.02',
      name: 'Banjarmasin Timur',
      villages: [
        { code: '63.71.02.1001', name: 'Kuripan' },
        { code: '63.71.02.1002', name: 'Kebun Bunga' },
      ],
    },
  ],
};
