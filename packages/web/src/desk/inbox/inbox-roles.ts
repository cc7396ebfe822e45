import type { StaffRoleName } from '@patientdesk/contracts';

/*
 * Which staff roles use which inbox pages. The server's policy decides every access; these only
 * keep the interface from offering pages it would refuse.
 */

/** Roles that work the inbox: everyone who answers patients (compliance and admins audit instead). */
export const inboxWorkers: readonly StaffRoleName[] = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
];

/** Roles that see the supervisor's overview of queues, SLAs and colleagues' load. */
export const inboxSupervisors: readonly StaffRoleName[] = ['supervisor'];

/** Roles that may correct a message's triage (lowering an emergency is a clinical judgement). */
export const triageCorrectors: readonly StaffRoleName[] = ['clinician', 'supervisor'];
