import type { OrganizationOverview } from '@patientdesk/contracts';
import { asc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { countStaffByTeam } from '../staff/service.ts';
import { locations, teams } from './schema.ts';
import { getOrganization } from './service.ts';

/** An organisation's profile, sites and teams (with how many staff each has), for its staff. */
export async function describeOrganizationForStaff(
  orm: Orm,
  organizationId: string,
): Promise<OrganizationOverview> {
  const organization = await getOrganization(orm, organizationId);
  const sites = await orm
    .select({
      id: locations.id,
      name: locations.name,
      city: locations.city,
      phone: locations.phone,
      timeZone: locations.timeZone,
    })
    .from(locations)
    .where(eq(locations.organizationId, organizationId))
    .orderBy(asc(locations.name));
  const teamRows = await orm
    .select()
    .from(teams)
    .where(eq(teams.organizationId, organizationId))
    .orderBy(asc(teams.name));
  const staffCounts = await countStaffByTeam(orm, organizationId);
  return {
    organization: {
      id: organization.id,
      slug: organization.slug,
      name: organization.name,
      defaultLanguage: organization.defaultLanguage,
      timeZone: organization.timeZone,
      staffTwoStepRequired: organization.requireStaffMfa,
      country: organization.country,
    },
    locations: sites,
    teams: teamRows.map((team) => ({
      id: team.id,
      slug: team.slug,
      name: team.name,
      description: team.description,
      memberCount: staffCounts.byTeam.get(team.id) ?? 0,
    })),
    staffCount: staffCounts.total,
  };
}
