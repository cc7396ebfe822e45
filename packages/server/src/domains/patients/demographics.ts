import type { PatientUpdateRequest, PortalProfileUpdate } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { Action } from '../access/policy.ts';
import { providers } from '../scheduling/schema.ts';
import { contactPointsOf, sameContactValue } from './contact-points.ts';
import { accessPatient, type PatientRow, patientEvent } from './patient-access.ts';
import { patientContactPoints, patients } from './schema.ts';

/**
 * Changes to who the patient is and how to reach them. One UPDATE carries every change, so a
 * request changes all it asks for or nothing. The primary phone and email change here; the
 * database trigger of migration 0007 moves their contact points along.
 */

type PatientColumns = Partial<typeof patients.$inferInsert>;

/** The columns a change sets (undefined: leave as is; null: clear). */
function columnsFor(cipher: FieldCipher, changes: PatientUpdateRequest): PatientColumns {
  const { address, quietHours, governmentId, ...plain } = changes;
  const columns: PatientColumns = { ...plain };
  if (address) {
    if (address.line !== undefined) columns.addressLine = address.line;
    if (address.city !== undefined) columns.city = address.city;
    if (address.region !== undefined) columns.region = address.region;
    if (address.postalCode !== undefined) columns.postalCode = address.postalCode;
    if (address.country !== undefined) columns.country = address.country?.toUpperCase() ?? null;
  }
  if (quietHours !== undefined) {
    columns.quietHoursStart = quietHours?.start ?? null;
    columns.quietHoursEnd = quietHours?.end ?? null;
  }
  if (governmentId !== undefined)
    columns.governmentIdEncrypted =
      governmentId === null ? null : cipher.encrypt('patients.government_id', governmentId);
  return columns;
}

/** The names of the fields a change sets, `address.city` for parts of the address. */
export function changedFieldNames(changes: PatientUpdateRequest): string[] {
  return Object.entries(changes)
    .flatMap(([key, value]) =>
      key === 'address' && value && typeof value === 'object'
        ? Object.keys(value).map((part) => `address.${part}`)
        : [key],
    )
    .sort();
}

/**
 * Writes a change to the patient row, without checking or recording anything (the callers do
 * both). A new primary phone or email that was already on the record as another contact point
 * is not kept twice.
 */
export async function applyPatientChanges(
  orm: Orm,
  cipher: FieldCipher,
  patientId: string,
  changes: PatientUpdateRequest,
): Promise<PatientRow> {
  if (changes.primaryProviderId) {
    const [provider] = await orm
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.id, changes.primaryProviderId));
    if (!provider)
      throw new Invalid(
        'There is no such provider in your clinic. Pick the primary provider from the list.',
        [{ field: 'body.primaryProviderId', message: 'is not a provider of this clinic' }],
      );
  }
  const [row] = await orm
    .update(patients)
    .set({ ...columnsFor(cipher, changes), updatedAt: new Date() })
    .where(eq(patients.id, patientId))
    .returning();
  for (const kind of ['phone', 'email'] as const) {
    const value = changes[kind];
    if (!value) continue;
    for (const point of await contactPointsOf(orm, patientId))
      if (point.kind === kind && !point.isPrimary && sameContactValue(kind, value, point.value))
        await orm.delete(patientContactPoints).where(eq(patientContactPoints.id, point.id));
  }
  return row!;
}

/**
 * Applies a change to the patient's details and records the names of the fields changed (never
 * their values). Staff change any field with `patient.update`; the portal a few, with its own action.
 */
export async function changePatientDetails(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  changes: PatientUpdateRequest | PortalProfileUpdate,
  action: Action = 'patient.update',
): Promise<PatientRow> {
  await accessPatient(scope, action, patientId, { toChange: true });
  const row = await applyPatientChanges(scope.orm, cipher, patientId, changes);
  scope.record(patientEvent(scope, patientId, action, { details: { fields: changedFieldNames(changes) } }));
  return row;
}
