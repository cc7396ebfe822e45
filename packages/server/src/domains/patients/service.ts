import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { type ProxyRelationship, type ProxyScope, patients, proxies, proxyAuthorizations } from './schema.ts';

export type Patient = typeof patients.$inferSelect;
export type NewPatient = Omit<typeof patients.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** What a save tells the caller: the row's id, and whether it is new or an existing row was updated. */
export interface SavedRow {
  id: string;
  created: boolean;
}

// Postgres sets xmax only on a row version that replaced another, so a row an upsert inserted
// has xmax 0 and one it updated does not: this tells the two apart in the same statement.
const wasInserted = sql<boolean>`(xmax = 0)`;

// One insert statement carries every column of every row as a parameter; Postgres allows 65,535
// parameters per statement, so large batches go in chunks well below that.
const rowsPerStatement = 500;

/** Adds many patients at once (multi-row inserts), e.g. a demo clinic or a migration from another system. */
export async function createPatients(
  orm: Orm,
  records: NewPatient[],
): Promise<{ id: string; mrn: string }[]> {
  const created: { id: string; mrn: string }[] = [];
  for (let start = 0; start < records.length; start += rowsPerStatement) {
    const rows = await orm
      .insert(patients)
      .values(records.slice(start, start + rowsPerStatement))
      .returning({ id: patients.id, mrn: patients.mrn });
    created.push(...rows);
  }
  return created;
}

/**
 * Creates a patient, or updates the one with the same external id (the identity the record
 * came with from another system). An update sets the fields given and keeps those left
 * undefined, so what only the desk knows (preferred channel, preferred name) survives a re-import.
 */
export async function upsertPatient(
  orm: Orm,
  record: NewPatient & { externalId: string },
): Promise<SavedRow> {
  const { organizationId: _organization, externalId: _externalId, ...fields } = record;
  const [row] = await orm
    .insert(patients)
    .values(record)
    .onConflictDoUpdate({
      target: [patients.organizationId, patients.externalId],
      set: { ...fields, updatedAt: sql`now()` },
    })
    .returning({ id: patients.id, created: wasInserted });
  return row!;
}

/** The patients of an organisation that carry one of these external ids. */
export async function findPatientsByExternalIds(
  orm: Orm,
  organizationId: string,
  externalIds: string[],
): Promise<{ id: string; externalId: string | null }[]> {
  if (externalIds.length === 0) return [];
  return orm
    .select({ id: patients.id, externalId: patients.externalId })
    .from(patients)
    .where(and(eq(patients.organizationId, organizationId), inArray(patients.externalId, externalIds)));
}

/**
 * The patients whose external identifier (`system|value`) has this value, whatever its system.
 * Record systems often use a patient's own id as the value, so this finds a patient that an
 * earlier import brought in, when a later one refers to it by id alone.
 */
export async function findPatientsByExternalIdentifierValue(
  orm: Orm,
  organizationId: string,
  value: string,
): Promise<{ id: string; externalId: string | null }[]> {
  return orm
    .select({ id: patients.id, externalId: patients.externalId })
    .from(patients)
    .where(
      and(
        eq(patients.organizationId, organizationId),
        sql`right(${patients.externalId}, ${value.length + 1}) = ${`|${value}`}`,
      ),
    )
    .limit(2);
}

export type Proxy = typeof proxies.$inferSelect;
export type NewProxy = Omit<typeof proxies.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Adds a proxy: a parent, caretaker or representative who may act for patients. */
export async function createProxy(orm: Orm, record: NewProxy): Promise<Proxy> {
  const [row] = await orm.insert(proxies).values(record).returning();
  return row!;
}

/** Creates a proxy, or updates the one with the same external id (fields left undefined are kept). */
export async function upsertProxy(orm: Orm, record: NewProxy & { externalId: string }): Promise<SavedRow> {
  const { organizationId: _organization, externalId: _externalId, ...fields } = record;
  const [row] = await orm
    .insert(proxies)
    .values(record)
    .onConflictDoUpdate({
      target: [proxies.organizationId, proxies.externalId],
      set: { ...fields, updatedAt: sql`now()` },
    })
    .returning({ id: proxies.id, created: wasInserted });
  return row!;
}

export interface ProxyRelationshipRecord {
  organizationId: string;
  proxyId: string;
  patientId: string;
  relationship: ProxyRelationship;
  /** What the proxy may do; only applied to a new relationship. */
  scopes?: ProxyScope[];
  expiresAt?: Date | null;
}

/**
 * Records that proxies stand in a relationship to patients. A relationship that already exists
 * gets the new relationship name only: its scopes and expiry stay as they are, because only
 * the patient or the staff change what a proxy may do (an import never grants or removes access).
 */
export async function recordProxyRelationships(
  orm: Orm,
  records: ProxyRelationshipRecord[],
): Promise<SavedRow[]> {
  const saved: SavedRow[] = [];
  for (let start = 0; start < records.length; start += rowsPerStatement) {
    const rows = await orm
      .insert(proxyAuthorizations)
      .values(
        records.slice(start, start + rowsPerStatement).map((record) => ({
          ...record,
          scopes: record.scopes ?? [],
          expiresAt: record.expiresAt ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [proxyAuthorizations.proxyId, proxyAuthorizations.patientId],
        set: { relationship: sql`excluded.relationship`, updatedAt: sql`now()` },
      })
      .returning({ id: proxyAuthorizations.id, created: wasInserted });
    saved.push(...rows);
  }
  return saved;
}
