import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '@/client/i18n/load-language';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@/shared/i18n/languages';

export function toLanguage(value: string | undefined | null): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : DEFAULT_LANGUAGE;
}

/** Bahasa Indonesia / English. The i18n instance remembers the choice and sets <html lang>. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className={['language-switch', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={toLanguage(i18n.resolvedLanguage)}
        onChange={(event) => void changeLanguage(i18n, toLanguage(event.target.value))}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
