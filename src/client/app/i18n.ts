import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { changeLanguage, loadedEnglishTexts } from '@/client/i18n/load-language';
import { attachTexts } from '@/client/i18n/registry';
import { idCore } from '@/shared/i18n/core-id';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@/shared/i18n/languages';

/** Where the chosen UI language is remembered on this device. */
export const LANGUAGE_STORAGE_KEY = 'binaan.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode may refuse storage; the language still applies for this visit.
  }
}

/** One i18next instance over the shared catalogues; Bahasa Indonesia unless the person chose English. */
export function createI18n(language: Language = readStoredLanguage()): I18n {
  const instance = i18next.createInstance();
  // Copies: i18next merges later texts into the objects it is given, and the modules' stay pristine.
  const resources: Record<string, { translation: object }> = { id: { translation: structuredClone(idCore) } };
  const english = loadedEnglishTexts();
  if (english) resources.en = { translation: structuredClone(english) };
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    initAsync: false,
    // Tests fail on a text that is not there (tests/client/setup.ts): a feature that forgot to
    // import its texts (client/i18n/registry.ts) would show the key.
    ...(import.meta.env.MODE === 'test'
      ? {
          saveMissing: true,
          missingKeyHandler: (_languages: readonly string[], _namespace: string, key: string) => {
            (globalThis as { __missingTexts?: string[] }).__missingTexts?.push(key);
          },
        }
      : {}),
  });
  attachTexts(instance);
  document.documentElement.lang = language;
  instance.on('languageChanged', applyLanguage);
  // English chosen but its texts not loaded yet: Indonesian shows until they arrive, then English.
  if (language !== DEFAULT_LANGUAGE && !english) void changeLanguage(instance, language);
  return instance;
}
