import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { businesses, syncConflicts, visits } from '@/server/db/schema';
import { applyPush } from '@/server/sync/apply-push';
import { clockOf } from '@/shared/sync/clocks';
import { formatHlc, parseHlc } from '@/shared/sync/hlc';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';
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
    expect(answer.rejected[4]?.message).toBe('Anda tidak berhak mengubah isian ini (Pendamping).');

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
        // A phone whose date runs ten minutes fast: the server pulls this clock back to its own time.
        phone.mutation(
          'businesses',
          f.businessOfCoachA,
          { phone: '+6281350000003' },
          { clockOffsetMs: 10 * 60_000 },
        ),
        // The same phone's next edit, its clock now behind the pulled-back one: it still comes
        // after the edit above, so it wins.
        phone.mutation('businesses', f.businessOfCoachA, { phone: '+6281350000004' }),
      ],
    });
    expect(answer.rejected).toEqual([]);
    const stored = await s.database.db.select().from(visits).where(eq(visits.id, visitId));
    expect(stored.map((row) => row.notes)).toEqual(['Sudah pakai standing pouch.']);
    const [business] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(business?.phone).toBe('+6281350000004');
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

  it('gives a coach who is assigned a business the visits and follow-ups already written under it', async () => {
    const f = s.fixture;
    const [phone, otherPhone, laptop] = [device(), device(), device()];
    const other = await s.login('coach-a2');
    const coordinator = await s.login('koor-a');
    const businessId = randomUUID();
    const visitId = randomUUID();
    const followUpId = randomUUID();
    await pushOk(coach, {
      clientId: phone.clientId,
      mutations: [
        phone.mutation('businesses', businessId, newBusiness(f.coachA)),
        phone.mutation('visits', visitId, newVisit(businessId, f.coachA)),
        phone.mutation('followUps', followUpId, {
          businessId,
          visitId,
          what: 'Urus P-IRT',
          who: 'Pemilik',
          dueOn: null,
          doneAt: null,
        }),
      ],
    });
    // Coach A2 pulls past those versions while the business is not theirs to read.
    const before = await pushOk(other, { clientId: otherPhone.clientId, mutations: [] });
    expect(before.changes.visits?.map((row) => row.id)).not.toContain(visitId);

    await pushOk(coordinator, {
      clientId: laptop.clientId,
      mutations: [
        laptop.mutation(
          'businesses',
          businessId,
          { assignedCoachId: f.otherCoachA },
          { clockOffsetMs: 1_000 },
        ),
      ],
    });
    const after = await pushOk(other, {
      clientId: otherPhone.clientId,
      cursor: before.cursor,
      mutations: [],
    });
    expect(after.changes.businesses?.map((row) => row.id)).toEqual([businessId]);
    expect(after.changes.visits?.map((row) => row.id)).toEqual([visitId]);
    expect(after.changes.followUps?.map((row) => row.id)).toEqual([followUpId]);
  });

  it('sends a refused edit’s row back, so the phone drops its refused value', async () => {
    const phone = device();
    const first = await pushOk(coach, { clientId: phone.clientId, mutations: [] });
    const before = await versionOf(s.fixture.businessOfCoachA);
    const answer = await pushOk(coach, {
      clientId: phone.clientId,
      cursor: first.cursor,
      // A coach may not hand a business to another coach.
      mutations: [
        phone.mutation('businesses', s.fixture.businessOfCoachA, {
          assignedCoachId: s.fixture.otherCoachA,
        }),
      ],
    });
    expect(answer.rejected.map((r) => r.reason)).toEqual(['forbiddenField']);
    expect((await versionOf(s.fixture.businessOfCoachA)) ?? 0).toBeGreaterThan(before ?? 0);
    const sent = answer.changes.businesses?.find((row) => row.id === s.fixture.businessOfCoachA);
    expect(sent?.assignedCoachId).toBe(s.fixture.coachA);
  });

  describe('which replaced texts are kept as conflicts', () => {
    let coordinator: string;
    beforeEach(async () => {
      coordinator = await s.login('koor-a');
    });

    /** A fresh business of coach A with `products` written by a first device; its stored clock. */
    async function startingText() {
      const first = device();
      const rowId = randomUUID();
      await pushOk(coach, {
        clientId: first.clientId,
        mutations: [
          first.mutation('businesses', rowId, newBusiness(s.fixture.coachA, { products: 'Amplang ikan' })),
        ],
      });
      const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, rowId));
      return { rowId, clock: row ? clockOf(row.clocks, 'products') : '' };
    }
    const conflictsOf = async (rowId: string) =>
      (await s.database.db.select().from(syncConflicts).where(eq(syncConflicts.rowId, rowId))).map((c) => [
        c.field,
        c.losingValue,
      ]);

    it('keeps none when the editor had seen the text it replaced', async () => {
      const { rowId, clock } = await startingText();
      const second = device();
      const edit = second.mutation('businesses', rowId, { products: 'Amplang dan kerupuk' });
      await pushOk(coordinator, {
        clientId: second.clientId,
        mutations: [{ ...edit, baseClocks: { products: clock } }],
      });
      expect(await conflictsOf(rowId)).toEqual([]);
    });

    it('keeps the replaced text when the editor had not seen it (a concurrent edit)', async () => {
      const { rowId } = await startingText();
      const second = device();
      const edit = second.mutation('businesses', rowId, { products: 'Amplang dan kerupuk' });
      const olderBase = formatHlc({ millis: Date.now() - 3_600_000, counter: 0, node: second.clientId });
      await pushOk(coordinator, {
        clientId: second.clientId,
        mutations: [{ ...edit, baseClocks: { products: olderBase } }],
      });
      expect(await conflictsOf(rowId)).toEqual([['products', 'Amplang ikan']]);
    });

    it('keeps the replaced text when the entry cannot say what it had seen (an older app)', async () => {
      const { rowId } = await startingText();
      const second = device();
      await pushOk(coordinator, {
        clientId: second.clientId,
        mutations: [second.mutation('businesses', rowId, { products: 'Amplang dan kerupuk' })],
      });
      expect(await conflictsOf(rowId)).toEqual([['products', 'Amplang ikan']]);
    });

    it('keeps none for codes, ids and short fields, even when concurrent', async () => {
      const { rowId } = await startingText();
      const second = device();
      await pushOk(coordinator, {
        clientId: second.clientId,
        mutations: [
          second.mutation('businesses', rowId, {
            phone: '+6281350000009',
            cohort: 'WUB 2026',
            assignedCoachId: s.fixture.otherCoachA,
          }),
        ],
      });
      const third = device();
      await pushOk(coordinator, {
        clientId: third.clientId,
        mutations: [
          third.mutation('businesses', rowId, {
            phone: '+6281350000010',
            cohort: 'WUB 2027',
            assignedCoachId: s.fixture.coachA,
          }),
        ],
      });
      const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, rowId));
      expect(row).toMatchObject({ phone: '+6281350000010', cohort: 'WUB 2027' });
      expect(await conflictsOf(rowId)).toEqual([]);
    });

    it("keeps a losing text even when nothing of its edit wins (a push that waited on another's lock)", async () => {
      const { rowId } = await startingText();
      const [late, early] = [device(), device()];
      const earlierClock = formatHlc({ millis: Date.now() - 60_000, counter: 0, node: early.clientId });
      // The newer edit commits first, stamped with the server's time now.
      await pushOk(coordinator, {
        clientId: late.clientId,
        mutations: [late.mutation('businesses', rowId, { products: 'Kerupuk saja' })],
      });
      // The older one was received a moment earlier (its request's time is earlier) and waited.
      const user = {
        id: s.fixture.coordinatorA,
        organisationId: s.fixture.orgA,
        organisationName: 'Kota A',
        username: 'koordinator',
        name: 'Koordinator',
        role: 'coordinator' as const,
        businessId: null,
        sessionId: 'test',
      };
      const edit = early.mutation('businesses', rowId, { products: 'Amplang tenggiri' });
      await s.database.db.transaction((tx) =>
        applyPush(
          tx as never,
          user,
          early.clientId,
          [{ ...edit, clocks: { products: earlierClock } }],
          new Date(Date.now() - 60_000),
        ),
      );
      const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, rowId));
      expect(row?.products).toBe('Kerupuk saja');
      expect(await conflictsOf(rowId)).toEqual([
        ['products', 'Amplang ikan'],
        ['products', 'Amplang tenggiri'],
      ]);
    });
  });

  describe('the conflict table, in either order of arrival', () => {
    type Device = ReturnType<typeof device>;
    type Sent = ReturnType<Device['mutation']>;
    const at = (millis: number, node: string) => formatHlc({ millis, counter: 0, node });
    const clocked = (mutation: Sent, clock: string): Sent => ({
      ...mutation,
      clocks: Object.fromEntries(Object.keys(mutation.fields).map((field) => [field, clock])),
    });

    /** Two fresh businesses: the first gets `a` then `b`, the second `b` then `a`. */
    async function bothOrders(
      a: { device: Device; write: (rowId: string) => Sent },
      b: { device: Device; write: (rowId: string) => Sent },
    ) {
      const creator = device();
      const rows = [randomUUID(), randomUUID()] as const;
      await pushOk(coach, {
        clientId: creator.clientId,
        mutations: rows.map((id) => creator.mutation('businesses', id, newBusiness(s.fixture.coachA))),
      });
      for (const [rowId, order] of [
        [rows[0], [a, b]],
        [rows[1], [b, a]],
      ] as const) {
        for (const side of order) {
          await pushOk(coach, { clientId: side.device.clientId, mutations: [side.write(rowId)] });
        }
      }
      const stored = await Promise.all(
        rows.map(
          async (id) => (await s.database.db.select().from(businesses).where(eq(businesses.id, id)))[0],
        ),
      );
      return stored;
    }

    it('the same field ends with the later clock', async () => {
      const [a, b] = [device(), device()];
      const t = Date.now();
      const rows = await bothOrders(
        {
          device: a,
          write: (id) =>
            clocked(a.mutation('businesses', id, { products: 'lama' }), at(t + 1_000, a.clientId)),
        },
        {
          device: b,
          write: (id) =>
            clocked(b.mutation('businesses', id, { products: 'baru' }), at(t + 2_000, b.clientId)),
        },
      );
      for (const row of rows) {
        expect(row?.products).toBe('baru');
        expect(row?.clocks.products).toBe(at(t + 2_000, b.clientId));
      }
    });

    it('different fields both survive', async () => {
      const [a, b] = [device(), device()];
      const t = Date.now();
      const rows = await bothOrders(
        {
          device: a,
          write: (id) =>
            clocked(a.mutation('businesses', id, { products: 'Amplang' }), at(t + 2_000, a.clientId)),
        },
        {
          device: b,
          write: (id) =>
            clocked(b.mutation('businesses', id, { cohort: 'WUB 2026' }), at(t + 1_000, b.clientId)),
        },
      );
      for (const row of rows) expect(row).toMatchObject({ products: 'Amplang', cohort: 'WUB 2026' });
    });

    it('equal clocks from two devices are settled by device id', async () => {
      const [a, b] = [device(), device()];
      const t = Date.now() + 1_000;
      const rows = await bothOrders(
        {
          device: a,
          write: (id) => clocked(a.mutation('businesses', id, { products: 'dari A' }), at(t, a.clientId)),
        },
        {
          device: b,
          write: (id) => clocked(b.mutation('businesses', id, { products: 'dari B' }), at(t, b.clientId)),
        },
      );
      const winner = a.clientId > b.clientId ? 'dari A' : 'dari B';
      for (const row of rows) expect(row?.products).toBe(winner);
    });

    it('a delete wins over an edit, even one with a later clock', async () => {
      const [a, b] = [device(), device()];
      const t = Date.now();
      const deletedAt = new Date(t).toISOString();
      const rows = await bothOrders(
        {
          device: a,
          write: (id) =>
            clocked(a.mutation('businesses', id, { deletedAt }, { op: 'delete' }), at(t + 1_000, a.clientId)),
        },
        {
          device: b,
          write: (id) =>
            clocked(b.mutation('businesses', id, { name: 'Hidup lagi' }), at(t + 2_000, b.clientId)),
        },
      );
      for (const row of rows) expect(row?.deletedAt?.toISOString()).toBe(deletedAt);
    });
  });

  it('lets an edit made after a phone with a clock a day ahead win over that phone’s edit', async () => {
    const [fast, later] = [device(), device()];
    const id = s.fixture.businessOfCoachA;
    await pushOk(coach, {
      clientId: fast.clientId,
      mutations: [
        fast.mutation('businesses', id, { cohort: 'Jam cepat' }, { clockOffsetMs: 24 * 60 * 60 * 1000 }),
      ],
    });
    await pushOk(coach, {
      clientId: later.clientId,
      // 30 s ahead: within the tolerance, and later than the server's time when the first push landed.
      mutations: [later.mutation('businesses', id, { cohort: 'WUB 2026' }, { clockOffsetMs: 30_000 })],
    });
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, id));
    expect(row?.cohort).toBe('WUB 2026');
    expect(parseHlc(row?.clocks.cohort ?? '').node).toBe(later.clientId);
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
