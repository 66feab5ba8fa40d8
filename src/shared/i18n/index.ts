import type { Widen } from './features/bilingual';
import { en } from './en';
import { id } from './id';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';
import { lookup } from './lookup';

/** The shape every catalogue must have: id.ts is the reference. */
export type Catalogue = Widen<typeof id>;

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export const catalogues: Record<Language, Catalogue> = { id, en };

/**
 * Looks up a dotted key (`validation.nib`) and fills `{{name}}` placeholders. Used by the server,
 * which has no i18next; the client uses i18next over the same catalogues.
 */
export function translate(
  language: Language,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const text = lookup(catalogues[language], key);
  if (text === undefined) return key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function isCatalogueKey(key: string): boolean {
  return translate(DEFAULT_LANGUAGE, key) !== key;
}

/** Picks the language from an Accept-Language header by q-weight; Indonesian unless English ranks higher. */
export function languageFromHeader(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const language = LANGUAGES.find((l) => tag === l || tag.startsWith(`${l}-`));
    if (!language) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
