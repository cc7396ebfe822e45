import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { providerLocations, providers } from './schema.ts';

export type Provider = typeof providers.$inferSelect;
export type NewProvider = Omit<typeof providers.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

// Postgres sets xmax only on a row version that replaced another: 0 means the upsert inserted.
const wasInserted = sql<boolean>`(xmax = 0)`;

/** Adds many providers at once (one multi-row insert), e.g. for a demo clinic. */
export async function createProviders(
  orm: Orm,
  records: NewProvider[],
): Promise<{ id: string; npi: string | null }[]> {
  if (records.length === 0) return [];
  return orm.insert(providers).values(records).returning({ id: providers.id, npi: providers.npi });
}

/**
 * Creates a provider, or updates the one with the same external id (the identity it came with
 * from another system). Fields left undefined are kept, so what the clinic maintains itself
 * (specialty, bio, telehealth, accepting new patients) survives a re-import.
 */
export async function upsertProvider(
  orm: Orm,
  record: NewProvider & { externalId: string },
): Promise<{ id: string; created: boolean }> {
  const { organizationId: _organization, externalId: _externalId, ...fields } = record;
  const [row] = await orm
    .insert(providers)
    .values(record)
    .onConflictDoUpdate({
      target: [providers.organizationId, providers.externalId],
      set: { ...fields, updatedAt: sql`now()` },
    })
    .returning({ id: providers.id, created: wasInserted });
  return row!;
}

/** Records where providers see patients; a link that already exists is left as it is. */
export async function assignProviderLocations(
  orm: Orm,
  links: { organizationId: string; providerId: string; locationId: string }[],
): Promise<void> {
  if (links.length === 0) return;
  await orm.insert(providerLocations).values(links).onConflictDoNothing();
}
