/**
 * Texts arrive with the code that shows them. The shared texts (shared/i18n/core-id.ts) are on the
 * first screen; a feature's texts (shared/i18n/features/) are registered when a module that uses
 * them loads: a line `import '@/client/i18n/visits';` in every file that calls `t('visits.…')`.
 * A feature's screens are lazy chunks, so the coach's first screen carries only Today's texts.
 *
 * Registration adds the texts, in both languages, to every i18next instance the app has made and
 * to every one it makes later (tests make one per render).
 */
import type { i18n as I18n } from 'i18next';

export type BilingualTexts = { id: object; en: object };

const registered = new Map<string, BilingualTexts>();
const instances = new Set<WeakRef<I18n>>();

function add(i18n: I18n, key: string, texts: BilingualTexts): void {
  i18n.addResourceBundle('id', 'translation', { [key]: texts.id }, true, true);
  i18n.addResourceBundle('en', 'translation', { [key]: texts.en }, true, true);
}

/** Makes `key.…` texts available to every i18next instance, now and later. */
export function registerTexts(key: string, texts: BilingualTexts): void {
  if (registered.get(key) === texts) return;
  registered.set(key, texts);
  for (const ref of instances) {
    const i18n = ref.deref();
    if (i18n) add(i18n, key, texts);
    else instances.delete(ref);
  }
}

/** Gives a new i18next instance the texts registered so far and those registered later. */
export function attachTexts(i18n: I18n): void {
  instances.add(new WeakRef(i18n));
  for (const [key, texts] of registered) add(i18n, key, texts);
}
