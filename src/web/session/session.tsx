import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, getJson, sendJson, setCsrfToken } from '../api/client.ts';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

export type Role = 'platform_admin' | 'gad_admin' | 'gad_editor' | 'gad_viewer' | 'central_analyst' | 'association_analyst';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: string | null;
  locale: string;
  position: string | null;
  phone: string | null;
  showAsContact: boolean;
  demo: boolean;
  gad: { id: string; name: string; dpaCode: string; level: string } | null;
}

interface SessionState {
  /** undefined while the first GET /api/me is in flight; null when nobody is signed in. */
  me: Me | null | undefined;
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/**
 * Who is signed in, for the whole UI. The session itself lives in the server's cookie; this only
 * mirrors GET /api/me and keeps the CSRF token that every write must send.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const { user, csrfToken } = await getJson<{ user: Me | null; csrfToken: string | null }>('/auth/session');
      setCsrfToken(csrfToken);
      setMe(user);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.warn('session check failed', error);
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(async (email: string, password: string) => {
    const answer = await sendJson<{ user: Me; csrfToken: string }>('POST', '/auth/login', { email, password });
    setCsrfToken(answer.csrfToken);
    setMe(answer.user);
    // The account's language wins over the browser's last choice once someone signs in.
    if (isLanguage(answer.user.locale)) await changeLanguage(answer.user.locale);
    return answer.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await sendJson('POST', '/auth/logout');
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, signIn, signOut, refresh }), [me, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** What a role may do in the UI; the server decides for real, this only hides what would be refused. */
export const can = {
  edit: (me: Me | null | undefined, gadId?: string) =>
    !!me && (me.role === 'platform_admin' || ((me.role === 'gad_admin' || me.role === 'gad_editor') && (!gadId || me.gad?.id === gadId))),
  administer: (me: Me | null | undefined) => !!me && (me.role === 'platform_admin' || me.role === 'gad_admin'),
  analyse: (me: Me | null | undefined) => !!me && ['platform_admin', 'central_analyst', 'association_analyst'].includes(me.role),
};
