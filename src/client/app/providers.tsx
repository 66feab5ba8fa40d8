import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { localDb, type LocalDb } from '@/client/data/local-db';
import { SessionProvider } from '@/client/features/auth/session-provider';
import type { Language } from '@/shared/i18n';
import { createI18n } from './i18n';

/** Everything a page needs from above: translations and the session (which reads the local database). */
export function Providers({
  children,
  db = localDb,
  language,
}: {
  children: ReactNode;
  db?: LocalDb;
  language?: Language;
}) {
  const [i18n] = useState(() => createI18n(language));
  return (
    <I18nextProvider i18n={i18n}>
      <SessionProvider db={db}>{children}</SessionProvider>
    </I18nextProvider>
  );
}
