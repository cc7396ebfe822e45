import type { StaffRoleName } from '@patientdesk/contracts';

/*
 * Which staff roles use the schedule pages. The server's policy (schedule.read, schedule.manage
 * and appointment.read for patients' names) decides every access; these only keep the
 * interface from offering what it would refuse.
 */

/** Roles that read providers' hours, the kinds of visit and the scheduling settings. */
export const scheduleReaders: readonly StaffRoleName[] = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
  'admin',
];

/** Roles that change them. */
export const scheduleManagers: readonly StaffRoleName[] = ['scheduler', 'supervisor', 'admin'];
