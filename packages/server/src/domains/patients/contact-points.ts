import type { ContactPoint } from '@patientdesk/contracts';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, NotFound } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { accessPatient, type PatientRow, patientEvent } from './patient-access.ts';
import { type ContactPointKind, type ContactPointLabel, patientContactPoints, patients } from './schema.ts';
import { phoneDigitVariants } from './search.ts';

/**
 * Every phone number and email of a patient. The primary ones are `patients.phone` and
 * `patients.email` (what search, sign-in codes and imports use); a database trigger keeps their
 * contact points in step, so the primary ones change through the patient row only.
 */

type ContactPointRow = typeof patientContactPoints.$inferSelect;

export function describeContactPoint(row: ContactPointRow): ContactPoint {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    label: row.label,
    isPrimary: row.isPrimary,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
  };
}

/** A patient's contact points: phones then emails, primary first. */
export async function contactPointsOf(orm: Orm, patientId: string): Promise<ContactPointRow[]> {
  return orm
    .select()
    .from(patientContactPoints)
    .where(eq(patientContactPoints.patientId, patientId))
    .orderBy(
      desc(patientContactPoints.kind),
      desc(patientContactPoints.isPrimary),
      asc(patientContactPoints.createdAt),
    );
}

/** Whether two values are the same phone (by digits, with or without the US 1) or email (any case). */
export function sameContactValue(kind: ContactPointKind, a: string, b: string): boolean {
  if (kind === 'email') return a.trim().toLowerCase() === b.trim().toLowerCase();
  const digits = b.replace(/\D/g, '');
  return phoneDigitVariants(a).some((variant) => variant === digits);
}

/**
 * Makes a value the primary phone or email. The previous primary one stays as another contact
 * point (the patient still has it); a secondary point with the new value becomes the primary one
 * and keeps its verification.
 */
async function makePrimary(
  orm: Orm,
  patient: PatientRow,
  kind: ContactPointKind,
  value: string,
  label: ContactPointLabel,
): Promise<ContactPointRow> {
  const points = await contactPointsOf(orm, patient.id);
  const previous = points.find((point) => point.kind === kind && point.isPrimary);
  const promoted = points.find(
    (point) => point.kind === kind && !point.isPrimary && sameContactValue(kind, value, point.value),
  );
  if (promoted) await orm.delete(patientContactPoints).where(eq(patientContactPoints.id, promoted.id));
  if (previous)
    await orm.insert(patientContactPoints).values({
      organizationId: patient.organizationId,
      patientId: patient.id,
      kind,
      value: previous.value,
      label: previous.label,
      verifiedAt: previous.verifiedAt,
    });
  await orm
    .update(patients)
    .set(kind === 'phone' ? { phone: value, updatedAt: new Date() } : { email: value, updatedAt: new Date() })
    .where(eq(patients.id, patient.id));
  const [primary] = await orm
    .update(patientContactPoints)
    .set({ label, verifiedAt: promoted?.verifiedAt ?? null })
    .where(
      and(
        eq(patientContactPoints.patientId, patient.id),
        eq(patientContactPoints.kind, kind),
        eq(patientContactPoints.isPrimary, true),
      ),
    )
    .returning();
  return primary!;
}

/** Adds a phone number or email to the record, optionally as the primary one. */
export async function addContactPoint(
  scope: ActorScope,
  patientId: string,
  input: { kind: ContactPointKind; value: string; label: ContactPointLabel; isPrimary: boolean },
): Promise<ContactPoint> {
  const { patient } = await accessPatient(scope, 'patient.update', patientId, { toChange: true });
  const existing = (await contactPointsOf(scope.orm, patientId)).find(
    (point) => point.kind === input.kind && sameContactValue(input.kind, input.value, point.value),
  );
  if (existing && (existing.isPrimary || !input.isPrimary))
    throw new Conflict(
      `The record already has this ${input.kind === 'phone' ? 'phone number' : 'email'}${existing.isPrimary ? ' as its primary one' : ''}.`,
      [{ field: 'body.value', message: 'is already on the record' }],
    );
  const row = input.isPrimary
    ? await makePrimary(scope.orm, patient, input.kind, input.value, input.label)
    : (
        await scope.orm
          .insert(patientContactPoints)
          .values({ organizationId: patient.organizationId, patientId, ...input, isPrimary: false })
          .returning()
      )[0]!;
  scope.record(
    patientEvent(scope, patientId, 'patient.update', {
      details: { change: 'contact-point-added', kind: input.kind, primary: input.isPrimary },
    }),
  );
  return describeContactPoint(row);
}

async function findContactPoint(orm: Orm, patientId: string, pointId: string): Promise<ContactPointRow> {
  const [row] = await orm
    .select()
    .from(patientContactPoints)
    .where(and(eq(patientContactPoints.id, pointId), eq(patientContactPoints.patientId, patientId)));
  if (!row)
    throw new NotFound(`This patient has no contact point ${pointId}. Reload the record and try again.`);
  return row;
}

/** Removes a phone number or email. The primary one is cleared through the record instead. */
export async function removeContactPoint(
  scope: ActorScope,
  patientId: string,
  pointId: string,
): Promise<void> {
  await accessPatient(scope, 'patient.update', patientId, { toChange: true });
  const point = await findContactPoint(scope.orm, patientId, pointId);
  if (point.isPrimary)
    throw new Conflict(
      `This is the patient's primary ${point.kind === 'phone' ? 'phone number' : 'email'}. Make another one primary first, or clear it in the patient's details.`,
    );
  await scope.orm.delete(patientContactPoints).where(eq(patientContactPoints.id, pointId));
  scope.record(
    patientEvent(scope, patientId, 'patient.update', {
      details: { change: 'contact-point-removed', kind: point.kind },
    }),
  );
}

/** Marks a phone number or email as confirmed to reach the patient (a code sent and read back). */
export async function verifyContactPoint(
  scope: ActorScope,
  patientId: string,
  pointId: string,
): Promise<ContactPoint> {
  await accessPatient(scope, 'patient.update', patientId, { toChange: true });
  await findContactPoint(scope.orm, patientId, pointId);
  const [row] = await scope.orm
    .update(patientContactPoints)
    .set({ verifiedAt: new Date() })
    .where(eq(patientContactPoints.id, pointId))
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.update', {
      details: { change: 'contact-point-verified', kind: row!.kind },
    }),
  );
  return describeContactPoint(row!);
}
