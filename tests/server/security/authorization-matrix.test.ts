/**
 * The authorization matrix (issue 7): every operation of the OpenAPI documents × every kind of
 * caller × (for operations on one row) whose row it is. The expected answer of each cell is
 * written down in MATRIX below; the test asks the server every cell and fails on any difference,
 * on an operation the table does not classify (a new route must be added here), and on a table
 * entry no longer in the documents. Each request is valid, so a cell's answer is the route's
 * authorization decision (or, for an allowed caller, the answer of a real call), never a 400.
 * Every refused call of a mutating operation must leave the data tables exactly as they were.
 */
// The app first: city-api-routes.ts calls .openapi() on a shared schema, which needs @hono/zod-openapi loaded before it.
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../helpers/server';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businesses, photos, users, visits } from '@/server/db/schema';
import { importJobSchema } from '@/shared/domain/import';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { FIXTURE_DIR } from '../../fixtures/import/make-fixtures';
import { ALL_SCOPES, insertBusinesses, insertVisit, makeApiToken } from '../../helpers/city-api';
import { changedTables, snapshot } from '../../helpers/db-snapshot';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

const CALLERS = ['anonymous', 'coachA', 'coachA2', 'koorA', 'koorB', 'ownerA', 'apiToken'] as const;
type Caller = (typeof CALLERS)[number];
/** Whose row an operation on one row is asked about: coach-a's (of their business), another of city A, one of city B. */
const TARGETS = ['own', 'sameCity', 'otherCity'] as const;
type TargetName = (typeof TARGETS)[number];

type PerCaller = Record<Caller, number>;
/** For an operation on one row: the answers for [own, sameCity, otherCity]. */
type PerCallerAndTarget = Record<Caller, readonly [number, number, number]>;

// prettier-ignore
const row = (anonymous: number, coachA: number, coachA2: number, koorA: number, koorB: number, ownerA: number, apiToken: number): PerCaller =>
  ({ anonymous, coachA, coachA2, koorA, koorB, ownerA, apiToken });

/** A coordinator-only operation on one row: other cities' rows are 404, everyone else 401/403. */
const COORDINATOR_ROW: PerCallerAndTarget = {
  anonymous: [401, 401, 401],
  coachA: [403, 403, 403],
  coachA2: [403, 403, 403],
  koorA: [200, 200, 404],
  koorB: [404, 404, 200],
  ownerA: [403, 403, 403],
  apiToken: [401, 401, 401],
};
const coordinatorRow = (ok: number): PerCallerAndTarget => ({
  ...COORDINATOR_ROW,
  koorA: [ok, ok, 404],
  koorB: [404, 404, ok],
});

/**
 * The expected answers. Callers: anonymous (no token), coach-a, coach-a2 (another coach of city A),
 * koor-a (coordinator of A), koor-b (coordinator of B), owner-a (owner of coach-a's business), and a
 * city-API token of A with every scope. A `bnn_` token is no session: outside /api/v1 it is 401.
 */
// prettier-ignore
const MATRIX: Record<string, PerCaller | PerCallerAndTarget> = {
  // row(anonymous, coachA, coachA2, koorA, koorB, ownerA, apiToken); one-row operations give [own, sameCity, otherCity].
  'GET /api/health': row(200, 200, 200, 200, 200, 200, 200),
  'GET /api/public/config': row(200, 200, 200, 200, 200, 200, 200),
  'POST /api/auth/login': row(200, 200, 200, 200, 200, 200, 200),
  'POST /api/auth/logout': row(401, 204, 204, 204, 204, 204, 401),
  // Public; an unknown code is 404 `invite_unknown` whoever asks.
  'POST /api/invites/preview': row(404, 404, 404, 404, 404, 404, 404),
  'POST /api/invites/accept': row(404, 404, 404, 404, 404, 404, 404),
  'GET /api/me': row(401, 200, 200, 200, 200, 200, 401),
  'GET /api/users': row(401, 403, 403, 200, 200, 403, 401),
  'POST /api/users': row(401, 403, 403, 201, 201, 403, 401),
  // Targets: the owner account of coach-a's business, another coach of A, a coach of B.
  'POST /api/users/{id}/password': COORDINATOR_ROW,
  'POST /api/users/{id}/deactivate': COORDINATOR_ROW,
  'POST /api/users/{id}/activate': COORDINATOR_ROW,
  'GET /api/businesses': row(401, 200, 200, 200, 200, 200, 401),
  // Targets: coach-a's business, coach-a2's business, a business of B.
  'GET /api/businesses/{id}': {
    anonymous: [401, 401, 401],
    coachA: [200, 404, 404],
    coachA2: [404, 200, 404],
    koorA: [200, 200, 404],
    koorB: [404, 404, 200],
    ownerA: [200, 404, 404],
    apiToken: [401, 401, 401],
  },
  'GET /api/audit': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/reference/regions': row(401, 200, 200, 200, 200, 200, 401),
  'GET /api/review/visits': row(401, 403, 403, 200, 200, 403, 401),
  // Targets: a visit of coach-a to their business, of coach-a2 to theirs, one in B.
  'GET /api/visits/{id}': COORDINATOR_ROW,
  'POST /api/visits/{id}/review': COORDINATOR_ROW,
  'GET /api/dashboard': row(401, 403, 403, 200, 200, 403, 401),
  'PUT /api/organisation/coverage-target': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/map/points': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/exports/businesses': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/exports/visits': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/exports/follow-ups': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/exports/checklists': row(401, 403, 403, 200, 200, 403, 401),
  'POST /api/imports': row(401, 403, 403, 201, 201, 403, 401),
  // Targets: two imports of A, one of B (an import belongs to the city, not to a coach).
  'GET /api/imports/{id}': COORDINATOR_ROW,
  'DELETE /api/imports/{id}': coordinatorRow(204),
  'PUT /api/imports/{id}/mapping': COORDINATOR_ROW,
  'GET /api/imports/{id}/preview': COORDINATOR_ROW,
  'PUT /api/imports/{id}/decisions': COORDINATOR_ROW,
  'POST /api/imports/{id}/commit': COORDINATOR_ROW,
  'GET /api/imports/{id}/report': COORDINATOR_ROW,
  'GET /api/desk/businesses': row(401, 403, 403, 200, 200, 403, 401),
  'GET /api/desk/caseloads': row(401, 403, 403, 200, 200, 403, 401),
  // Gives coach-a's business to coach-a again. For koor-b coach-a is no coach of theirs: 400 on `coachId`
  // (the coach is looked up in the caller's city first; nothing of city A is revealed).
  'POST /api/assignments': row(401, 403, 403, 200, 400, 403, 401),
  'POST /api/businesses/{id}/status': COORDINATOR_ROW,
  'POST /api/businesses/{id}/merge': COORDINATOR_ROW,
  'GET /api/sync/changes': row(401, 200, 200, 200, 200, 200, 401),
  'POST /api/sync': row(401, 200, 200, 200, 200, 200, 401),
  // Bytes are shared by hash: HEAD says only whether the server already has them (to skip an upload).
  'HEAD /api/blobs/{sha256}': {
    anonymous: [401, 401, 401],
    coachA: [200, 200, 200],
    coachA2: [200, 200, 200],
    koorA: [200, 200, 200],
    koorB: [200, 200, 200],
    ownerA: [200, 200, 200],
    apiToken: [401, 401, 401],
  },
  // Uploading bytes the server already has changes nothing (200); owners may not upload.
  'PUT /api/blobs/{sha256}': {
    anonymous: [401, 401, 401],
    coachA: [200, 200, 200],
    coachA2: [200, 200, 200],
    koorA: [200, 200, 200],
    koorB: [200, 200, 200],
    ownerA: [403, 403, 403],
    apiToken: [401, 401, 401],
  },
  // The bytes go to whoever may read a photo that uses them. Targets: photos of the three businesses.
  'GET /api/blobs/{sha256}': {
    anonymous: [401, 401, 401],
    coachA: [200, 404, 404],
    coachA2: [404, 200, 404],
    koorA: [200, 200, 404],
    koorB: [404, 404, 200],
    ownerA: [200, 404, 404],
    apiToken: [401, 401, 401],
  },
  'GET /api/tokens': row(401, 403, 403, 200, 200, 403, 401),
  'POST /api/tokens': row(401, 403, 403, 201, 201, 403, 401),
  // Targets: two tokens of A, one of B.
  'POST /api/tokens/{id}/revoke': COORDINATOR_ROW,
  'GET /api/tokens/{id}/uses': COORDINATOR_ROW,
  // The city API takes its own tokens only: a session is 401 there.
  'GET /api/v1/businesses': row(401, 401, 401, 401, 401, 401, 200),
  'GET /api/v1/businesses/{id}': {
    anonymous: [401, 401, 401],
    coachA: [401, 401, 401],
    coachA2: [401, 401, 401],
    koorA: [401, 401, 401],
    koorB: [401, 401, 401],
    ownerA: [401, 401, 401],
    apiToken: [200, 200, 404],
  },
  'GET /api/v1/visits': row(401, 401, 401, 401, 401, 401, 200),
  'GET /api/v1/statistics': row(401, 401, 401, 401, 401, 401, 200),
};

const USERNAMES: Record<Exclude<Caller, 'anonymous' | 'apiToken'>, string> = {
  coachA: 'coach-a',
  coachA2: 'coach-a2',
  koorA: 'koor-a',
  koorB: 'koor-b',
  ownerA: 'owner-a',
};

type Target = { id: string; organisationId: string; duplicateId?: string };
type Targets = Record<TargetName, Target>;
type Kind = 'user' | 'business' | 'visit' | 'import' | 'token' | 'blob';
type Built = { path?: string; body?: BodyInit; contentType?: string };

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

function kindOf(path: string): Kind | null {
  if (!path.includes('{')) return null;
  if (path.startsWith('/api/users/')) return 'user';
  if (path.startsWith('/api/businesses/') || path.startsWith('/api/v1/businesses/')) return 'business';
  if (path.startsWith('/api/visits/')) return 'visit';
  if (path.startsWith('/api/imports/')) return 'import';
  if (path.startsWith('/api/tokens/')) return 'token';
  if (path.startsWith('/api/blobs/')) return 'blob';
  throw new Error(`no target kind for ${path}: classify it in authorization-matrix.test.ts`);
}

/** Operations that change their row so much (deleted, merged, reviewed…) that each cell gets a new one. */
const FRESH_TARGETS = new Set([
  'POST /api/visits/{id}/review',
  'DELETE /api/imports/{id}',
  'PUT /api/imports/{id}/mapping',
  'PUT /api/imports/{id}/decisions',
  'POST /api/imports/{id}/commit',
  'POST /api/businesses/{id}/status',
  'POST /api/businesses/{id}/merge',
  'POST /api/tokens/{id}/revoke',
]);

const json = (value: unknown): Built => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
});

// The embedded database only: the whole matrix is ~700 requests, and the table is about the routes'
// decisions, which do not depend on the backend (tests/server/auth/authorization.test.ts runs on both).
describe('the authorization matrix on embedded', () => {
  let s: TestServer;
  const tokens: Partial<Record<Caller, string>> = {};
  let spec: Map<string, string>;
  let shared: Record<Kind, Targets>;
  const photoBytes = new Map<string, ArrayBuffer>();
  /** Refused calls of mutating operations that changed a data table (none expected). */
  const changes: string[] = [];
  let serial = 0;

  const updatedAt = async (table: typeof businesses | typeof visits, id: string) => {
    const [found] = await s.database.db.select({ at: table.updatedAt }).from(table).where(eq(table.id, id));
    if (!found) throw new Error(`no row ${id}`);
    return found.at.toISOString();
  };

  const csvUpload = readFileSync(join(FIXTURE_DIR, 'umkm-utf8-bom.csv'));
  async function newImport(token: string, organisationId: string): Promise<Target> {
    const res = await s.app.request('/api/imports', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-file-name': 'matrix.csv',
      },
      body: new Uint8Array(csvUpload),
    });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
    return { id: ((await res.json()) as { id: string }).id, organisationId };
  }
  async function newToken(coordinator: string, organisationId: string): Promise<Target> {
    return { id: (await makeApiToken(s, coordinator)).apiToken.id, organisationId };
  }
  async function newBusiness(organisationId: string, coachId: string | null): Promise<Target> {
    const [id, duplicateId] = await insertBusinesses(s.database.db, organisationId, 2, {
      assignedCoachId: coachId,
    });
    if (!id || !duplicateId) throw new Error('no business');
    return { id, organisationId, duplicateId };
  }

  const coordinatorOf = (target: Target | null) =>
    (target?.organisationId === s.fixture.orgB ? tokens.koorB : tokens.koorA) ?? '';

  /** An import that may be committed: its errors skipped and its likely duplicates left out. */
  async function readyToCommit(targets: Targets): Promise<Targets> {
    for (const target of Object.values(targets)) {
      const res = await s.json(`/api/imports/${target.id}/decisions`, {
        method: 'PUT',
        token: coordinatorOf(target),
        body: { duplicates: 'skip', skipErrors: true },
      });
      if (res.status !== 200) throw new Error(`decisions: ${res.status} ${await res.text()}`);
    }
    return targets;
  }

  async function makeTargets(kind: Kind): Promise<Targets> {
    const f = s.fixture;
    const koorA = tokens.koorA ?? '';
    const koorB = tokens.koorB ?? '';
    switch (kind) {
      case 'business':
        return {
          own: await newBusiness(f.orgA, f.coachA),
          sameCity: await newBusiness(f.orgA, f.otherCoachA),
          otherCity: await newBusiness(f.orgB, null),
        };
      case 'visit': {
        const visit = async (organisationId: string, businessId: string, coachId: string) => ({
          id: await insertVisit(s.database.db, { organisationId, businessId, coachId }),
          organisationId,
        });
        return {
          own: await visit(f.orgA, f.businessOfCoachA, f.coachA),
          sameCity: await visit(f.orgA, f.businessOfOtherCoachA, f.otherCoachA),
          otherCity: await visit(f.orgB, f.businessOfB, f.coordinatorB),
        };
      }
      case 'import':
        return {
          own: await newImport(koorA, f.orgA),
          sameCity: await newImport(koorA, f.orgA),
          otherCity: await newImport(koorB, f.orgB),
        };
      case 'token':
        return {
          own: await newToken(koorA, f.orgA),
          sameCity: await newToken(koorA, f.orgA),
          otherCity: await newToken(koorB, f.orgB),
        };
      default:
        return shared[kind];
    }
  }

  /** A valid request of each operation that needs more than its path. */
  async function build(operation: string, target: Target | null): Promise<Built> {
    const f = s.fixture;
    serial += 1;
    switch (operation) {
      case 'POST /api/auth/login':
        return json({ username: 'coach-a', password: TEST_PASSWORD });
      case 'POST /api/invites/preview':
        return json({ code: 'K7QM-2D9X-H4RT-W8NC' });
      case 'POST /api/invites/accept':
        return json({ code: 'K7QM-2D9X-H4RT-W8NC', secret: '482913' });
      case 'POST /api/users':
        return json({ username: `matrix-${serial}`, name: 'Pendamping Baru', role: 'coach' });
      case 'POST /api/visits/{id}/review':
        return json({
          decision: 'approve',
          comment: null,
          expectedUpdatedAt: await updatedAt(visits, target?.id ?? ''),
        });
      case 'PUT /api/organisation/coverage-target':
        return json({ target: 250 });
      case 'POST /api/imports':
        return { body: new Uint8Array(csvUpload), contentType: 'application/octet-stream' };
      case 'PUT /api/imports/{id}/mapping': {
        const res = await s.json(`/api/imports/${target?.id ?? ''}`, { token: coordinatorOf(target) });
        return json({ mapping: importJobSchema.parse(await res.json()).mapping });
      }
      case 'PUT /api/imports/{id}/decisions':
        return json({ rows: [], duplicates: 'skip', skipErrors: true });
      case 'POST /api/assignments':
        return json({ coachId: f.coachA, target: { kind: 'selection', businessIds: [f.businessOfCoachA] } });
      case 'POST /api/businesses/{id}/status':
        return json({
          status: 'berkembang',
          expectedUpdatedAt: await updatedAt(businesses, target?.id ?? ''),
        });
      case 'POST /api/businesses/{id}/merge':
        return json({
          duplicateId: target?.duplicateId,
          take: ['phone'],
          expectedUpdatedAt: await updatedAt(businesses, target?.id ?? ''),
          expectedDuplicateUpdatedAt: await updatedAt(businesses, target?.duplicateId ?? ''),
        });
      case 'POST /api/sync':
        return json({ clientId: randomUUID(), schemaVersion: PROTOCOL_VERSION, cursor: '0', limit: 0 });
      case 'PUT /api/blobs/{sha256}':
        return { body: photoBytes.get(target?.id ?? ''), contentType: 'image/jpeg' };
      case 'POST /api/tokens':
        return json({ name: `Sistem ${serial}`, scopes: ALL_SCOPES, personalData: false });
      default:
        return {};
    }
  }

  async function ask(operation: string, caller: Caller, target: Target | null): Promise<number> {
    const [method = 'GET', template = ''] = operation.split(' ');
    const built = await build(operation, target);
    const path = target ? template.replace(/\{[a-z0-9]+\}/, target.id) : template;
    const headers: Record<string, string> = {};
    // Logging out ends the session: each caller logs out a session of its own made for the purpose.
    const token =
      operation === 'POST /api/auth/logout' && caller !== 'anonymous' && caller !== 'apiToken'
        ? await s.login(USERNAMES[caller])
        : tokens[caller];
    if (token) headers.authorization = `Bearer ${token}`;
    if (built.contentType) headers['content-type'] = built.contentType;
    const mutating = method !== 'GET' && method !== 'HEAD';
    const before = mutating ? await snapshot(s.database.db) : null;
    const res = await s.app.request(path, { method, headers, body: built.body });
    await res.arrayBuffer();
    if (before && res.status >= 400) {
      const after = await snapshot(s.database.db);
      const changed = changedTables(before, after);
      if (changed.length > 0)
        changes.push(`${operation} as ${caller} (${res.status}) changed ${changed.join(', ')}`);
    }
    return res.status;
  }

  beforeAll(async () => {
    const generous = { limit: 100_000, windowMs: 60_000 };
    s = await startTestServer('embedded', {
      loginRules: { perAccount: generous, perAddress: generous },
    });
    for (const [caller, username] of Object.entries(USERNAMES))
      tokens[caller as Caller] = await s.login(username);
    tokens.apiToken = (await makeApiToken(s, tokens.koorA ?? '', { scopes: ALL_SCOPES })).token;

    spec = new Map();
    for (const document of ['/api/openapi.json', '/api/v1/openapi.json']) {
      const res = await s.json(document);
      expect(res.status).toBe(200);
      const { paths } = (await res.json()) as OpenApiDocument;
      for (const [path, operations] of Object.entries(paths))
        for (const method of Object.keys(operations)) spec.set(`${method.toUpperCase()} ${path}`, path);
    }

    const f = s.fixture;
    const [passwordHash] = await s.database.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, f.coachA));
    const account = async (organisationId: string, role: 'coach' | 'owner', businessId: string | null) => {
      const id = randomUUID();
      await s.database.db.insert(users).values({
        id,
        organisationId,
        username: `target-${id.slice(0, 8)}`,
        name: 'Sasaran',
        role,
        passwordHash: passwordHash?.hash ?? '',
        businessId,
      });
      return { id, organisationId };
    };
    const photo = async (fill: number, organisationId: string, businessId: string, uploader: string) => {
      const jpeg = await jpegPhoto(2048, fill);
      photoBytes.set(jpeg.sha256, jpeg.bytes);
      const put = await s.app.request(`/api/blobs/${jpeg.sha256}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${uploader}`, 'content-type': 'image/jpeg' },
        body: jpeg.bytes,
      });
      expect(put.status).toBe(201);
      await s.database.db.insert(photos).values({
        id: randomUUID(),
        organisationId,
        version: 1,
        sha256: jpeg.sha256,
        mimeType: 'image/jpeg',
        byteSize: jpeg.byteSize,
        width: jpeg.width,
        height: jpeg.height,
        kind: 'premises',
        businessId,
        takenAt: new Date(),
      });
      return { id: jpeg.sha256, organisationId };
    };
    const business = (id: string, organisationId: string) => ({ id, organisationId });
    shared = {
      business: {
        own: business(f.businessOfCoachA, f.orgA),
        sameCity: business(f.businessOfOtherCoachA, f.orgA),
        otherCity: business(f.businessOfB, f.orgB),
      },
      user: {
        own: await account(f.orgA, 'owner', f.businessOfCoachA),
        sameCity: await account(f.orgA, 'coach', null),
        otherCity: await account(f.orgB, 'coach', null),
      },
      blob: {
        own: await photo(1, f.orgA, f.businessOfCoachA, tokens.coachA ?? ''),
        sameCity: await photo(2, f.orgA, f.businessOfOtherCoachA, tokens.coachA2 ?? ''),
        otherCity: await photo(3, f.orgB, f.businessOfB, tokens.koorB ?? ''),
      },
    } as Record<Kind, Targets>;
    for (const kind of ['visit', 'import', 'token'] as const) shared[kind] = await makeTargets(kind);
  }, 60_000);
  afterAll(async () => {
    await s?.dispose();
  });

  it('classifies every operation of both OpenAPI documents, and nothing else', () => {
    const documented = [...spec.keys()].sort();
    expect(
      documented.filter((operation) => !(operation in MATRIX)),
      'operations missing from MATRIX',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((operation) => !spec.has(operation)),
      'stale MATRIX rows',
    ).toEqual([]);
  });

  it('every caller gets the answer the table gives, for every row, and a refused change changes nothing', async () => {
    const differences: string[] = [];
    let cells = 0;
    for (const [operation, template] of spec) {
      const expected = MATRIX[operation];
      if (!expected) continue;
      const kind = kindOf(template);
      for (const caller of CALLERS) {
        const cell = expected[caller];
        if (kind === null) {
          const status = await ask(operation, caller, null);
          cells += 1;
          if (status !== cell)
            differences.push(`${operation} as ${caller}: ${status}, table says ${String(cell)}`);
          continue;
        }
        if (typeof cell === 'number')
          throw new Error(`${operation} works on one row: give [own, sameCity, otherCity]`);
        const fresh = FRESH_TARGETS.has(operation) ? await makeTargets(kind) : shared[kind];
        const targets = operation === 'POST /api/imports/{id}/commit' ? await readyToCommit(fresh) : fresh;
        for (const [index, name] of TARGETS.entries()) {
          const status = await ask(operation, caller, targets[name]);
          cells += 1;
          if (status !== cell[index])
            differences.push(`${operation} as ${caller} on ${name}: ${status}, table says ${cell[index]}`);
        }
      }
    }
    expect(differences).toEqual([]);
    expect(changes).toEqual([]);
    expect(cells).toBeGreaterThan(CALLERS.length * spec.size);
  }, 120_000);
});
