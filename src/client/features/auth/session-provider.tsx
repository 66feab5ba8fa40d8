/**
 * Offline-first sign-in. The stored session (IndexedDB `meta`) is trusted at start so the shell renders
 * at once, with or without signal; the server's opinion is asked in the background whenever the phone is
 * online. Only an explicit 401 signs the person out: a network error, a timeout or a 5xx never does, or a
 * coach would be locked out of her own saved work the moment she walks out of coverage.
 *
 * A deactivated account is the one 401 that does not sign out at once: its phone may still hand
 * over what it saved offline (auth/middleware.ts on the server). The provider asks sync to run,
 * and signs out when sync announces that everything was handed over (sync-events.ts). Nothing on
 * the phone is deleted by signing out; refused entries are shown on the sign-in screen.
 */
import { startTransition, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localDb, readMeta, type LocalDb } from '@/client/data/local-db';
import { clearSession, loadSession, saveSession, type StoredSession } from '@/client/data/session-repository';
import { ACCOUNT_CLOSED_EVENT, requestSync } from '@/client/sync/sync-events';
import { META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { ensurePersistenceAsked, requestPersistentStorage } from '@/client/pwa/storage-persistence';
import { toLanguage } from '@/client/components/language-switch';
import {
  SessionContext,
  type SessionContextValue,
  type SessionState,
  type SignedOutNotice,
} from './session-context';

export function SessionProvider({ children, db = localDb }: { children: ReactNode; db?: LocalDb }) {
  const { i18n } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: 'loading', session: null });
  const [notice, setNotice] = useState<SignedOutNotice | null>(null);
  const sessionRef = useRef<StoredSession | null>(null);

  const apply = useCallback((session: StoredSession | null) => {
    sessionRef.current = session;
    if (session) setNotice(null);
    setState(session ? { status: 'signedIn', session } : { status: 'signedOut', session: null });
  }, []);

  const revalidate = useCallback(async () => {
    const current = sessionRef.current;
    if (!current || (typeof navigator !== 'undefined' && !navigator.onLine)) return;
    // The server calls (and zod, which checks their answers) load only when there is a server to ask.
    // Code that cannot load counts like a network error: the stored session stays.
    const api = await import('./auth-api').catch(() => null);
    if (!api) return;
    const { fetchMe } = api;
    const result = await fetchMe(current.token, toLanguage(i18n.resolvedLanguage));
    if (sessionRef.current?.token !== current.token) return; // signed out or in again meanwhile
    if (result.kind === 'unauthorized' && result.accountClosed) {
      // Deactivated: send what waits first; sync announces when the phone may sign out.
      requestSync();
    } else if (result.kind === 'unauthorized') {
      await clearSession(db);
      apply(null);
    } else if (result.kind === 'ok') {
      const next: StoredSession = { ...current, user: result.user, organisation: result.organisation };
      await saveSession(db, next);
      apply(next);
    }
  }, [apply, db, i18n]);

  useEffect(() => {
    let cancelled = false;
    void loadSession(db)
      .catch(() => null)
      .then((session) => {
        if (cancelled) return;
        // The whole signed-in tree (shell, menu, the first page) is drawn from here: as a transition,
        // React draws it in slices that let the browser in, not as one long task.
        startTransition(() => apply(session));
        if (!session) return;
        void revalidate();
        void ensurePersistenceAsked(db);
      });
    const onOnline = () => void revalidate();
    const onAccountClosed = () => {
      if (!sessionRef.current) return;
      void (async () => {
        const rejected =
          (await readMeta<StoredRejection[]>(db, META_REJECTIONS).catch(() => undefined)) ?? [];
        await clearSession(db);
        apply(null);
        setNotice({ reason: 'accountClosed', rejected });
      })();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener(ACCOUNT_CLOSED_EVENT, onAccountClosed);
    return () => {
      cancelled = true;
      window.removeEventListener('online', onOnline);
      window.removeEventListener(ACCOUNT_CLOSED_EVENT, onAccountClosed);
    };
  }, [apply, db, revalidate]);

  const signIn = useCallback(
    async (session: StoredSession) => {
      await saveSession(db, session);
      apply(session);
      void requestPersistentStorage(db);
      void revalidate();
    },
    [apply, db, revalidate],
  );

  const signOut = useCallback(async () => {
    const current = sessionRef.current;
    await clearSession(db);
    apply(null);
    // Telling the server is best effort (as logout() itself is): this phone is signed out either way.
    if (current)
      await import('./auth-api').then(({ logout }) => logout(current.token)).catch(() => undefined);
  }, [apply, db]);

  const value = useMemo<SessionContextValue>(
    () => ({ ...state, signIn, signOut, notice }),
    [state, signIn, signOut, notice],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
