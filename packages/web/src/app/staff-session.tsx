import type { SignedIn, SignedInStaff, StaffAvailabilityName, StaffSignInRequest } from '@patientdesk/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiRequestError, callApi, onSessionEnded } from '../api/client.ts';

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
  /** Tells the server whether this staff member can take conversations now. */
  changeAvailability(availability: StaffAvailabilityName): Promise<void>;
  /** An action on the session that did not go through, until the next one succeeds. */
  failure: SessionFailure | undefined;
  /** The server reported this staff member's availability (changed here or in another tab). */
  availabilityChanged(availability: StaffAvailabilityName): void;
}

export interface SessionFailure {
  action: 'changeAvailability' | 'signOut';
  error: unknown;
}

const StaffSessionContext = createContext<StaffSession | undefined>(undefined);

function withAvailability(state: SessionState, availability: StaffAvailabilityName): SessionState {
  return state.status === 'signed-in' ? { ...state, staff: { ...state.staff, availability } } : state;
}

/** Knows whether a staff member is signed in, signs them in and out, and keeps their availability. */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [failure, setFailure] = useState<SessionFailure>();

  useEffect(() => {
    callApi<SignedIn>('GET', '/api/auth/me').then(
      // A patient signed in to the portal in this browser is not signed in to the desk.
      (me) => setState(me.kind === 'staff' ? { status: 'signed-in', staff: me } : { status: 'signed-out' }),
      () => setState({ status: 'signed-out' }),
    );
  }, []);

  // Only a session that was open can end; a 401 while signed out changes nothing.
  const sessionEnded = useCallback(
    () =>
      setState((current) =>
        current.status === 'signed-in' ? { status: 'signed-out', notice: 'sessionEnded' } : current,
      ),
    [],
  );
  useEffect(() => onSessionEnded(sessionEnded), [sessionEnded]);

  const signIn = useCallback(async (request: StaffSignInRequest) => {
    const staff = await callApi<SignedInStaff>('POST', '/api/auth/login', request);
    setFailure(undefined);
    setState({ status: 'signed-in', staff });
  }, []);

  const signOut = useCallback(async () => {
    setFailure(undefined);
    try {
      await callApi('POST', '/api/auth/sign-out');
    } catch (error) {
      // On a shared workstation, claiming a sign-out that did not happen would leave the desk open.
      if (!(error instanceof ApiRequestError && error.status === 401)) {
        setFailure({ action: 'signOut', error });
        return;
      }
    }
    setState({ status: 'signed-out' });
  }, []);

  const availabilityChanged = useCallback(
    (availability: StaffAvailabilityName) => setState((current) => withAvailability(current, availability)),
    [],
  );

  const previousAvailability = state.status === 'signed-in' ? state.staff.availability : undefined;
  const changeAvailability = useCallback(
    async (availability: StaffAvailabilityName) => {
      // Show the choice at once; put the old one back if the server refuses it.
      availabilityChanged(availability);
      setFailure(undefined);
      try {
        await callApi('PUT', '/api/staff/me/availability', { availability });
      } catch (error) {
        if (previousAvailability) availabilityChanged(previousAvailability);
        setFailure({ action: 'changeAvailability', error });
      }
    },
    [availabilityChanged, previousAvailability],
  );

  const value = useMemo(
    () => ({
      state,
      signIn,
      signOut,
      sessionEnded,
      changeAvailability,
      failure,
      availabilityChanged,
    }),
    [state, signIn, signOut, sessionEnded, changeAvailability, failure, availabilityChanged],
  );
  return <StaffSessionContext.Provider value={value}>{children}</StaffSessionContext.Provider>;
}

export function useStaffSession(): StaffSession {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useStaffSession must be used inside StaffSessionProvider');
  return session;
}
