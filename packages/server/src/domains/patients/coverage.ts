import type { Coverage, CoverageUpdateRequest, NewCoverageRequest } from '@patientdesk/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { accessPatient, patientEvent } from './patient-access.ts';
import { patientCoverages } from './schema.ts';

/** Insurance on file. The member number is encrypted at rest and shown only to coverage readers. */

const memberNumberField = 'patient_coverages.member_number';
type CoverageRow = typeof patientCoverages.$inferSelect;

function describeCoverage(cipher: FieldCipher, row: CoverageRow): Coverage {
  return {
    id: row.id,
    priority: row.priority,
    payerName: row.payerName,
    planName: row.planName,
    memberNumber: cipher.decrypt(memberNumberField, row.memberNumberEncrypted),
    groupNumber: row.groupNumber,
    subscriberRelationship: row.subscriberRelationship,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

const priorityOrder = sql`case ${patientCoverages.priority} when 'primary' then 1 when 'secondary' then 2 else 3 end`;

/** A patient's coverages, primary first. */
export async function coveragesOf(orm: Orm, cipher: FieldCipher, patientId: string): Promise<Coverage[]> {
  const rows = await orm
    .select()
    .from(patientCoverages)
    .where(eq(patientCoverages.patientId, patientId))
    .orderBy(priorityOrder, asc(patientCoverages.createdAt));
  return rows.map((row) => describeCoverage(cipher, row));
}

/** Adds a coverage. */
export async function addCoverage(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  input: NewCoverageRequest,
): Promise<Coverage> {
  const { patient } = await accessPatient(scope, 'patient.coverage.update', patientId, { toChange: true });
  const { memberNumber, ...fields } = input;
  const [row] = await scope.orm
    .insert(patientCoverages)
    .values({
      ...fields,
      organizationId: patient.organizationId,
      patientId,
      memberNumberEncrypted: cipher.encrypt(memberNumberField, memberNumber),
    })
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.coverage.update', {
      resourceType: 'patient-coverage',
      resourceId: row!.id,
      details: { change: 'added', fields: Object.keys(input).sort() },
    }),
  );
  return describeCoverage(cipher, row!);
}

async function findCoverage(orm: Orm, patientId: string, coverageId: string): Promise<CoverageRow> {
  const [row] = await orm
    .select()
    .from(patientCoverages)
    .where(and(eq(patientCoverages.id, coverageId), eq(patientCoverages.patientId, patientId)));
  if (!row)
    throw new NotFound(`This patient has no coverage ${coverageId}. Reload the record and try again.`);
  return row;
}

/** Changes the fields given of a coverage. */
export async function updateCoverage(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  coverageId: string,
  changes: CoverageUpdateRequest,
): Promise<Coverage> {
  await accessPatient(scope, 'patient.coverage.update', patientId, { toChange: true });
  const existing = await findCoverage(scope.orm, patientId, coverageId);
  const validFrom = changes.validFrom === undefined ? existing.validFrom : changes.validFrom;
  const validTo = changes.validTo === undefined ? existing.validTo : changes.validTo;
  if (validFrom && validTo && validTo < validFrom)
    throw new Invalid('The coverage would end before it starts. Check the dates.', [
      { field: 'body.validTo', message: `must be on or after validFrom (${validFrom})` },
    ]);
  const { memberNumber, ...fields } = changes;
  const [row] = await scope.orm
    .update(patientCoverages)
    .set({
      ...fields,
      ...(memberNumber === undefined
        ? {}
        : { memberNumberEncrypted: cipher.encrypt(memberNumberField, memberNumber) }),
      updatedAt: new Date(),
    })
    .where(eq(patientCoverages.id, coverageId))
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.coverage.update', {
      resourceType: 'patient-coverage',
      resourceId: coverageId,
      details: { change: 'updated', fields: Object.keys(changes).sort() },
    }),
  );
  return describeCoverage(cipher, row!);
}

/** Removes a coverage (the patient no longer has it). */
export async function removeCoverage(
  scope: ActorScope,
  patientId: string,
  coverageId: string,
): Promise<void> {
  await accessPatient(scope, 'patient.coverage.update', patientId, { toChange: true });
  await findCoverage(scope.orm, patientId, coverageId);
  await scope.orm.delete(patientCoverages).where(eq(patientCoverages.id, coverageId));
  scope.record(
    patientEvent(scope, patientId, 'patient.coverage.update', {
      resourceType: 'patient-coverage',
      resourceId: coverageId,
      details: { change: 'removed' },
    }),
  );
}
