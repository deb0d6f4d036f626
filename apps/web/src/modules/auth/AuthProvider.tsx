import { CSRF_HEADER, type SessionResponse } from '@permanente/contracts';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { ApiError } from '@web/shared/api/http';
import { authApi } from './api/auth.api';

export type AuthStatus = 'checking' | 'signedOut' | 'signedIn';

interface AuthValue {
  status: AuthStatus;
  session: SessionResponse | null;
  /** Kept in memory only; a reload asks the API for it again. */
  csrfToken: string | null;
  /** The headers to add to a cookie-authenticated write. */
  csrfHeaders(): Record<string, string>;
  /** Rejects with the ApiError of a refusal (401, 429) or a network failure. */
  login(email: string, password: string): Promise<SessionResponse>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

type State =
  | { status: 'checking' | 'signedOut'; session: null }
  | { status: 'signedIn'; session: SessionResponse };

const CHECKING: State = { status: 'checking', session: null };
const SIGNED_OUT: State = { status: 'signedOut', session: null };

/** The staff session: asked once on load, then changed by login and logout. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(CHECKING);

  useEffect(() => {
    const controller = new AbortController();
    // A login finished meanwhile wins over this first answer.
    const settle = (next: State) =>
      setState((current) => (current.status === 'checking' ? next : current));
    authApi.session(controller.signal).then(
      (session) => settle({ status: 'signedIn', session }),
      () => {
        if (!controller.signal.aborted) settle(SIGNED_OUT);
      },
    );
    return () => controller.abort();
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const session = await authApi.login({ email, password });
    setState({ status: 'signedIn', session });
    return session;
  }, []);

  const csrfToken = state.session?.csrfToken ?? null;
  const logout = useCallback(async () => {
    if (csrfToken) {
      try {
        await authApi.logout(csrfToken);
      } catch (error) {
        // Already ended on the server (expired, revoked): signed out all the same.
        if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403))
          throw error;
      }
    }
    setState(SIGNED_OUT);
  }, [csrfToken]);

  const value = useMemo<AuthValue>(
    () => ({
      status: state.status,
      session: state.session,
      csrfToken,
      csrfHeaders: (): Record<string, string> => (csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
      login,
      logout,
    }),
    [state, csrfToken, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
