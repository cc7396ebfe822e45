import type { StaffRoleName } from '@patientdesk/contracts';

/*
 * Which staff roles use which arrival pages and buttons. The server's policy decides every
 * access; these only keep the interface from offering what it would refuse.
 */

/** Who sees the arrivals board (appointment.read). */
export const arrivalsReaders: readonly StaffRoleName[] = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
];

/** Who checks patients in and marks no-shows (appointment.book). */
export const frontDesk: readonly StaffRoleName[] = ['agent', 'scheduler', 'supervisor'];

/** Who marks visits seen, with follow-up instructions (appointment.attend). */
export const visitAttenders: readonly StaffRoleName[] = ['agent', 'scheduler', 'clinician', 'supervisor'];

/** Who sets up and withdraws kiosks (schedule.manage). */
export const kioskManagers: readonly StaffRoleName[] = ['scheduler', 'supervisor', 'admin'];

/** Who reads the no-show report (appointment.report). */
export const noShowReaders: readonly StaffRoleName[] = ['scheduler', 'supervisor'];
