import type { StaffRoleName } from '@patientdesk/contracts';

/** A page of the administration area and the staff roles that may use it. */
export interface AdminSection {
  /** Names the section's texts: `adminNav.<id>`. */
  id: 'users' | 'sessions' | 'tokens' | 'audit' | 'emergencyAccess' | 'outbox' | 'settings';
  /** Under /admin. */
  path: string;
  roles: readonly StaffRoleName[];
}

/**
 * The sections, in the order of the side navigation. The roles mirror the server's policy
 * (server/src/domains/access/policy.ts: staff.read, staff.manage, api-tokens.manage, audit.read,
 * emergency-access.review, outbox.read, organization.settings.update). The server decides; this
 * only keeps the interface from offering what it would refuse.
 */
export const adminSections: readonly AdminSection[] = [
  { id: 'users', path: 'users', roles: ['supervisor', 'compliance', 'admin'] },
  { id: 'sessions', path: 'sessions', roles: ['admin'] },
  { id: 'tokens', path: 'tokens', roles: ['admin'] },
  { id: 'audit', path: 'audit', roles: ['compliance', 'admin'] },
  // Only compliance: review is a check on everyone else, administrators included.
  { id: 'emergencyAccess', path: 'emergency-access', roles: ['compliance'] },
  { id: 'outbox', path: 'outbox', roles: ['admin'] },
  { id: 'settings', path: 'settings', roles: ['admin'] },
];

/** The sections a staff member of this role may open. */
export function sectionsFor(role: StaffRoleName): AdminSection[] {
  return adminSections.filter((section) => section.roles.includes(role));
}

/** Inviting, changing roles, disabling and resetting accounts (the server's staff.manage). */
export const mayManageStaff = (role: StaffRoleName): boolean => role === 'admin';

/** Reading the audit log (the server's audit.read), to link other pages to it. */
export const mayReadAudit = (role: StaffRoleName): boolean =>
  adminSections.find((section) => section.id === 'audit')!.roles.includes(role);
