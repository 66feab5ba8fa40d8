/**
 * Property-based fuzzing of every operation of both OpenAPI documents (issue 7). From each
 * operation's parameter and body schemas fast-check makes requests that are wrong in one known
 * way (a field of the wrong type, a required field missing, an unknown field, a string over its
 * maximum or over the body limit, nesting thousands deep, unicode that breaks patterns, JSON that
 * does not parse, a wrong content type, huge or negative numbers, a path id that is no id) with
 * unicode-heavy strings mixed in, and sends them as the coordinator and as a coach. Invariants:
 * never a 5xx; every 4xx is the JSON error shape with a message (and, for invalid input, the
 * fields to blame); a refused request leaves every data table as it was.
 *
 * Seeded and bounded: FUZZ_RUNS cases per operation from FUZZ_SEED (a failure prints the seed and
 * the shrunk case; set FUZZ_SEED to replay it).
 */
// The app first: city-api-routes.ts calls .openapi() on a shared schema, which needs @hono/zod-openapi loaded before it.
import { startTestServer, type TestServer } from '../../helpers/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokenUses } from '@/server/db/schema';
import { makeApiToken } from '../../helpers/city-api';
import { changedTables, snapshot, type DbSnapshot } from '../../helpers/db-snapshot';

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const FUZZ_RUNS = 15;

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Parameter = { in: 'path' | 'query'; name: string; required?: boolean; schema: Schema };
type Operation = {
  key: string;
  method: string;
  path: string;
  params: Parameter[];
  body: { contentType: string; schema: Schema | null } | null;
};
type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

/** A request that is wrong in one named way. */
type Case = {
  defect: string;
  /** The body field the defect is in, when it is one field. */
  field?: string;
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
};

const UUID = '0193a1c2-7b4e-7c1a-9f3e-2a6b8d0c4e51';
/** Values for the patterns of the API, so the rest of a body is right and only the defect is wrong. */
const PATTERN_SAMPLES: Record<string, string> = {
  '^\\d{2}\\.\\d{2}\\.\\d{2}$': '63.71.01',
  '^\\d{2}\\.\\d{2}\\.\\d{2}\\.[12]\\d{3}$': '63.71.01.1001',
  '^[a-z0-9][a-z0-9._-]{2,39}$': 'fuzz-user',
  '^[0-9a-f]{64}$': 'a'.repeat(64),
  '^\\d{5}$': '10792',
};

/** Strings people paste and attackers craft: bidi controls, joiners, emoji, NUL, lone surrogates. */
const NASTY = [
  '\u202Eكشك\u202C',
  '\u200F\u200E\u061C',
  'a\u200D\u200Db',
  '👩‍👩‍👧‍👦🇮🇩🏳️‍🌈',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301\u0301\u0301\u0301',
  '\uFEFF',
  'ﷺ𒐫꧅',
  "'; DROP TABLE businesses; --",
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
];
const nasty = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 8 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '1e308',
  '-1',
  '-0.5',
  '9007199254740993',
  '123456789012345678901234567890',
];
const BROKEN_JSON = [
  '',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  'undefined',
  '\u0000',
  '{"a":"\\ud800"',
  '\uFEFF{}',
  '[',
  '{}}',
  '{"__proto__":{"polluted":true}}',
  'null',
  '[]',
  '"text"',
  '1e999',
];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/xml',
  'application/json; charset=utf-16',
];

function types(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function sample(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.[0]) return sample(variants[0]);
  const [type] = types(schema).filter((t) => t !== 'null');
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    case 'array':
      return schema.items ? [sample(schema.items)] : [];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uuid') return UUID;
      if (schema.format === 'date-time') return '2026-11-01T08:00:00.000Z';
      if (schema.format === 'date') return '2026-11-01';
      if (schema.pattern) return PATTERN_SAMPLES[schema.pattern] ?? 'x';
      return 'Nilai uji'.padEnd(schema.minLength ?? 0, 'x');
    default:
      return null;
  }
}

/** A value of a type the schema does not take (never null for a nullable field, never a number for a numeric one). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const taken = types(schema);
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (!taken.includes('string')) options.push(nasty);
  if (!taken.includes('integer') && !taken.includes('number'))
    options.push(fc.oneof(fc.integer(), fc.double({ noNaN: true })));
  if (!taken.includes('boolean')) options.push(fc.boolean());
  if (!taken.includes('array')) options.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (!taken.includes('object'))
    options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
  if (!taken.includes('null') && taken.length > 0) options.push(fc.constant(null));
  return fc.oneof(...options);
}

/** Whether any string value breaks the schema (an enum, a pattern or a format): unicode junk then surely does. */
const constrained = (schema: Schema) =>
  types(schema).includes('string') &&
  Boolean(schema.enum ?? schema.pattern ?? (schema.format && schema.format !== 'binary'));

function nested(depth: number, asArray: boolean): string {
  return asArray
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Serialises with raw number text where a defect asks for a number JSON cannot hold as a double. */
function withRaw(body: Record<string, unknown>, field: string, raw: string): string {
  const marker = `"__raw_${field}__"`;
  return JSON.stringify({ ...body, [field]: `__raw_${field}__` }).replace(marker, raw);
}

function caseArbitrary(op: Operation, maxJsonBytes: number): fc.Arbitrary<Case> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const validPath = Object.fromEntries(pathParams.map((p) => [p.name, String(sample(p.schema))]));
  const base = (defect: string): Case => ({ defect, pathValues: validPath, query: [] });
  const defects: Array<fc.Arbitrary<Case>> = [];

  if (pathParams.length > 0) {
    const badId = fc.oneof(
      fc.constantFrom(
        'not-a-uuid',
        '0193a1c2-7b4e-7c1a-9f3e-2a6b8d0c4e5g',
        "1' OR '1'='1",
        '-1',
        '0',
        'null',
        'A'.repeat(64),
        `${RAW}%`,
        `${RAW}%zz`,
        `${RAW}%ED%A0%80`,
        `${RAW}%00`,
        `${RAW}%C0%AF..%C0%AF`,
        `${RAW}..%2F..%2Fetc%2Fpasswd`,
      ),
      nasty,
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^[0-9a-f-]+$/.test(s)),
      fc.integer({ min: 200, max: 5000 }).map((n) => 'f'.repeat(n)),
    );
    defects.push(
      fc.record({ param: fc.constantFrom(...pathParams), value: badId }).map(({ param, value }) => ({
        ...base('path param is no id'),
        pathValues: { ...validPath, [param.name]: value },
        ...(op.body?.schema
          ? { contentType: 'application/json', body: JSON.stringify(sample(op.body.schema)) }
          : {}),
      })),
    );
  }
  if (queryParams.length > 0) {
    const badQuery = (param: Parameter): fc.Arbitrary<string> => {
      const t = types(param.schema);
      const options: Array<fc.Arbitrary<string>> = [
        fc.integer({ min: 1, max: 20 }).map((n) => 'x'.repeat((param.schema.maxLength ?? 4000) + n)),
      ];
      if (t.includes('integer') || t.includes('number'))
        options.push(
          fc.constantFrom('abc', '1.5', '-1', '1e309', '99999999999999999999999', 'NaN', '0x10', ''),
        );
      if (constrained(param.schema)) options.push(nasty);
      return fc.oneof(...options);
    };
    defects.push(
      fc
        .constantFrom(...queryParams)
        .chain((param) =>
          fc.record({ param: fc.constant(param), value: badQuery(param), repeat: fc.boolean() }),
        )
        .map(({ param, value, repeat }) => ({
          ...base(`query ${param.name}`),
          query: repeat
            ? [
                [param.name, value],
                [param.name, value],
              ]
            : [[param.name, value]],
          ...(op.body?.schema
            ? { contentType: 'application/json', body: JSON.stringify(sample(op.body.schema)) }
            : {}),
        })),
    );
  }

  const bodySchema = op.body?.schema;
  if (op.body && bodySchema && types(bodySchema).includes('object')) {
    const valid = sample(bodySchema) as Record<string, unknown>;
    const properties = Object.entries(bodySchema.properties ?? {});
    const json = (defect: string, body: unknown, field?: string): Case => ({
      ...base(defect),
      contentType: 'application/json',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(field ? { field } : {}),
    });
    if (properties.length > 0) {
      defects.push(
        fc
          .constantFrom(...properties)
          .chain(([name, schema]) =>
            wrongType(schema).map((value) => json('wrong type', { ...valid, [name]: value }, name)),
          ),
      );
      defects.push(
        fc
          .constantFrom(...properties)
          .chain(([name]) =>
            fc
              .constantFrom(...RAW_NUMBERS)
              .map((raw) => json('huge or negative number', withRaw(valid, name, raw), name)),
          ),
      );
      defects.push(
        fc
          .record({
            field: fc.constantFrom(...properties),
            depth: fc.integer({ min: 50, max: 9000 }),
            asArray: fc.boolean(),
          })
          .map(({ field: [name], depth, asArray }) =>
            json('deeply nested', withRaw(valid, name, nested(depth, asArray)), name),
          ),
      );
    }
    const required = bodySchema.required ?? [];
    if (required.length > 0) {
      defects.push(
        fc.constantFrom(...required).map((name) => {
          const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));
          return json('missing required field', rest, name);
        }),
      );
    }
    if (bodySchema.additionalProperties === false) {
      defects.push(
        fc
          .record({
            key: fc.oneof(fc.constantFrom('isAdmin', 'organisationId', 'role', '__proto__'), nasty),
            value: fc.jsonValue({ maxDepth: 2 }),
          })
          .filter(({ key }) => !(key in valid))
          .map(({ key, value }) => json('unknown field', { ...valid, [key]: value })),
      );
    }
    const strings = properties.filter(([, schema]) => types(schema).includes('string'));
    const limited = strings.filter(([, schema]) => schema.maxLength !== undefined);
    if (limited.length > 0) {
      defects.push(
        fc
          .record({ field: fc.constantFrom(...limited), extra: fc.integer({ min: 1, max: 50 }), junk: nasty })
          .map(({ field: [name, schema], extra, junk }) =>
            json(
              'string over its maximum',
              {
                ...valid,
                [name]: (junk + 'x'.repeat(schema.maxLength ?? 0)).padEnd(
                  (schema.maxLength ?? 0) + extra,
                  'y',
                ),
              },
              name,
            ),
          ),
      );
    }
    const unicodeTargets = strings.filter(([, schema]) => constrained(schema));
    if (unicodeTargets.length > 0) {
      defects.push(
        fc
          .record({ field: fc.constantFrom(...unicodeTargets), junk: nasty })
          .map(({ field: [name], junk }) =>
            json('unicode where a pattern is', { ...valid, [name]: junk }, name),
          ),
      );
    }
    defects.push(
      fc
        .record({ field: fc.constantFrom('filler', ...properties.map(([name]) => name)), junk: nasty })
        .map(({ field, junk }) =>
          json('over the body limit', {
            ...valid,
            [field]: junk.repeat(Math.ceil((maxJsonBytes + 1024) / junk.length)),
          }),
        ),
    );
    defects.push(fc.constantFrom(...BROKEN_JSON).map((text) => json('invalid JSON', text)));
    defects.push(
      fc.constantFrom(...WRONG_CONTENT_TYPES).map((contentType) => ({
        ...base('wrong content type'),
        contentType,
        body: contentType.includes('urlencoded') ? 'name=x&role=coach' : JSON.stringify(valid),
      })),
    );
  } else if (op.body) {
    // Bytes (a photo, a spreadsheet): not what the route takes, or labelled as something else.
    defects.push(
      fc
        .record({
          bytes: fc.uint8Array({ maxLength: 200 }),
          contentType: fc.constantFrom('application/json', 'text/csv', op.body.contentType),
        })
        .map(({ bytes, contentType }) => ({
          ...base('bytes that are not what the route takes'),
          contentType,
          body: new Uint8Array(bytes),
        })),
    );
  }
  if (defects.length === 0) {
    // Nothing to be wrong about but the request itself: junk query parameters nobody reads, or a body.
    defects.push(
      fc
        .record({ key: nasty, value: nasty })
        .map(({ key, value }) => ({ ...base('unknown query parameter'), query: [[key, value]] })),
    );
    defects.push(
      fc
        .record({
          language: fc.constantFrom('zz-ZZ;q=abc, *;q=-1', ','.repeat(3000), 'id;q=1e400'),
          requestId: fc.integer({ min: 1, max: 8000 }).map((n) => 'r'.repeat(n)),
        })
        .map(({ language, requestId }) => ({
          ...base('odd headers'),
          headers: { 'accept-language': language, 'x-request-id': requestId },
        })),
    );
    // GET and HEAD carry no body (fetch refuses to send one).
    if (op.method !== 'GET' && op.method !== 'HEAD')
      defects.push(
        fc.constantFrom(...BROKEN_JSON).map((text) => ({
          ...base('a body nobody asked for'),
          contentType: 'application/json',
          body: text,
        })),
      );
  }
  return fc.oneof(...defects);
}

/** Values starting with RAW go into the path as they are: broken percent-escapes a client could send. */
const RAW = 'raw:';
/** Percent-encodes a path segment; a lone surrogate becomes its three (invalid UTF-8) bytes, as a sloppy client sends it. */
function pathSegment(value: string): string {
  if (value.startsWith(RAW)) return value.slice(RAW.length);
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | null => {
    if (!schema) return null;
    if (!schema.$ref) return schema;
    return document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] ?? null;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const [contentType] = Object.keys(content);
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: contentType ? { contentType, schema: resolve(content[contentType]?.schema) } : null,
      });
    }
  }
  return operations;
}

type ErrorShape = {
  error?: { code?: unknown; message?: unknown; fields?: Array<{ path?: unknown; message?: unknown }> };
};

describe('fuzzing every endpoint on embedded', () => {
  let s: TestServer;
  let operations: Operation[];
  const tokens: Record<'coordinator' | 'coach', string> = { coordinator: '', coach: '' };
  const maxJsonBytes = 64 * 1024;
  let city = '';

  beforeAll(async () => {
    const generous = { limit: 100_000, windowMs: 60_000 };
    s = await startTestServer('embedded', {
      maxJsonBytes,
      loginRules: { perAccount: generous, perAddress: generous },
    });
    tokens.coordinator = await s.login('koor-a');
    tokens.coach = await s.login('coach-a');
    city = (await makeApiToken(s, tokens.coordinator)).token;
    const seen = new Map<string, Operation>();
    for (const path of ['/api/openapi.json', '/api/v1/openapi.json']) {
      const document = (await (await s.json(path)).json()) as OpenApiDocument;
      for (const op of operationsOf(document)) seen.set(op.key, op);
    }
    operations = [...seen.values()];
  }, 60_000);
  afterAll(async () => {
    await s?.dispose();
  });

  async function send(op: Operation, c: Case, as: 'coordinator' | 'coach' | 'city'): Promise<Response> {
    const path = op.path.replace(/\{([a-zA-Z0-9]+)\}/g, (_, name: string) =>
      pathSegment(c.pathValues[name] ?? ''),
    );
    const query = c.query.length > 0 ? `?${new URLSearchParams(c.query).toString()}` : '';
    // Logging out ends a session: it gets one of its own.
    const token =
      as === 'city'
        ? city
        : op.key === 'POST /api/auth/logout'
          ? await s.login(as === 'coach' ? 'coach-a' : 'koor-a')
          : tokens[as];
    const headers: Record<string, string> = { ...c.headers, authorization: `Bearer ${token}` };
    if (c.contentType) headers['content-type'] = c.contentType;
    return s.app.request(`${path}${query}`, { method: op.method, headers, body: c.body });
  }

  it('answers a JSON route sent another content type with 415 in the error shape (it was a 500)', async () => {
    const res = await s.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ username: 'koor-a', password: 'x' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorShape).error?.code).toBe('malformed_json');
  });

  it('logs a city-API request whose path holds a NUL as sent, and answers 400 (it was a 500)', async () => {
    const res = await s.app.request('/api/v1/businesses/%00', {
      headers: { authorization: `Bearer ${city}` },
    });
    expect(res.status).toBe(400);
    const logged = await s.database.db
      .select({ path: apiTokenUses.path, status: apiTokenUses.status })
      .from(apiTokenUses)
      .where(eq(apiTokenUses.path, '/api/v1/businesses/%00'));
    expect(logged).toEqual([{ path: '/api/v1/businesses/%00', status: 400 }]);
  });

  it('finds operations in both documents', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.some((op) => op.path.startsWith('/api/v1/'))).toBe(true);
  });

  it('answers malformed input to every operation with a 4xx in the error shape, never a 5xx, and changes nothing it refuses', async () => {
    const problems: string[] = [];
    const accepted: string[] = [];
    for (const op of operations) {
      const callers = op.path.startsWith('/api/v1/')
        ? (['city'] as const)
        : (['coordinator', 'coach'] as const);
      let before: DbSnapshot = await snapshot(s.database.db);
      const result = await fc.check(
        fc.asyncProperty(caseArbitrary(op, maxJsonBytes), fc.constantFrom(...callers), async (c, as) => {
          const res = await send(op, c, as);
          const text = await res.text();
          const where = `${op.key} as ${as}, ${c.defect}${c.field ? ` (${c.field})` : ''}: ${res.status}`;
          if (res.status >= 500) throw new Error(`${where} ${text.slice(0, 300)}`);
          if (res.status < 400) {
            accepted.push(where);
            before = await snapshot(s.database.db);
            return;
          }
          if (op.method !== 'HEAD') {
            let body: ErrorShape;
            try {
              body = JSON.parse(text) as ErrorShape;
            } catch {
              throw new Error(`${where} is not JSON: ${text.slice(0, 200)}`);
            }
            const error = body.error;
            if (
              typeof error?.code !== 'string' ||
              typeof error.message !== 'string' ||
              error.message.trim() === ''
            )
              throw new Error(`${where} has no error code and message: ${text.slice(0, 200)}`);
            if (error.code === 'invalid_input' && c.field && c.defect !== 'huge or negative number') {
              const fields = error.fields ?? [];
              if (
                fields.length === 0 ||
                fields.some(
                  (f) => typeof f.path !== 'string' || typeof f.message !== 'string' || f.message === '',
                )
              )
                throw new Error(`${where} blames no field: ${text.slice(0, 300)}`);
            }
          }
          const after = await snapshot(s.database.db);
          const changed = changedTables(before, after);
          if (changed.length > 0) throw new Error(`${where} changed ${changed.join(', ')}`);
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
      );
      if (result.failed) {
        problems.push(
          `${op.key}: seed ${FUZZ_SEED}, path ${result.counterexamplePath ?? '?'}: ${String(result.errorInstance)}\n  case ${fc.stringify(result.counterexample)}`,
        );
      }
    }
    expect(problems).toEqual([]);
    // Malformed input is refused almost always; what passes is a request whose only oddity is ignored
    // (an unknown query parameter, a body on a route that reads none) or text where any text goes.
    expect(accepted.length).toBeLessThan(operations.length * FUZZ_RUNS * 0.5);
  }, 120_000);
});
