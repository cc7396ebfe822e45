import type { OrganizationSettings } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { organizations } from '../organizations/schema.ts';

const settingsColumns = {
  requireStaffMfa: organizations.requireStaffMfa,
  proxyAdolescentAge: organizations.proxyAdolescentAge,
  proxyAdultAge: organizations.proxyAdultAge,
};

/** The organisation's security settings: two-step sign-in for staff, and the proxy age rules. */
export async function getOrganizationSettings(
  orm: Orm,
  organizationId: string,
): Promise<OrganizationSettings> {
  const [row] = await orm
    .select(settingsColumns)
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!row) throw new NotFound('This organisation does not exist.');
  return row;
}

/**
 * Saves the settings; they apply from the next request on (two-step enrolment and proxy scopes
 * are worked out on every request). Returns the settings before and after, for the audit log.
 */
export async function updateOrganizationSettings(
  orm: Orm,
  organizationId: string,
  settings: OrganizationSettings,
): Promise<{ before: OrganizationSettings; after: OrganizationSettings }> {
  const before = await getOrganizationSettings(orm, organizationId);
  const [after] = await orm
    .update(organizations)
    .set({ ...settings, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
    .returning(settingsColumns);
  return { before, after: after! };
}
