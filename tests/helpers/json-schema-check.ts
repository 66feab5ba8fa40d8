/**
 * A small JSON Schema checker for the subset the app's OpenAPI documents use (3.1, with 3.0's
 * `nullable` too): $ref into components, type (one or a list), enum, const, properties, required,
 * additionalProperties, items, anyOf/oneOf/allOf, string formats (date-time, date, uuid), pattern,
 * lengths and bounds. The contract tests check answers against the served document with it, so the
 * document, not the code, is what answers are held to.
 *
 * `strictObjects`: a property an object schema does not name is an error even without
 * `additionalProperties: false`, so an answer cannot carry an undocumented field.
 */
export type JsonSchema = Record<string, unknown>;
export type SchemaDocument = { components?: { schemas?: Record<string, JsonSchema> } };

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

export function resolveRef(document: SchemaDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error('$ref loop');
    const ref = current.$ref as string;
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name ? document.components?.schemas?.[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${ref}`);
    current = target;
  }
  return current;
}

/** Every way `value` breaks `schema`, as `path: problem` lines (empty when it conforms). */
export function checkSchema(
  document: SchemaDocument,
  schema: JsonSchema,
  value: unknown,
  options: { strictObjects?: boolean } = {},
  path = '$',
): string[] {
  const s = resolveRef(document, schema);
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${path}: ${message}`);
  const nested = (sub: JsonSchema, v: unknown, p: string) => checkSchema(document, sub, v, options, p);

  if (s.nullable === true && value === null) return [];
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf as JsonSchema[]) errors.push(...nested(sub, value, path));
  if (Array.isArray(s.anyOf)) {
    const fits = (s.anyOf as JsonSchema[]).some((sub) => nested(sub, value, path).length === 0);
    if (!fits) fail(`matches none of anyOf (${JSON.stringify(value)?.slice(0, 80)})`);
  }
  if (Array.isArray(s.oneOf)) {
    const fits = (s.oneOf as JsonSchema[]).filter((sub) => nested(sub, value, path).length === 0).length;
    if (fits !== 1) fail(`matches ${fits} of oneOf, not exactly one`);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => typeMatches(value, type))) {
      fail(`is ${typeOf(value)}, not ${types.join(' | ')}`);
      return errors;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => option === value)) {
    fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if ('const' in s && s.const !== value) fail(`is not ${JSON.stringify(s.const)}`);

  if (typeof value === 'string') {
    if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format]?.test(value)) {
      fail(`"${value}" is not a ${s.format}`);
    }
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
      fail(`"${value}" does not match ${s.pattern}`);
    }
    if (typeof s.minLength === 'number' && value.length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) fail(`longer than ${s.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      fail(`not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      fail(`not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(`more than ${s.maxItems} items`);
    if (s.items && typeof s.items === 'object') {
      value.forEach((item, i) => errors.push(...nested(s.items as JsonSchema, item, `${path}[${i}]`)));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (s.required ?? []) as string[]) {
      if (!(key in object)) fail(`lacks required "${key}"`);
    }
    for (const [key, item] of Object.entries(object)) {
      const property = properties[key];
      if (property) errors.push(...nested(property, item, `${path}.${key}`));
      else if (s.additionalProperties === false) fail(`has "${key}", which is not allowed`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        errors.push(...nested(s.additionalProperties as JsonSchema, item, `${path}.${key}`));
      } else if (options.strictObjects && s.properties)
        fail(`has "${key}", which the schema does not document`);
    }
  }
  return errors;
}
