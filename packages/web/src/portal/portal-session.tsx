import type { PortalPatient, SignedIn, SignedInPortalUser } from '@patientdesk/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { ApiRequestError, callApi, onSessionEnded } from '../api/client.ts';
import { useStaffSession } from '../app/staff-session.tsx';

type PortalState =
  /** Nobody asked yet: the portal's session is looked up on the first visit to /portal. */
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: 'sessionEnded' }
  | { status: 'signed-in'; user: SignedInPortalUser };

interface PortalSession {
  state: PortalState;
  /** The verify-code answer: the patient or proxy is now signed in. */
  signedIn(user: SignedInPortalUser): void;
  signOut(): Promise<void>;
  /** The patient the person is acting for now (a proxy may act for several). */
  chosenPatient: PortalPatient | undefined;
  choosePatient(patientId: string): void;
  /** A sign-out that did not go through, until the next attempt. */
  signOutError: unknown;
}

const PortalSessionContext = createContext<PortalSession | undefined>(undefined);

// Only for this tab's visit: on a shared computer the next person should not inherit the choice.
const chosenPatientKey = 'patientdesk.portal.patient';

const stateFor = (me: SignedIn): PortalState =>
  me.kind === 'portal' ? { status: 'signed-in', user: me } : { status: 'signed-out' };

/** The patient to show first: the one chosen earlier in this visit, else the person's own record. */
function pickPatient(patients: PortalPatient[], chosenId: string | null): PortalPatient | undefined {
  return (
    patients.find((patient) => patient.id === chosenId) ??
    patients.find((patient) => patient.relationship === 'self') ??
    patients[0]
  );
}

/**
 * Knows whether a patient or proxy is signed in to the portal, signs them out, and remembers the
 * patient they act for. A browser holds one session: signing in at the desk ends the portal's.
 */
export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<PortalState>({ status: 'idle' });
  const [chosenId, setChosenId] = useState(
    () => globalThis.sessionStorage?.getItem(chosenPatientKey) ?? null,
  );
  const [signOutError, setSignOutError] = useState<unknown>();
  const inPortal = useLocation().pathname.startsWith('/portal');
  const staff = useStaffSession();
  const staffStatus = staff.state.status;
  const refreshStaff = staff.refresh;

  useEffect(() => {
    if (!inPortal || state.status !== 'idle') return;
    setState({ status: 'loading' });
    callApi<SignedIn>('GET', '/api/auth/me').then(
      (me) => setState(stateFor(me)),
      () => setState({ status: 'signed-out' }),
    );
  }, [inPortal, state.status]);

  useEffect(() => {
    if (staffStatus === 'signed-in')
      setState((current) => (current.status === 'signed-in' ? { status: 'signed-out' } : current));
  }, [staffStatus]);

  useEffect(
    () =>
      onSessionEnded(() =>
        setState((current) =>
          current.status === 'signed-in' ? { status: 'signed-out', notice: 'sessionEnded' } : current,
        ),
      ),
    [],
  );

  const signedIn = useCallback(
    (user: SignedInPortalUser) => {
      setSignOutError(undefined);
      setState({ status: 'signed-in', user });
      // The portal's session cookie replaced a staff one in this browser: the desk must know.
      if (staffStatus === 'signed-in') void refreshStaff().catch(() => undefined);
    },
    [staffStatus, refreshStaff],
  );

  const signOut = useCallback(async () => {
    setSignOutError(undefined);
    try {
      await callApi('POST', '/api/auth/sign-out');
    } catch (error) {
      // Claiming a sign-out that did not happen would leave a patient's record open on this screen.
      if (!(error instanceof ApiRequestError && error.status === 401)) {
        setSignOutError(error);
        return;
      }
    }
    sessionStorage.removeItem(chosenPatientKey);
    setChosenId(null);
    setState({ status: 'signed-out' });
  }, []);

  const choosePatient = useCallback((patientId: string) => {
    sessionStorage.setItem(chosenPatientKey, patientId);
    setChosenId(patientId);
  }, []);

  const chosenPatient = state.status === 'signed-in' ? pickPatient(state.user.patients, chosenId) : undefined;
  const value = useMemo(
    () => ({ state, signedIn, signOut, chosenPatient, choosePatient, signOutError }),
    [state, signedIn, signOut, chosenPatient, choosePatient, signOutError],
  );
  return <PortalSessionContext.Provider value={value}>{children}</PortalSessionContext.Provider>;
}

export function usePortalSession(): PortalSession {
  const session = useContext(PortalSessionContext);
  if (!session) throw new Error('usePortalSession must be used inside PortalSessionProvider');
  return session;
}
