import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, NotFound } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { Action } from '../access/policy.ts';
import { grantFor } from '../access/policy.ts';
import type { AuditEventInput } from '../audit/audit-trail.ts';
import { patients } from './schema.ts';

/**
 * The safe path to one patient's record: decide the access with the policy (a refusal is
 * audited and answered 403), then find the patient. Row-level security hides other
 * organisations' patients, so those are "not found" like ids that never existed.
 */

export type PatientRow = typeof patients.$inferSelect;

export class PatientNotFound extends NotFound {
  constructor(patientId: string) {
    super(
      `There is no patient ${patientId} in your clinic. Check the link, or search for the patient again.`,
    );
  }
}

/** The patient's row, or 404. */
export async function findPatient(orm: Orm, patientId: string): Promise<PatientRow> {
  const [row] = await orm.select().from(patients).where(eq(patients.id, patientId));
  if (!row) throw new PatientNotFound(patientId);
  return row;
}

/** The patient's row for a change: merged records are kept for their history but no longer change. */
export async function findPatientToChange(orm: Orm, patientId: string): Promise<PatientRow> {
  const row = await findPatient(orm, patientId);
  if (row.mergedIntoId) {
    const [survivor] = await orm
      .select({ mrn: patients.mrn })
      .from(patients)
      .where(eq(patients.id, row.mergedIntoId));
    throw new Conflict(
      `This record was merged into MRN ${survivor?.mrn ?? row.mergedIntoId}. Open that record and make the change there.`,
    );
  }
  return row;
}

export interface PatientAccess {
  patient: PatientRow;
  /** The reason given when the glass was broken, for the audit event of the access. */
  breakGlassReason: string | null;
  via: Awaited<ReturnType<ActorScope['authorize']>>['via'];
}

/** Checks that the actor may do `action` to the patient, then loads the patient (403, then 404). */
export async function accessPatient(
  scope: ActorScope,
  action: Action,
  patientId: string,
  options: { toChange?: boolean } = {},
): Promise<PatientAccess> {
  const { via, breakGlassReason } = await scope.authorize(action, { patientId });
  const patient = options.toChange
    ? await findPatientToChange(scope.orm, patientId)
    : await findPatient(scope.orm, patientId);
  return { patient, via, breakGlassReason };
}

/** For a proxy, the patient they act for (audit events say on whose behalf). */
export function onBehalfOf(actor: Actor, patientId: string): string | null {
  return grantFor(actor, patientId)?.via === 'proxy' ? patientId : null;
}

/** An allowed audit event about one patient. */
export function patientEvent(
  scope: ActorScope,
  patientId: string,
  action: string,
  extra: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    action,
    resourceType: 'patient',
    resourceId: patientId,
    patientIds: [patientId],
    onBehalfOfPatientId: onBehalfOf(scope.actor, patientId),
    outcome: 'allowed',
    ...extra,
  };
}

/** The staff member acting, for rows that name who did something. */
export function staffMemberIdOf(scope: ActorScope): string | null {
  return scope.actor.kind === 'staff' ? scope.actor.staffMemberId : null;
}
