import type {
  SignedIn,
  SignedInStaff,
  StaffAvailabilityName,
  StaffSignInRequest,
} from '@patientdesk/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiRequestError, callApi, onMfaEnrollmentRequired, onSessionEnded } from '../api/client.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: 'sessionEnded' | 'signedOutEverywhere' }
  | { status: 'signed-in'; staff: SignedInStaff };

interface StaffSession {
  state: SessionState;
  /**
   * Signs in with email, password and, on the second step, the authenticator or recovery code.
   * Throws the API's error: `mfa_required` means the password was right and a code is needed.
   */
  signIn(request: StaffSignInRequest): Promise<void>;
  signOut(): Promise<void>;
  /** Ends every session of this staff member, on every device; throws when it did not happen. */
  signOutEverywhere(): Promise<void>;
  /** Asks the server again who is signed in (after enrolment, or when the session may have changed). */
  refresh(): Promise<void>;
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

// A patient or proxy signed in to the portal in this browser is not signed in to the desk.
const stateFor = (me: SignedIn): SessionState =>
  me.kind === 'staff' ? { status: 'signed-in', staff: me } : { status: 'signed-out' };

/** Knows whether a staff member is signed in, signs them in and out, and keeps their availability. */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [failure, setFailure] = useState<SessionFailure>();

  useEffect(() => {
    callApi<SignedIn>('GET', '/api/auth/me').then(
      (me) => setState(stateFor(me)),
      () => setState({ status: 'signed-out' }),
    );
  }, []);

  const refresh = useCallback(async () => {
    try {
      setState(stateFor(await callApi<SignedIn>('GET', '/api/auth/me')));
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) setState({ status: 'signed-out' });
      else throw error;
    }
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

  // The clinic may switch two-step sign-in on while someone is signed in: lead them to enrolment.
  useEffect(
    () =>
      onMfaEnrollmentRequired(() =>
        setState((current) =>
          current.status === 'signed-in'
            ? {
                ...current,
                staff: {
                  ...current.staff,
                  mfa: { ...current.staff.mfa, required: true, enrollmentRequired: true },
                },
              }
            : current,
        ),
      ),
    [],
  );

  const signIn = useCallback(async (request: StaffSignInRequest) => {
    const signedIn = await callApi<SignedIn>('POST', '/api/auth/login', request);
    setFailure(undefined);
    setState(stateFor(signedIn));
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

  const signOutEverywhere = useCallback(async () => {
    setFailure(undefined);
    try {
      await callApi('POST', '/api/auth/sign-out-everywhere');
    } catch (error) {
      // A 401 means this session was already over; anything else leaves the other devices open.
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    }
    setState({ status: 'signed-out', notice: 'signedOutEverywhere' });
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
      signOutEverywhere,
      refresh,
      sessionEnded,
      changeAvailability,
      failure,
      availabilityChanged,
    }),
    [
      state,
      signIn,
      signOut,
      signOutEverywhere,
      refresh,
      sessionEnded,
      changeAvailability,
      failure,
      availabilityChanged,
    ],
  );
  return <StaffSessionContext.Provider value={value}>{children}</StaffSessionContext.Provider>;
}

export function useStaffSession(): StaffSession {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useStaffSession must be used inside StaffSessionProvider');
  return session;
}
