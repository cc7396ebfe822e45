import type { PortalProfile } from '@patientdesk/contracts';
import { useApiData } from '../../api/use-api-data.ts';
import { usePortalSession } from '../portal-session.tsx';

/** The profile of the patient chosen in the portal's switcher (the person's own by default). */
export function useChosenProfile() {
  const { chosenPatient } = usePortalSession();
  const data = useApiData<PortalProfile>(chosenPatient && `/api/portal/patients/${chosenPatient.id}/profile`);
  return { patient: chosenPatient, ...data };
}
