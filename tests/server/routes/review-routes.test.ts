import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, visits } from '@/server/db/schema';
import { reviewPageSchema, type ReviewPage } from '@/shared/domain/review';
import { visitSchema, type Visit } from '@/shared/domain/visit';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { syncVersions } from '../../helpers/db-snapshot';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newVisit } from '../../helpers/sync-fixtures';

type Detail = {
  visit: Visit;
  business: { id: string; name: string };
  coach: { id: string; name: string };
  followUps: Array<{ what: string }>;
  checklistStates: Array<{ kind: string }>;
  photos: unknown[];
  history: Array<{
    fromState: string | null;
    toState: string;
    comment: string | null;
    byName: string | null;
  }>;
};
type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('review routes on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;
  let coach: string;
  const phone = device();
  /** Visits coach A pushed, oldest first: [visitedAt, id]. */
  const pushed: Array<{ id: string; visitedAt: string }> = [];

  async function push(mutations: unknown[], cursor = '0') {
    const res = await s.json('/api/sync', {
      method: 'POST',
      token: coach,
      body: { schemaVersion: PROTOCOL_VERSION, clientId: phone.clientId, cursor, mutations },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as {
      rejected: unknown[];
      cursor: string;
      changes: { visits: Array<Visit & { id: string }> };
    };
  }
  async function queue(query = '', token = coordinator): Promise<ReviewPage> {
    const res = await s.json(`/api/review/visits${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return reviewPageSchema.parse(await res.json());
  }
  async function detail(id: string, token = coordinator): Promise<Detail> {
    const res = await s.json(`/api/visits/${id}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Detail;
  }
  function review(id: string, body: Record<string, unknown>, token = coordinator) {
    return s.json(`/api/visits/${id}/review`, { method: 'POST', token, body });
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    coordinator = await s.login('koor-a');
    coach = await s.login('coach-a');
    const days = ['2026-11-18T23:30:00.000Z', '2026-11-19T03:00:00.000Z', '2026-11-20T02:00:00.000Z'];
    const mutations = days.map((visitedAt, i) => {
      const id = randomUUID();
      pushed.push({ id, visitedAt });
      return phone.mutation(
        'visits',
        id,
        newVisit(s.fixture.businessOfCoachA, s.fixture.coachA, {
          visitedAt,
          topics: i === 0 ? ['digital_marketing'] : ['packaging'],
          notes: `Kunjungan ke-${i + 1}: kemasan masih plastik polos.`,
        }),
      );
    });
    expect((await push(mutations)).rejected).toEqual([]);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('lists synced visits newest first with their business and coach, and pages without repeats', async () => {
    const all = await queue();
    expect(all.visits.map((v) => v.id)).toEqual([...pushed].reverse().map((v) => v.id));
    expect(all.visits[0]).toMatchObject({
      businessName: 'Amplang Berkah',
      coachName: 'Coach A',
      reviewState: 'submitted',
      districtCode: '63.71.01',
      photoCount: 0,
      summary: 'Kunjungan ke-3: kemasan masih plastik polos.',
    });

    const seen: string[] = [];
    let page = await queue('?limit=1');
    seen.push(...page.visits.map((v) => v.id));
    while (page.next) {
      page = await queue(`?limit=1&before=${encodeURIComponent(page.next)}`);
      seen.push(...page.visits.map((v) => v.id));
    }
    expect(seen).toEqual(all.visits.map((v) => v.id));
  });

  it('filters by coach, kecamatan, kelurahan, topic, state and calendar days in the city’s time zone (WITA)', async () => {
    const [first, second, third] = pushed.map((v) => v.id);
    expect((await queue(`?coachId=${s.fixture.otherCoachA}`)).visits).toEqual([]);
    expect((await queue(`?coachId=${s.fixture.coachA}`)).visits).toHaveLength(3);
    expect((await queue('?districtCode=63.71.02')).visits).toEqual([]);
    expect((await queue('?villageCode=63.71.01.1001')).visits).toHaveLength(3);
    expect((await queue('?topic=digital_marketing')).visits.map((v) => v.id)).toEqual([first]);
    expect((await queue('?state=approved')).visits).toEqual([]);
    // 2026-11-18T23:30Z is 19 Nov 07:30 in Banjarmasin (UTC+8); 20 Nov 02:00Z is 20 Nov 10:00.
    expect((await queue('?from=2026-11-19&to=2026-11-19')).visits.map((v) => v.id)).toEqual([second, first]);
    expect((await queue('?from=2026-11-20')).visits.map((v) => v.id)).toEqual([third]);
    expect((await queue('?to=2026-11-18')).visits).toEqual([]);
  });

  it('answers bad filters with 400 and the field', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?from=2026-13-01', 'from'],
      ['?from=2026-11-20&to=2026-11-19', 'to'],
      ['?state=draft', 'state'],
      ['?coachId=nope', 'coachId'],
      ['?districtCode=6371', 'districtCode'],
      ['?topic=gossip', 'topic'],
      ['?before=yesterday', 'before'],
      ['?sort=name', ''],
    ];
    for (const [query, field] of cases) {
      const res = await s.json(`/api/review/visits${query}`, { token: coordinator });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('invalid_input');
      if (field)
        expect(
          body.error.fields?.map((f) => f.path),
          query,
        ).toContain(field);
    }
  });

  it('is for coordinators of the same city only', async () => {
    const id = pushed[0]?.id ?? '';
    expect((await s.json('/api/review/visits', { token: coach })).status).toBe(403);
    expect((await s.json(`/api/visits/${id}`, { token: coach })).status).toBe(403);
    const otherCity = await s.login('koor-b');
    expect((await queue('', otherCity)).visits).toEqual([]);
    expect((await s.json(`/api/visits/${id}`, { token: otherCity })).status).toBe(404);
    const before = await detail(id);
    const res = await review(
      id,
      { decision: 'approve', expectedUpdatedAt: before.visit.updatedAt },
      otherCity,
    );
    expect(res.status).toBe(404);
    expect((await detail(id)).visit.reviewState).toBe('submitted');
  });

  it('return → the coach pulls the comment → answers → approve, each step kept with who and when', async () => {
    const id = pushed[2]?.id ?? '';
    const opened = await detail(id);
    expect(opened.business.name).toBe('Amplang Berkah');
    expect(opened.history.map((h) => [h.fromState, h.toState, h.byName])).toEqual([
      [null, 'submitted', 'Coach A'],
    ]);

    // Returning needs a comment: it is what the coach reads.
    const bare = await review(id, { decision: 'return', expectedUpdatedAt: opened.visit.updatedAt });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as ErrorBody).error.fields?.map((f) => f.path)).toEqual(['comment']);

    const { cursor } = await push([]);
    const returned = await review(id, {
      decision: 'return',
      comment: 'Tolong lengkapi omzet bulanan.',
      expectedUpdatedAt: opened.visit.updatedAt,
    });
    expect(returned.status, await returned.clone().text()).toBe(200);
    const afterReturn = visitSchema.parse(((await returned.json()) as { visit: unknown }).visit);
    expect(afterReturn).toMatchObject({
      reviewState: 'returned',
      reviewComment: 'Tolong lengkapi omzet bulanan.',
    });

    // The coach's phone gets the decision on its next sync.
    const pulled = await push([], cursor);
    const onPhone = pulled.changes.visits.find((v) => v.id === id);
    expect(onPhone).toMatchObject({
      reviewState: 'returned',
      reviewComment: 'Tolong lengkapi omzet bulanan.',
    });

    // A second coordinator's decision from the same opened copy is stale: nothing is overwritten.
    const stale = await review(id, { decision: 'approve', expectedUpdatedAt: opened.visit.updatedAt });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as ErrorBody & { visit: Visit };
    expect(staleBody.error.code).toBe('stale_review');
    expect(staleBody.visit.reviewState).toBe('returned');

    // The coach answers on the phone; it syncs as an ordinary edit. The phone's clock has seen the
    // decision's clock in that pull, so the answer sorts after it.
    phone.receive(Object.values(onPhone?.clocks ?? {}));
    const answer = await push(
      [
        phone.mutation('visits', id, {
          monthlySales: 4_500_000,
          coachReply: 'Sudah saya tanyakan: Rp4,5 juta sebulan.',
          reviewState: 'submitted',
        }),
      ],
      pulled.cursor,
    );
    expect(answer.rejected).toEqual([]);

    const reopened = await detail(id);
    expect(reopened.visit).toMatchObject({ reviewState: 'submitted', monthlySales: 4_500_000 });
    const approved = await review(id, { decision: 'approve', expectedUpdatedAt: reopened.visit.updatedAt });
    expect(approved.status, await approved.clone().text()).toBe(200);

    const done = await detail(id);
    expect(done.visit.reviewState).toBe('approved');
    expect(done.history.map((h) => [h.fromState, h.toState, h.comment, h.byName])).toEqual([
      [null, 'submitted', null, 'Coach A'],
      ['submitted', 'returned', 'Tolong lengkapi omzet bulanan.', 'Koor A'],
      ['returned', 'submitted', 'Sudah saya tanyakan: Rp4,5 juta sebulan.', 'Coach A'],
      ['submitted', 'approved', null, 'Koor A'],
    ]);
    expect((await queue('?state=approved')).visits.map((v) => v.id)).toEqual([id]);

    // An approved visit is locked for the coach; the phone gets the server's copy back.
    const late = await push([phone.mutation('visits', id, { notes: 'Ubah setelah disetujui' })]);
    expect(late.rejected).toHaveLength(1);
    const [row] = await s.database.db.select().from(visits).where(eq(visits.id, id));
    expect(row?.notes).toBe('Kunjungan ke-3: kemasan masih plastik polos.');

    const audited = await s.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audited.map((a) => a.action).sort()).toEqual(['visit.approve', 'visit.return']);
  });

  it('refuses a decision its state does not allow, and an unknown visit', async () => {
    const id = pushed[1]?.id ?? '';
    const opened = await detail(id);
    const approved = await review(id, { decision: 'approve', expectedUpdatedAt: opened.visit.updatedAt });
    expect(approved.status).toBe(200);
    const now = await detail(id);
    const again = await review(id, { decision: 'approve', expectedUpdatedAt: now.visit.updatedAt });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('invalid_state');
    // Reopening an approved visit is a return, with a comment.
    const reopened = await review(id, {
      decision: 'return',
      comment: 'Foto kemasan belum ada.',
      expectedUpdatedAt: now.visit.updatedAt,
    });
    expect(reopened.status).toBe(200);

    const missing = await review(randomUUID(), {
      decision: 'approve',
      expectedUpdatedAt: now.visit.updatedAt,
    });
    expect(missing.status).toBe(404);
    const badBody = await review(id, { decision: 'maybe', expectedUpdatedAt: 'kemarin' });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as ErrorBody).error.fields?.map((f) => f.path).sort()).toEqual([
      'decision',
      'expectedUpdatedAt',
    ]);
  });

  it('a refused decision takes no version: stale, unknown and another city’s visit leave every counter as it was', async () => {
    const id = pushed[0]?.id ?? '';
    const opened = await detail(id);
    const before = await syncVersions(s.database.db);
    const stale = await review(id, { decision: 'approve', expectedUpdatedAt: '2026-01-01T00:00:00.000Z' });
    expect(stale.status).toBe(409);
    const unknown = await review(randomUUID(), {
      decision: 'approve',
      expectedUpdatedAt: opened.visit.updatedAt,
    });
    expect(unknown.status).toBe(404);
    const otherCity = await s.login('koor-b');
    const foreign = await review(
      id,
      { decision: 'approve', expectedUpdatedAt: opened.visit.updatedAt },
      otherCity,
    );
    expect(foreign.status).toBe(404);
    expect(await syncVersions(s.database.db)).toEqual(before);
    expect((await detail(id)).visit).toEqual(opened.visit);
  });
});
