// @vitest-environment node
/**
 * A feature's texts reach the phone with the code that shows them (src/client/i18n/registry.ts):
 * every client file that names a key of a feature's texts (`t('visits.…')`) must import that
 * feature's registration (`import '@/client/i18n/visits'`), or a screen reached first could show the
 * bare key. The shared texts (core-id.ts) are always there and need no import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { idCore } from '@/shared/i18n/core-id';
import { id } from '@/shared/i18n/id';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLIENT = join(ROOT, 'src', 'client');
const REGISTRARS = join(CLIENT, 'i18n');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === REGISTRARS ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Feature text keys (top-level keys of id.ts that are not shared texts) and their registration modules. */
function featureRegistrars(): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const file of readdirSync(REGISTRARS)) {
    const match = /registerTexts\('(\w+)'/.exec(readFileSync(join(REGISTRARS, file), 'utf8'));
    if (match?.[1]) byKey.set(match[1], `@/client/i18n/${file.replace(/\.ts$/, '')}`);
  }
  return byKey;
}

it('every feature text group except the server-only messages has a registration module', () => {
  const features = Object.keys(id).filter((key) => !(key in idCore));
  const registered = [...featureRegistrars().keys()];
  expect(features.filter((key) => !registered.includes(key))).toEqual(['api']);
  expect(registered.filter((key) => key in idCore)).toEqual([]);
});

it('every client file that names a feature text imports its registration', () => {
  const registrars = featureRegistrars();
  const keys = [...registrars.keys()];
  const uses = new RegExp(`['"\`](${keys.join('|')})\\.[a-zA-Z]`, 'g');
  const missing: string[] = [];
  for (const file of sourceFiles(CLIENT)) {
    const source = readFileSync(file, 'utf8');
    for (const key of new Set([...source.matchAll(uses)].map((m) => m[1] ?? ''))) {
      const module = registrars.get(key) ?? '';
      if (!source.includes(`import '${module}';`)) missing.push(`${relative(ROOT, file)} → ${module}`);
    }
  }
  expect(missing).toEqual([]);
});

it('the phone never shows the server-only messages, so no client file names them', () => {
  const named = sourceFiles(CLIENT).filter((file) => /t\(\s*['"`]api\./.test(readFileSync(file, 'utf8')));
  expect(named.map((file) => relative(ROOT, file))).toEqual([]);
});
