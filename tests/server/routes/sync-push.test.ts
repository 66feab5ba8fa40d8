import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { businesses, syncConflicts, visits } from '@/server/db/schema';
import { formatHlc, parseHlc } from '@/shared/sync/hlc';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

type Rejection = { mutationId: number; reason: string; detail: string | null; message: string };
type PushAnswer = {
  lastMutationId: number;
  rejected: Rejection[];
  changes: Record<string, Array<Record<string, unknown> & { id: string }>>;
  cursor: string;
  hasMore: boolean;
  serverTime: string;
};

/** A device: its id, its clock and its numbered outbox, as the phone keeps them. */
function device(node = randomUUID()) {
  let millis = Date.now();
  let next = 1;
  const clock = (offsetMs = 0) => formatHlc({ millis: (millis += 1) + offsetMs, counter: 0, node });
  return {
    clientId: node,
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

function newBusiness(createdBy: string, overrides: Record<string, unknown> = {}) {
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

function newVisit(businessId: string, coachId: string, overrides: Record<string, unknown> = {}) {
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

describe.each(BACKENDS)('sync push (POST /api/sync) on %s', (backend) => {
  let s: TestServer;
  let coach: string;

  beforeEach(async () => {
    s = await startTestServer(backend);
    coach = await s.login('coach-a');
  });
  afterEach(async () => {
    await s.dispose();
  });

  async function push(token: string, body: Record<string, unknown>) {
    return s.json('/api/sync', {
      method: 'POST',
      token,
      body: { schemaVersion: PROTOCOL_VERSION, cursor: '0', ...body },
    });
  }
  async function pushOk(token: string, body: Record<string, unknown>): Promise<PushAnswer> {
    const res = await push(token, body);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as PushAnswer;
  }
  const versionOf = async (id: string) =>
    (await s.database.db.select().from(businesses).where(eq(businesses.id, id)))[0]?.version;

  it('applies a new business and its visit once, answers with them, and a replay changes nothing', async () => {
    const phone = device();
    const businessId = randomUUID();
    const visitId = randomUUID();
    const mutations = [
      phone.mutation('businesses', businessId, newBusiness(s.fixture.coachA)),
      phone.mutation('visits', visitId, newVisit(businessId, s.fixture.coachA)),
      phone.mutation('followUps', randomUUID(), {
        businessId,
        visitId,
        what: 'Daftar NIB lewat OSS',
        who: 'Pemilik',
        dueOn: '2026-12-01',
        doneAt: null,
      }),
    ];

    const first = await pushOk(coach, { clientId: phone.clientId, mutations });
    expect(first.lastMutationId).toBe(3);
    expect(first.rejected).toEqual([]);
    expect(first.changes.businesses?.map((row) => row.id)).toContain(businessId);
    expect(first.changes.visits?.find((row) => row.id === visitId)?.notes).toBe(
      'Kemasan masih plastik polos.',
    );
    const version = await versionOf(businessId);

    // The response was lost; the phone sends the same batch again.
    const again = await pushOk(coach, { clientId: phone.clientId, mutations, cursor: first.cursor });
    expect(again.lastMutationId).toBe(3);
    expect(await versionOf(businessId)).toBe(version);
    const stored = await s.database.db.select().from(visits).where(eq(visits.businessId, businessId));
    expect(stored).toHaveLength(1);
  });

  it('refuses a gap with 409 and the last applied number, applying nothing', async () => {
    const phone = device();
    const businessId = randomUUID();
    await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [phone.mutation('businesses', businessId, newBusiness(s.fixture.coachA))],
    });
    const res = await push(coach, {
      clientId: phone.clientId,
      mutations: [phone.mutation('businesses', businessId, { name: 'Lompat' }, { mutationId: 3 })],
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; lastMutationId: number; message: string } };
    expect(body.error).toMatchObject({ code: 'sync_gap', lastMutationId: 1 });
    expect(body.error.message).toContain('nomor 1');
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, businessId));
    expect(row?.name).toBe('Kue Bingka Bu Nur');
  });

  it('rejects a forged or bad mutation with its reason, applies the rest, and repeats the reason on a retry', async () => {
    const phone = device();
    const f = s.fixture;
    const mutations = [
      // Another coach's business.
      phone.mutation('visits', randomUUID(), newVisit(f.businessOfOtherCoachA, f.coachA)),
      // Another city's business.
      phone.mutation('businesses', f.businessOfB, { name: 'Diambil alih' }),
      // A table the server does not have.
      phone.mutation('payments', randomUUID(), { amount: 1 }),
      // A field the server does not know, and one a coach may not write.
      phone.mutation('businesses', f.businessOfCoachA, { secret: 'x' }),
      phone.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA }),
      // A visit the coach approves for themselves.
      phone.mutation(
        'visits',
        randomUUID(),
        newVisit(f.businessOfCoachA, f.coachA, { reviewState: 'approved' }),
      ),
      // A kelurahan outside its kecamatan.
      phone.mutation('businesses', randomUUID(), newBusiness(f.coachA, { villageCode: '63.71.02.1001' })),
      // And one good edit.
      phone.mutation('businesses', f.businessOfCoachA, { phone: '+6281350000001' }),
    ];
    const answer = await pushOk(coach, { clientId: phone.clientId, mutations });
    expect(answer.lastMutationId).toBe(8);
    expect(answer.rejected.map((r) => [r.mutationId, r.reason, r.detail])).toEqual([
      [1, 'forbidden', 'business not assigned to you'],
      [2, 'forbidden', null],
      [3, 'unknownTable', 'payments'],
      [4, 'unknownField', 'secret'],
      [5, 'forbiddenField', 'assignedCoachId'],
      [6, 'forbiddenField', 'reviewState'],
      [7, 'invalid', expect.stringContaining('villageCode')],
    ]);
    expect(answer.rejected[4]?.message).toBe('Anda tidak berhak mengubah isian ini (assignedCoachId).');

    const [mine] = await s.database.db.select().from(businesses).where(eq(businesses.id, f.businessOfCoachA));
    expect(mine).toMatchObject({ phone: '+6281350000001', assignedCoachId: f.coachA });
    const [theirs] = await s.database.db.select().from(businesses).where(eq(businesses.id, f.businessOfB));
    expect(theirs?.name).toBe('Kerupuk Tarakan');
    expect(await s.database.db.select().from(visits)).toHaveLength(0);

    const retry = await pushOk(coach, { clientId: phone.clientId, mutations });
    expect(retry.rejected.map((r) => r.mutationId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('merges field by field: different fields both survive, the later clock wins a field, the loser is kept', async () => {
    const f = s.fixture;
    const coordinator = await s.login('koor-a');
    const coachPhone = device();
    const laptop = device();
    // The coach's edit is older (a day offline) than the coordinator's, on the same field.
    const coachEdits = [
      coachPhone.mutation(
        'businesses',
        f.businessOfCoachA,
        { products: 'Amplang ikan tenggiri' },
        { clockOffsetMs: -60_000 },
      ),
      coachPhone.mutation(
        'businesses',
        f.businessOfCoachA,
        { phone: '+6281350000002' },
        { clockOffsetMs: -60_000 },
      ),
    ];
    await pushOk(coordinator, {
      clientId: laptop.clientId,
      mutations: [
        laptop.mutation('businesses', f.businessOfCoachA, { products: 'Amplang dan kerupuk' }),
        laptop.mutation('businesses', f.businessOfCoachA, { status: 'berkembang' }),
      ],
    });
    const answer = await pushOk(coach, { clientId: coachPhone.clientId, mutations: coachEdits });
    expect(answer.rejected).toEqual([]);

    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, f.businessOfCoachA));
    expect(row).toMatchObject({
      products: 'Amplang dan kerupuk',
      phone: '+6281350000002',
      status: 'berkembang',
    });
    const conflicts = await s.database.db
      .select()
      .from(syncConflicts)
      .where(eq(syncConflicts.rowId, f.businessOfCoachA));
    expect(conflicts.map((c) => [c.field, c.losingValue, c.losingUserId])).toEqual([
      ['products', 'Amplang ikan tenggiri', f.coachA],
    ]);
  });

  it('merges each mutation with what the earlier ones of the same push wrote', async () => {
    const phone = device();
    const f = s.fixture;
    const visitId = randomUUID();
    const answer = await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [
        phone.mutation('visits', visitId, newVisit(f.businessOfCoachA, f.coachA)),
        phone.mutation('visits', visitId, { notes: 'Sudah pakai standing pouch.' }),
        phone.mutation('followUps', randomUUID(), {
          businessId: f.businessOfCoachA,
          visitId,
          what: 'Daftar NIB lewat OSS',
          who: 'Pemilik',
          dueOn: null,
          doneAt: null,
        }),
        phone.mutation('businesses', f.businessOfCoachA, { phone: '+6281350000003' }),
        // Written on the phone before the edit above (an older clock): it loses to it.
        phone.mutation(
          'businesses',
          f.businessOfCoachA,
          { phone: '+6281350000004' },
          { clockOffsetMs: -30_000 },
        ),
      ],
    });
    expect(answer.rejected).toEqual([]);
    const stored = await s.database.db.select().from(visits).where(eq(visits.id, visitId));
    expect(stored.map((row) => row.notes)).toEqual(['Sudah pakai standing pouch.']);
    const [business] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(business?.phone).toBe('+6281350000003');
  });

  it('rejects a mutation naming a malformed id on its own and applies the rest of the push', async () => {
    const phone = device();
    const f = s.fixture;
    const answer = await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [
        phone.mutation('visits', randomUUID(), newVisit('bukan-uuid', f.coachA)),
        phone.mutation('businesses', f.businessOfCoachA, { phone: '+6281350000005' }),
      ],
    });
    expect(answer.lastMutationId).toBe(2);
    expect(answer.rejected.map((r) => r.mutationId)).toEqual([1]);
    const [business] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(business?.phone).toBe('+6281350000005');
  });

  it('pulls a clock more than 60 s ahead back to the server’s time', async () => {
    const phone = device();
    const dayAhead = 24 * 60 * 60 * 1000;
    await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [
        phone.mutation(
          'businesses',
          s.fixture.businessOfCoachA,
          { cohort: 'WUB 2026' },
          { clockOffsetMs: dayAhead },
        ),
      ],
    });
    const [row] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    const stored = parseHlc(row?.clocks.cohort ?? '');
    expect(row?.cohort).toBe('WUB 2026');
    expect(stored.millis).toBeLessThanOrEqual(Date.now());
    expect(stored.millis).toBeGreaterThan(Date.now() - dayAhead);
    expect(stored.node).toBe(phone.clientId);
  });

  it('keeps a deleted row deleted when an older edit arrives later', async () => {
    const phone = device();
    const other = device();
    const businessId = randomUUID();
    await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [
        phone.mutation('businesses', businessId, newBusiness(s.fixture.coachA)),
        phone.mutation('businesses', businessId, { deletedAt: new Date().toISOString() }, { op: 'delete' }),
      ],
    });
    await pushOk(coach, {
      clientId: other.clientId,
      mutations: [
        other.mutation('businesses', businessId, { name: 'Hidup lagi?' }, { clockOffsetMs: -30_000 }),
      ],
    });
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, businessId));
    expect(row?.deletedAt).not.toBeNull();
  });

  it('lets an owner push nothing, a device belong to one user, and a push carry at most 200 mutations', async () => {
    const owner = await s.login('owner-a');
    const phone = device();
    const answer = await pushOk(owner, {
      clientId: phone.clientId,
      mutations: [phone.mutation('businesses', s.fixture.businessOfCoachA, { phone: '+6281350000003' })],
    });
    expect(answer.rejected.map((r) => r.reason)).toEqual(['forbidden']);

    // The owner's device id, reused by the coach.
    const reused = await push(coach, { clientId: phone.clientId, mutations: [] });
    expect(reused.status).toBe(403);

    const many = device();
    const tooMany = Array.from({ length: 201 }, () =>
      many.mutation('businesses', s.fixture.businessOfCoachA, { cohort: 'x' }),
    );
    const res = await push(coach, { clientId: many.clientId, mutations: tooMany });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ path: string }> } };
    expect(body.error.fields[0]?.path).toBe('mutations');
    const [row] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    expect(row?.cohort).toBeNull();
  });
});
