/**
 * Contract tests of the city API (issue 6), generated from the OpenAPI document the app serves:
 * for every /api/v1 operation, the documented examples are called and the answer is checked
 * against the documented schema of the status it came back with (undocumented fields fail too);
 * every documented error status is brought about and its body checked against the error shape.
 * The document is the source of truth: a route that drifts from it fails here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import type { ApiScope } from '@/shared/domain/api-token';
import { ALL_SCOPES, insertBusinesses, insertVisit, makeApiToken, setHorizon } from '../../helpers/city-api';
import {
  checkSchema,
  resolveRef,
  type JsonSchema,
  type SchemaDocument,
} from '../../helpers/json-schema-check';
import { BACKENDS, startTestServer, testDeps, type TestServer } from '../../helpers/server';

type Parameter = {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  example?: unknown;
  schema: JsonSchema;
};
type Response = {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: JsonSchema }>;
};
type Operation = {
  security?: Array<Record<string, unknown>>;
  parameters?: Parameter[];
  responses: Record<string, Response>;
};
type Document = SchemaDocument & { paths: Record<string, Record<string, Operation>> };
type Call = { path: string; method: string; operation: Operation };

const SCOPE_OF: Record<string, ApiScope> = {
  businesses: 'businesses',
  visits: 'visits',
  statistics: 'statistics',
};

const exampleOf = (parameter: Parameter): unknown => parameter.example ?? parameter.schema.example;

/** A value the parameter's schema refuses. */
function invalidValue(parameter: Parameter, document: SchemaDocument): string | null {
  const schema = resolveRef(document, parameter.schema);
  if (schema.format === 'uuid' || schema.format === 'date-time' || typeof schema.pattern === 'string')
    return 'x';
  if (typeof schema.maximum === 'number') return String(schema.maximum + 1);
  if (Array.isArray(schema.enum)) return 'bukan-pilihan';
  return null;
}

describe.each(BACKENDS)('city API contract on %s', (backend) => {
  let s: TestServer;
  let document: Document;
  let calls: Call[];
  let personal: string;
  let businessId: string;

  const withToken = (path: string, token: string | null) =>
    s.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  function url(call: Call, values: Record<string, string>): string {
    let path = call.path;
    const query = new URLSearchParams();
    for (const parameter of call.operation.parameters ?? []) {
      const value = values[parameter.name];
      if (value === undefined) continue;
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
      else if (parameter.in === 'query') query.set(parameter.name, value);
    }
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  }

  /** The answer's body checked against what the document says for its status. */
  async function conforms(call: Call, res: globalThis.Response): Promise<string[]> {
    const documented = call.operation.responses[String(res.status)];
    if (!documented) return [`${call.method} ${call.path}: status ${res.status} is not documented`];
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [`${call.method} ${call.path}: ${res.status} documents no JSON body`];
    return checkSchema(document, schema, await res.json(), { strictObjects: true });
  }

  beforeAll(async () => {
    s = await startTestServer(backend, { cityApiRateLimit: { requests: 10_000, windowMs: 60_000 } });
    const koor = await s.login('koor-a');
    personal = (await makeApiToken(s, koor, { personalData: true })).token;
    // Every field filled on one business, so no nullable branch goes unchecked.
    [businessId = ''] = await insertBusinesses(s.database.db, s.fixture.orgA, 1, {
      brand: 'Berkah Rasa',
      address: 'Jl. Kelayan A No. 12',
      location: { lat: -3.3331, lng: 114.5912, accuracy: 8 },
      products: 'Amplang',
      yearStarted: 2019,
      employees: 3,
      capital: 25_000_000,
      annualSales: 180_000_000,
      sizeClass: 'mikro',
      legalForm: 'perorangan',
      links: [{ kind: 'instagram', value: '@amplang' }],
      cohort: 'WUB 2019',
      assignedCoachId: s.fixture.coachA,
    });
    await insertVisit(s.database.db, {
      organisationId: s.fixture.orgA,
      businessId,
      coachId: s.fixture.coachA,
    });
    document = (await (await s.app.request('/api/openapi.json')).json()) as Document;
    calls = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          path,
          method: method.toUpperCase(),
          operation,
        })),
      );
  }, 120_000);
  afterAll(async () => {
    await s.dispose();
  });

  it('documents the four city routes, each behind the city token and with an example for every parameter and schema', () => {
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'GET /api/v1/businesses',
      'GET /api/v1/businesses/{id}',
      'GET /api/v1/statistics',
      'GET /api/v1/visits',
    ]);
    for (const call of calls) {
      expect(call.operation.security, call.path).toEqual([{ cityToken: [] }]);
      for (const parameter of call.operation.parameters ?? []) {
        const example = exampleOf(parameter);
        expect(example, `${call.path} ${parameter.name}`).toBeDefined();
        expect(checkSchema(document, parameter.schema, example), `${call.path} ${parameter.name}`).toEqual(
          [],
        );
      }
      const success = call.operation.responses['200']?.content?.['application/json']?.schema;
      expect(success, call.path).toBeDefined();
      const named = resolveRef(document, success ?? {});
      expect(named.example, call.path).toBeDefined();
      // Each documented example is itself a valid answer.
      expect(checkSchema(document, named, named.example, { strictObjects: true }), call.path).toEqual([]);
    }
  });

  it('answers the documented examples with a documented status and body', async () => {
    for (const call of calls) {
      const values = Object.fromEntries(
        (call.operation.parameters ?? []).map((p) => [p.name, String(exampleOf(p))]),
      );
      const res = await withToken(url(call, values), personal);
      expect(await conforms(call, res), `${call.path} with examples (${res.status})`).toEqual([]);
    }
  });

  it('answers a real request with 200, the documented body and the documented headers', async () => {
    for (const call of calls) {
      const res = await withToken(url(call, { id: businessId }), personal);
      expect(res.status, call.path).toBe(200);
      for (const header of Object.keys(call.operation.responses['200']?.headers ?? {})) {
        expect(res.headers.get(header), `${call.path} ${header}`).not.toBeNull();
      }
      const body = (await res.clone().json()) as { data?: unknown[] | object };
      if (Array.isArray(body.data)) expect(body.data.length, call.path).toBeGreaterThan(0);
      expect(await conforms(call, res), call.path).toEqual([]);
    }
  });

  it('gives every documented error the error shape, and brings each one about', async () => {
    const koor = await s.login('koor-a');
    for (const call of calls) {
      const scope = SCOPE_OF[call.path.split('/')[3] ?? ''];
      expect(scope, call.path).toBeDefined();
      for (const [status, response] of Object.entries(call.operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = resolveRef(document, response.content?.['application/json']?.schema ?? {});
        const error = resolveRef(
          document,
          (schema.properties as Record<string, JsonSchema> | undefined)?.error ?? {},
        );
        expect(error.required, `${call.path} ${status}`).toEqual(expect.arrayContaining(['code', 'message']));

        let res: globalThis.Response;
        const base = { id: businessId };
        switch (status) {
          case '400': {
            const parameter = (call.operation.parameters ?? []).find(
              (p) => invalidValue(p, document) !== null,
            );
            expect(parameter, `${call.path} has a parameter to get wrong`).toBeDefined();
            res = await withToken(
              url(call, {
                ...base,
                [parameter?.name ?? '']: invalidValue(parameter as Parameter, document) ?? '',
              }),
              personal,
            );
            break;
          }
          case '401':
            res = await withToken(url(call, base), null);
            break;
          case '403': {
            const lacking = await makeApiToken(s, koor, { scopes: ALL_SCOPES.filter((x) => x !== scope) });
            res = await withToken(url(call, base), lacking.token);
            break;
          }
          case '404':
            res = await withToken(url(call, { id: randomUUID() }), personal);
            break;
          case '410': {
            const first = (await (await withToken(url(call, { limit: '1' }), personal)).json()) as {
              next_cursor: string;
            };
            await setHorizon(s.database.db, s.fixture.orgA, Number.MAX_SAFE_INTEGER);
            try {
              res = await withToken(url(call, { cursor: first.next_cursor }), personal);
            } finally {
              await setHorizon(s.database.db, s.fixture.orgA, 0);
            }
            break;
          }
          case '429': {
            const strict = createApp(
              testDeps(s.database, { cityApiRateLimit: { requests: 1, windowMs: 60_000 } }),
            );
            const fresh = await makeApiToken(s, koor);
            const ask = () =>
              strict.request(url(call, base), { headers: { authorization: `Bearer ${fresh.token}` } });
            expect((await ask()).status, call.path).toBe(200);
            res = await ask();
            break;
          }
          default:
            throw new Error(`${call.path}: no way to bring about documented status ${status}`);
        }
        expect(res.status, `${call.path} ${status}`).toBe(Number(status));
        expect(await conforms(call, res), `${call.path} ${status}`).toEqual([]);
      }
    }
  });

  it('would catch an answer that drifts from the document', () => {
    const call = calls.find((c) => c.path === '/api/v1/businesses/{id}');
    const schema = call?.operation.responses['200']?.content?.['application/json']?.schema ?? {};
    const example = resolveRef(document, schema).example as { data: Record<string, unknown> };
    const { id: _id, ...withoutId } = example.data;
    expect(checkSchema(document, schema, { data: withoutId }, { strictObjects: true })).toEqual([
      '$.data: lacks required "id"',
    ]);
    expect(
      checkSchema(document, schema, { data: { ...example.data, extra: 1 } }, { strictObjects: true }),
    ).toEqual(['$.data: has "extra", which the schema does not document']);
    expect(checkSchema(document, schema, { data: { ...example.data, capital: '25000000' } })).toEqual([
      '$.data.capital: is string, not integer | null',
    ]);
  });
});
