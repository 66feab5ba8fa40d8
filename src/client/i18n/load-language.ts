/**
 * The shared English texts are a chunk of their own: most phones never show them, so the first
 * screen carries Indonesian only. They load before the first render when English was chosen
 * (main.tsx) and when someone switches to English.
 */
import type { i18n as I18n } from 'i18next';
import type { Language } from '@/shared/i18n/languages';

let englishCore: object | null = null;
let englishCoreLoading: Promise<object> | null = null;

export function loadEnglishTexts(): Promise<object> {
  englishCoreLoading ??= import('@/shared/i18n/core-en').then(({ enCore }) => (englishCore = enCore));
  return englishCoreLoading;
}

/** The English shared texts if they have loaded, else null. */
export function loadedEnglishTexts(): object | null {
  return englishCore;
}

/** Switches the interface language, loading its texts first when they are not on the phone yet. */
export async function changeLanguage(i18n: I18n, language: Language): Promise<void> {
  if (language === 'en' && !i18n.exists('app.name', { lng: 'en', fallbackLng: [] })) {
    // A copy: i18next merges later texts into the object it is given.
    i18n.addResourceBundle('en', 'translation', structuredClone(await loadEnglishTexts()), true, false);
  }
  await i18n.changeLanguage(language);
}
