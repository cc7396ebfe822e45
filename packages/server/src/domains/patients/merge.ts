import type { PatientMergeResult } from '@patientdesk/contracts';
import { and, eq, notInArray } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { contactPointsOf, sameContactValue } from './contact-points.ts';
import { accessPatient, type PatientRow } from './patient-access.ts';
import {
  identityVerifications,
  patientConsents,
  patientContactPoints,
  patientCoverages,
  patientMerges,
  patientNotes,
  patients,
  proxyAuthorizations,
} from './schema.ts';

/**
 * Merging a duplicate record into the one that survives: the duplicate's contact points,
 * consent history, coverages, notes, proxies and identity checks move to the survivor; the
 * duplicate itself is kept, readable, pointing at the survivor. All of it in the request's one
 * transaction, so a merge happens whole or not at all.
 */

async function moveRows(
  orm: Orm,
  table:
    | typeof patientConsents
    | typeof patientCoverages
    | typeof patientNotes
    | typeof identityVerifications,
  from: string,
  to: string,
): Promise<number> {
  const moved = await orm
    .update(table)
    .set({ patientId: to })
    .where(eq(table.patientId, from))
    .returning({ id: table.id });
  return moved.length;
}

/**
 * The duplicate's extra phone numbers and emails move; its primary ones (mirrors of its own
 * `phone` and `email`) are copied as extra ones. Values the survivor already has are left alone.
 */
async function moveContactPoints(orm: Orm, duplicate: PatientRow, survivor: PatientRow): Promise<number> {
  const kept = await contactPointsOf(orm, survivor.id);
  const has = (kind: 'phone' | 'email', value: string) =>
    kept.some((point) => point.kind === kind && sameContactValue(kind, value, point.value));
  let moved = 0;
  for (const point of await contactPointsOf(orm, duplicate.id)) {
    if (has(point.kind, point.value)) continue;
    if (point.isPrimary) {
      await orm.insert(patientContactPoints).values({
        organizationId: survivor.organizationId,
        patientId: survivor.id,
        kind: point.kind,
        value: point.value,
        label: point.label,
        verifiedAt: point.verifiedAt,
      });
    } else {
      await orm
        .update(patientContactPoints)
        .set({ patientId: survivor.id })
        .where(eq(patientContactPoints.id, point.id));
    }
    kept.push(point);
    moved += 1;
  }
  return moved;
}

/** Proxies move unless the survivor already has the same proxy (that authorisation stays behind). */
async function moveProxyAuthorizations(orm: Orm, from: string, to: string): Promise<number> {
  const survivorProxies = await orm
    .select({ proxyId: proxyAuthorizations.proxyId })
    .from(proxyAuthorizations)
    .where(eq(proxyAuthorizations.patientId, to));
  const already = survivorProxies.map((row) => row.proxyId);
  const moved = await orm
    .update(proxyAuthorizations)
    .set({ patientId: to, updatedAt: new Date() })
    .where(
      and(
        eq(proxyAuthorizations.patientId, from),
        already.length > 0 ? notInArray(proxyAuthorizations.proxyId, already) : undefined,
      ),
    )
    .returning({ id: proxyAuthorizations.id });
  return moved.length;
}

async function findSurvivor(orm: Orm, survivorId: string): Promise<PatientRow> {
  const [survivor] = await orm.select().from(patients).where(eq(patients.id, survivorId));
  // Row-level security hides another clinic's patients: for a merge they do not exist.
  if (!survivor)
    throw new NotFound(
      `There is no patient ${survivorId} in your clinic to merge into. Check the record you chose.`,
    );
  if (survivor.mergedIntoId)
    throw new Conflict(
      `MRN ${survivor.mrn} was itself merged into another record. Merge into the record it points to instead.`,
    );
  return survivor;
}

/** Merges the duplicate record into the survivor. */
export async function mergePatients(
  scope: ActorScope,
  duplicateId: string,
  input: { intoPatientId: string; reason: string },
): Promise<PatientMergeResult> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff merge records.');
  if (input.intoPatientId === duplicateId)
    throw new Invalid('A record cannot be merged into itself. Choose the other record of the same person.', [
      { field: 'body.intoPatientId', message: 'is the record being merged' },
    ]);
  await scope.authorize('patient.merge', { patientId: input.intoPatientId });
  const { patient: duplicate } = await accessPatient(scope, 'patient.merge', duplicateId, { toChange: true });
  const survivor = await findSurvivor(orm, input.intoPatientId);

  const moved = {
    contactPoints: await moveContactPoints(orm, duplicate, survivor),
    consents: await moveRows(orm, patientConsents, duplicate.id, survivor.id),
    coverages: await moveRows(orm, patientCoverages, duplicate.id, survivor.id),
    notes: await moveRows(orm, patientNotes, duplicate.id, survivor.id),
    proxies: await moveProxyAuthorizations(orm, duplicate.id, survivor.id),
    identityVerifications: await moveRows(orm, identityVerifications, duplicate.id, survivor.id),
  };
  const mergedAt = new Date();
  await orm
    .update(patients)
    .set({ mergedIntoId: survivor.id, mergedAt, updatedAt: mergedAt })
    .where(eq(patients.id, duplicate.id));
  // Records merged into the duplicate earlier now point at the survivor, so following a merged
  // record always lands on a live one.
  await orm
    .update(patients)
    .set({ mergedIntoId: survivor.id })
    .where(eq(patients.mergedIntoId, duplicate.id));
  await orm.insert(patientMerges).values({
    organizationId: survivor.organizationId,
    survivingPatientId: survivor.id,
    mergedPatientId: duplicate.id,
    mergedByStaffId: actor.staffMemberId,
    reason: input.reason,
    mergedAt,
  });
  scope.record({
    action: 'patient.merge',
    resourceType: 'patient',
    resourceId: duplicate.id,
    patientIds: [duplicate.id, survivor.id],
    outcome: 'allowed',
    details: { survivingPatientId: survivor.id, moved },
  });
  return {
    mergedPatientId: duplicate.id,
    survivingPatientId: survivor.id,
    mergedAt: mergedAt.toISOString(),
    moved,
  };
}
