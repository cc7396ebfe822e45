import type { StaffAvailabilityName } from '@patientdesk/contracts';

/** The colour of a colleague's availability badge. */
export const availabilityColour: Record<StaffAvailabilityName, string> = {
  available: 'green',
  busy: 'orange',
  away: 'yellow',
  offline: 'gray',
};
