import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { createDeskApi, type DeskApi } from './desk-api';

/** The desk's API for the signed-in coordinator (null while the stored session is read). */
export function useDeskApi(): DeskApi | null {
  const session = useLiveQuery(() => loadSession(localDb), []);
  const { i18n } = useTranslation();
  const token = session?.token ?? null;
  const language = i18n.resolvedLanguage ?? 'id';
  return useMemo(() => (token ? createDeskApi(token, language) : null), [token, language]);
}
