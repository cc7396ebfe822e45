import type { StaffRoleName } from '@patientdesk/contracts';

/*
 * Which staff roles use which patient pages. The server's policy decides every access; these
 * only keep the interface from offering links and buttons it would refuse.
 */

/** Roles that search and read patient records. */
export const recordReaders: readonly StaffRoleName[] = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
];

/** Roles that see a patient's appointments and the visits they missed (the server's appointment.read). */
export const appointmentReaders: readonly StaffRoleName[] = recordReaders;

/** Roles that register patients and change their details and consents. */
export const registrars: readonly StaffRoleName[] = ['agent', 'scheduler', 'supervisor'];

/** Roles that see who opened a record. */
export const accessHistoryReaders: readonly StaffRoleName[] = ['supervisor', 'compliance'];
