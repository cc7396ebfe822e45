import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { locations, organizations, teams } from './schema.ts';

export type Organization = typeof organizations.$inferSelect;

/** One organisation by id. */
export async function getOrganization(orm: Orm, organizationId: string): Promise<Organization> {
  const [row] = await orm.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!row) throw new NotFound('This organisation does not exist.');
  return row;
}

/** One organisation by its short name in addresses (`demo` in /o/demo). */
export async function findOrganizationBySlug(orm: Orm, slug: string): Promise<Organization | undefined> {
  const [row] = await orm.select().from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return row;
}

/** How many organisations exist: zero means a fresh database. */
export async function countOrganizations(orm: Orm): Promise<number> {
  const rows = await orm.select({ id: organizations.id }).from(organizations).limit(1);
  return rows.length;
}

export type NewOrganization = Pick<typeof organizations.$inferInsert, 'slug' | 'name' | 'timeZone'> &
  Partial<Pick<typeof organizations.$inferInsert, 'country' | 'defaultLanguage'>>;

/** Creates an organisation (a tenant: one clinic or health system). */
export async function createOrganization(orm: Orm, input: NewOrganization): Promise<Organization> {
  const [row] = await orm.insert(organizations).values(input).returning();
  return row!;
}

export type Location = typeof locations.$inferSelect;
export type NewLocation = Omit<typeof locations.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Adds a location (a site where patients are seen) to an organisation. */
export async function createLocation(orm: Orm, input: NewLocation): Promise<Location> {
  const [row] = await orm.insert(locations).values(input).returning();
  return row!;
}

export type Team = typeof teams.$inferSelect;
export type NewTeam = Pick<typeof teams.$inferInsert, 'organizationId' | 'slug' | 'name'> &
  Partial<Pick<typeof teams.$inferInsert, 'description'>>;

/** Adds a team (front desk, scheduling, billing, nurse line...) to an organisation. */
export async function createTeam(orm: Orm, input: NewTeam): Promise<Team> {
  const [row] = await orm.insert(teams).values(input).returning();
  return row!;
}
