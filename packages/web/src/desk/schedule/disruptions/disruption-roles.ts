import type { StaffRoleName } from '@patientdesk/contracts';

/** Roles that mark a provider unavailable and follow the rebooking (the server's 'schedule.manage'). */
export const disruptionManagers: readonly StaffRoleName[] = ['scheduler', 'supervisor', 'admin'];
