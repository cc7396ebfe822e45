import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { organizations } from './schema.ts';

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
