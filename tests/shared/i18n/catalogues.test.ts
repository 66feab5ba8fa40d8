import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogues, isCatalogueKey, languageFromHeader, translate } from '@/shared/i18n';
import { en } from '@/shared/i18n/en';
import { id } from '@/shared/i18n/id';

/** Every dotted leaf key of a catalogue, with its string. */
function leaves(node: object, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(path, value);
    else if (typeof value === 'object' && value !== null) {
      for (const [leaf, text] of leaves(value as object, path)) result.set(leaf, text);
    } else throw new Error(`${path} is neither a string nor a group`);
  }
  return result;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

const SHARED_DIR = fileURLToPath(new URL('../../../src/shared/', import.meta.url));

/** Source files under src/shared that use message keys (the catalogues themselves excluded). */
function sharedSources(): string[] {
  return readdirSync(SHARED_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith('i18n'))
    .map((file) => `${SHARED_DIR}${file}`);
}

describe('message catalogues', () => {
  it('id and en have exactly the same keys, at every depth', () => {
    expect([...leaves(en).keys()].sort()).toEqual([...leaves(id).keys()].sort());
  });

  it('no message is empty', () => {
    for (const catalogue of [id, en]) {
      for (const [key, text] of leaves(catalogue)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('a message has the same placeholders in both languages', () => {
    const english = leaves(en);
    for (const [key, text] of leaves(id)) {
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('every validation key used in src/shared exists in the catalogue', () => {
    const files = sharedSources();
    expect(files.some((file) => file.endsWith('domain/common.ts'))).toBe(true);
    const used = new Set(
      files.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/validation\.[a-zA-Z0-9]+/g)].map((m) => m[0]),
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((key) => !isCatalogueKey(key));
    expect(missing).toEqual([]);
  });
});

describe('translate', () => {
  it('finds a nested key in each language', () => {
    expect(translate('id', 'validation.nib')).toBe(catalogues.id.validation.nib);
    expect(translate('en', 'validation.nib')).toBe('NIB must be 13 digits.');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'validation.unknownField', { keys: 'foo, bar' })).toBe('Unknown field: foo, bar.');
    expect(translate('id', 'api.tooManyAttempts', { seconds: 30 })).toBe(
      'Terlalu banyak percobaan masuk. Coba lagi dalam 30 detik.',
    );
  });

  it('leaves a placeholder without a value empty rather than showing braces', () => {
    expect(translate('en', 'validation.unknownField')).toBe('Unknown field: .');
  });

  it('returns the key itself when there is no such message', () => {
    expect(translate('id', 'validation.noSuchKey')).toBe('validation.noSuchKey');
    expect(translate('id', 'validation')).toBe('validation');
    expect(translate('en', 'validation.nib.deeper')).toBe('validation.nib.deeper');
    expect(isCatalogueKey('Invalid input')).toBe(false);
  });
});

describe('languageFromHeader', () => {
  it.each([
    [undefined, 'id'],
    [null, 'id'],
    ['', 'id'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['en-US,en;q=0.9', 'en'],
    ['EN', 'en'],
    ['fr-FR,fr;q=0.9', 'id'],
    ['id;q=0.1, en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0', 'id'],
  ] as const)('reads %j as %s', (header, expected) => {
    expect(languageFromHeader(header)).toBe(expected);
  });
});
