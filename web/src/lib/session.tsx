/**
 * Who is using the UI: the admin secret (kept in sessionStorage for this tab only) and the role the
 * server gives it (GET /mj/admin/current). Without a valid secret every page is read-only.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { current } from '../api/admin';
import { ApiError, setRequestSecret } from '../api/client';
import type { Current } from '../api/types';

const STORAGE_KEY = 'mj-proxy.adminSecret';
const HTTP_UNAUTHORIZED = 401;

export interface Session {
  /** undefined while the first check runs. */
  current: Current | undefined;
  /** The server refused the secret kept from earlier in this tab. */
  checkError: string | undefined;
  canChange: boolean;
  signedIn: boolean;
  /** Checks the secret with the server and keeps it; throws ApiError when refused. */
  signIn(secret: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** A server with an admin secret refuses the anonymous check with 401: read-only until signed in. */
async function check(secret: string): Promise<Current> {
  try {
    return await current(secret);
  } catch (error) {
    if (!secret && error instanceof ApiError && error.status === HTTP_UNAUTHORIZED) return { role: 'READ_ONLY', adminSecretSet: true };
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Current>();
  const [secret, setSecret] = useState('');
  const [checkError, setCheckError] = useState<string>();

  const adopt = useCallback((nextSecret: string, next: Current) => {
    if (nextSecret) sessionStorage.setItem(STORAGE_KEY, nextSecret);
    else sessionStorage.removeItem(STORAGE_KEY);
    setRequestSecret(nextSecret);
    setSecret(nextSecret);
    setState(next);
  }, []);

  useEffect(() => {
    const stored = sessionStorage.getItem(STORAGE_KEY) ?? '';
    void check(stored).then((result) => adopt(stored, result), async (error: unknown) => {
      setCheckError(error instanceof Error ? error.message : String(error));
      adopt('', await check('').catch((): Current => ({ role: 'READ_ONLY', adminSecretSet: null })));
    });
  }, [adopt]);

  const signIn = useCallback(async (candidate: string) => {
    adopt(candidate, await current(candidate));
    setCheckError(undefined);
  }, [adopt]);

  const signOut = useCallback(() => {
    void check('').then((result) => adopt('', result), () => adopt('', { role: 'READ_ONLY', adminSecretSet: null }));
  }, [adopt]);

  const value = useMemo<Session>(() => ({
    current: state, checkError, canChange: state?.role === 'ADMIN', signedIn: secret !== '', signIn, signOut,
  }), [state, checkError, secret, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
