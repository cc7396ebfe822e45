import type { SignedInStaff, StaffSignInRequest } from '@patientdesk/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiRequestError, callApi } from '../api/client.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: 'sessionEnded' }
  | { status: 'signed-in'; staff: SignedInStaff };

interface StaffSession {
  state: SessionState;
  signIn(request: StaffSignInRequest): Promise<void>;
  signOut(): Promise<void>;
  /** The server said the session is over (401, or the live socket closed with 4401). */
  sessionEnded(): void;
}

const StaffSessionContext = createContext<StaffSession | undefined>(undefined);

/** Knows whether a staff member is signed in, and signs them in and out. */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    callApi<SignedInStaff>('GET', '/api/auth/me').then(
      (staff) => setState({ status: 'signed-in', staff }),
      () => setState({ status: 'signed-out' }),
    );
  }, []);

  const signIn = useCallback(async (request: StaffSignInRequest) => {
    const staff = await callApi<SignedInStaff>('POST', '/api/auth/staff/sign-in', request);
    setState({ status: 'signed-in', staff });
  }, []);

  const signOut = useCallback(async () => {
    await callApi('POST', '/api/auth/sign-out').catch((error) => {
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    });
    setState({ status: 'signed-out' });
  }, []);

  const sessionEnded = useCallback(() => setState({ status: 'signed-out', notice: 'sessionEnded' }), []);

  const value = useMemo(
    () => ({ state, signIn, signOut, sessionEnded }),
    [state, signIn, signOut, sessionEnded],
  );
  return <StaffSessionContext.Provider value={value}>{children}</StaffSessionContext.Provider>;
}

export function useStaffSession(): StaffSession {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useStaffSession must be used inside StaffSessionProvider');
  return session;
}
