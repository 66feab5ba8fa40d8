import { createContext } from 'react';
import type { StoredSession } from '@/client/data/session-repository';
import type { StoredRejection } from '@/client/sync/sync-meta';

export type SessionState =
  | { status: 'loading'; session: null }
  | { status: 'signedOut'; session: null }
  | { status: 'signedIn'; session: StoredSession };

/**
 * Why the app signed itself out, for the sign-in screen: the account was deactivated, after the
 * phone had handed over everything it had waiting; `rejected` are the entries the server refused
 * (kept on the phone, with the server's reason).
 */
export type SignedOutNotice = { reason: 'accountClosed'; rejected: StoredRejection[] };

export type SessionContextValue = SessionState & {
  signIn: (session: StoredSession) => Promise<void>;
  signOut: () => Promise<void>;
  notice: SignedOutNotice | null;
};

export const SessionContext = createContext<SessionContextValue | null>(null);
