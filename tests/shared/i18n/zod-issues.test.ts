import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { requiredText } from '@/shared/domain/common';
import { licencesSchema } from '@/shared/domain/business';
import { fieldErrors, issueMessage, issuePath } from '@/shared/i18n/zod-issues';

const personSchema = z.strictObject({ name: z.string(), age: z.number().int().min(0).max(150).optional() });

function errorsOf(schema: z.ZodType, input: unknown, language: 'id' | 'en' = 'id') {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be rejected');
  return fieldErrors(result.error, language);
}

describe('zod issues in the user’s language', () => {
  it('names an unknown key', () => {
    expect(errorsOf(personSchema, { name: 'Ani', nickname: 'A' })).toEqual([
      { path: '', message: 'Isian tidak dikenal: nickname.' },
    ]);
  });

  it('names every unknown key, in English too', () => {
    expect(errorsOf(personSchema, { name: 'Ani', a: 1, b: 2 }, 'en')).toEqual([
      { path: '', message: 'Unknown field: a, b.' },
    ]);
  });

  it('says a missing field is required', () => {
    expect(errorsOf(personSchema, {})).toEqual([{ path: 'name', message: 'Wajib diisi.' }]);
    expect(errorsOf(personSchema, {}, 'en')).toEqual([{ path: 'name', message: 'Required.' }]);
  });

  it('says which type was expected when the type is wrong', () => {
    expect(errorsOf(personSchema, { name: 42 }, 'en')).toEqual([
      { path: 'name', message: 'Wrong type of data (expected string).' },
    ]);
  });

  it('treats a blank required text as missing', () => {
    expect(errorsOf(z.object({ name: requiredText(10) }), { name: '   ' }, 'en')).toEqual([
      { path: 'name', message: 'Required.' },
    ]);
  });

  it('maps number bounds to generic messages', () => {
    expect(errorsOf(personSchema, { name: 'Ani', age: 200 }, 'en')).toEqual([
      { path: 'age', message: 'Too large.' },
    ]);
    expect(errorsOf(personSchema, { name: 'Ani', age: -1 }, 'en')).toEqual([
      { path: 'age', message: 'Too small.' },
    ]);
  });

  it('translates catalogue keys set on shared schemas, under the nested path', () => {
    expect(errorsOf(z.object({ licences: licencesSchema }), { licences: { nib: '12' } }, 'en')).toEqual([
      { path: 'licences.nib', message: 'NIB must be 13 digits.' },
    ]);
  });

  it('joins array indexes into the path', () => {
    expect(issuePath(['links', 2, 'value'])).toBe('links.2.value');
  });

  it('falls back to a generic message for other issues', () => {
    const result = z.enum(['a', 'b']).safeParse('c');
    const issue = result.error?.issues[0];
    expect(issue && issueMessage(issue, 'en')).toBe('Invalid value.');
  });
});
