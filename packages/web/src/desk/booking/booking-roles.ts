import type { StaffRoleName } from '@patientdesk/contracts';

/*
 * Which staff roles book for patients. The server's policy decides every access ('appointment.book');
 * this only keeps the desk from offering buttons it would refuse. Who reads appointments is who
 * reads records (patient-record/patient-roles.ts).
 */

/** Roles that book, move and cancel appointments on a patient's behalf. */
export const appointmentBookers: readonly StaffRoleName[] = ['agent', 'scheduler', 'supervisor'];
