import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { locations, organizations, partnerOrganizations, teams } from './schema.ts';

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
  Partial<
    Pick<
      typeof organizations.$inferInsert,
      'country' | 'defaultLanguage' | 'requireStaffMfa' | 'proxyAdolescentAge' | 'proxyAdultAge'
    >
  >;

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

/** Every organisation of this installation, by slug (few: one per clinic or health system). */
export async function listOrganizations(orm: Orm): Promise<Organization[]> {
  return orm.select().from(organizations).orderBy(organizations.slug);
}

// Postgres sets xmax only on a row version that replaced another: 0 means the upsert inserted.
const wasInserted = sql<boolean>`(xmax = 0)`;

/**
 * Creates a location, or updates the one with the same external id (the identity it came with
 * from another system, e.g. a FHIR import). Fields left undefined keep their value, and so does
 * the time zone: record systems seldom carry one (FHIR Location has none), so the zone given
 * here is a default for a new location and a correction made by the clinic survives.
 */
export async function upsertLocation(
  orm: Orm,
  record: NewLocation & { externalId: string },
): Promise<{ id: string; created: boolean }> {
  const { organizationId: _organization, externalId: _externalId, timeZone: _timeZone, ...fields } = record;
  const [row] = await orm
    .insert(locations)
    .values(record)
    .onConflictDoUpdate({
      target: [locations.organizationId, locations.externalId],
      set: { ...fields, updatedAt: sql`now()` },
    })
    .returning({ id: locations.id, created: wasInserted });
  return row!;
}

export type PartnerOrganization = typeof partnerOrganizations.$inferSelect;
export type NewPartnerOrganization = Omit<
  typeof partnerOrganizations.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Creates a partner organisation (hospital, lab, payer), or updates the one with the same external id. */
export async function upsertPartnerOrganization(
  orm: Orm,
  record: NewPartnerOrganization,
): Promise<{ id: string; created: boolean }> {
  const { organizationId: _organization, externalId: _externalId, ...fields } = record;
  const [row] = await orm
    .insert(partnerOrganizations)
    .values(record)
    .onConflictDoUpdate({
      target: [partnerOrganizations.organizationId, partnerOrganizations.externalId],
      set: { ...fields, updatedAt: sql`now()` },
    })
    .returning({ id: partnerOrganizations.id, created: wasInserted });
  return row!;
}
