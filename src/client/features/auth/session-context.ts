import { createContext } from 'react';
import type { StoredSession } from '@/client/data/session-repository';

export type SessionState =
  | { status: 'loading'; session: null }
  | { status: 'signedOut'; session: null }
  | { status: 'signedIn'; session: StoredSession };

export type SessionContextValue = SessionState & {
  signIn: (session: StoredSession) => Promise<void>;
  signOut: () => Promise<void>;
};

export const SessionContext = createContext<SessionContextValue | null>(null);
