import type { StaffAvailabilityName } from '@patientdesk/contracts';

/** The availabilities a staff member can choose, in the order they are offered. */
export const staffAvailabilities: StaffAvailabilityName[] = ['available', 'busy', 'away', 'offline'];
