import type { EmergencyAccessGrant } from '@patientdesk/contracts';
import { Forbidden } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { can, emergencyAccessOpens } from '../access/policy.ts';
import { accessPatient, patientEvent } from './patient-access.ts';
import { emergencyAccesses } from './schema.ts';

/**
 * "Break the glass": a staff member whose role does not let them read part of a record opens
 * all of it for a short time, giving a reason. The access is audited with the reason and
 * reviewed by compliance afterwards (HIPAA 45 CFR 164.312(a)(2)(ii), emergency access procedure).
 */

export const emergencyAccessMinutes = 60;

/** Opens the whole record of one patient to the staff member for 60 minutes. */
export async function breakTheGlass(
  scope: ActorScope,
  patientId: string,
  reason: string,
): Promise<EmergencyAccessGrant> {
  const { actor } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff can break the glass.');
  const { patient } = await accessPatient(scope, 'patient.break-glass', patientId);
  const opens = emergencyAccessOpens.filter(
    (action) => !can(actor, action, { organizationId: actor.organizationId, patientId }),
  );
  const grantedAt = new Date();
  const [row] = await scope.orm
    .insert(emergencyAccesses)
    .values({
      organizationId: patient.organizationId,
      staffMemberId: actor.staffMemberId,
      patientId,
      reason,
      grantedAt,
      expiresAt: new Date(grantedAt.getTime() + emergencyAccessMinutes * 60_000),
    })
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.break-glass', {
      resourceType: 'emergency-access',
      resourceId: row!.id,
      breakGlassReason: reason,
      details: { opens, expiresAt: row!.expiresAt.toISOString() },
    }),
  );
  const until = row!.expiresAt.toISOString();
  return {
    id: row!.id,
    patientId,
    expiresAt: until,
    opens: [...opens],
    message:
      opens.length === 0
        ? `Your role already lets you read everything this access would open. The access is recorded anyway, with your reason, until ${until}.`
        : `You can read this patient's whole record until ${until} (${emergencyAccessMinutes} minutes). Every access is recorded with your reason and reviewed by compliance.`,
  };
}
