import type { EmergencyAccess } from '@patientdesk/contracts';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Forbidden, NotFound } from '../../errors.ts';
import { emergencyAccesses, patients } from '../patients/schema.ts';
import { staffMembers } from '../staff/schema.ts';

/**
 * Compliance review of "break the glass" accesses: every time a staff member opened a record
 * outside their role, a compliance officer looks at the reason and signs it off (HIPAA 45 CFR
 * 164.308(a)(1)(ii)(D), information system activity review).
 */

const reviewer = alias(staffMembers, 'reviewer');

const columns = {
  access: emergencyAccesses,
  staffName: staffMembers.displayName,
  staffRole: staffMembers.role,
  patientGiven: patients.givenName,
  patientPreferred: patients.preferredName,
  patientFamily: patients.familyName,
  reviewerName: reviewer.displayName,
};

function baseQuery(orm: Orm) {
  return orm
    .select(columns)
    .from(emergencyAccesses)
    .innerJoin(staffMembers, eq(staffMembers.id, emergencyAccesses.staffMemberId))
    .innerJoin(patients, eq(patients.id, emergencyAccesses.patientId))
    .leftJoin(reviewer, eq(reviewer.id, emergencyAccesses.reviewedByStaffId));
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function describeAccess(row: Row): EmergencyAccess {
  const { access } = row;
  return {
    id: access.id,
    staffMember: { id: access.staffMemberId, displayName: row.staffName, role: row.staffRole },
    patient: {
      id: access.patientId,
      displayName: `${row.patientPreferred ?? row.patientGiven} ${row.patientFamily}`,
    },
    reason: access.reason,
    grantedAt: access.grantedAt.toISOString(),
    expiresAt: access.expiresAt.toISOString(),
    review:
      access.reviewedAt && access.reviewedByStaffId
        ? {
            reviewedBy: { id: access.reviewedByStaffId, displayName: row.reviewerName ?? '' },
            reviewedAt: access.reviewedAt.toISOString(),
            note: access.reviewNote,
          }
        : null,
  };
}

/** An organisation's emergency accesses, newest first; `pending` ones still wait for review. */
export async function listEmergencyAccesses(
  orm: Orm,
  organizationId: string,
  options: { status?: 'pending' | 'reviewed'; limit: number },
): Promise<EmergencyAccess[]> {
  const rows = await baseQuery(orm)
    .where(
      and(
        eq(emergencyAccesses.organizationId, organizationId),
        options.status === 'pending' ? isNull(emergencyAccesses.reviewedAt) : undefined,
        options.status === 'reviewed' ? isNotNull(emergencyAccesses.reviewedAt) : undefined,
      ),
    )
    .orderBy(desc(emergencyAccesses.grantedAt))
    .limit(options.limit);
  return rows.map(describeAccess);
}

async function findAccess(orm: Orm, organizationId: string, accessId: string): Promise<Row> {
  const [row] = await baseQuery(orm)
    .where(and(eq(emergencyAccesses.id, accessId), eq(emergencyAccesses.organizationId, organizationId)))
    .limit(1);
  if (!row) throw new NotFound('There is no emergency access with this id in your organisation.');
  return row;
}

/** Signs an emergency access off. Nobody reviews their own, and a review is final. */
export async function reviewEmergencyAccess(
  orm: Orm,
  input: { organizationId: string; accessId: string; reviewerId: string; note: string },
): Promise<EmergencyAccess> {
  const found = await findAccess(orm, input.organizationId, input.accessId);
  if (found.access.staffMemberId === input.reviewerId)
    throw new Forbidden('You cannot review your own emergency access; another compliance officer must.');
  if (found.access.reviewedAt)
    throw new Conflict(
      `This emergency access was already reviewed by ${found.reviewerName ?? 'someone'} on ${found.access.reviewedAt.toISOString()}.`,
    );
  const updated = await orm
    .update(emergencyAccesses)
    .set({ reviewedByStaffId: input.reviewerId, reviewedAt: new Date(), reviewNote: input.note })
    .where(and(eq(emergencyAccesses.id, input.accessId), isNull(emergencyAccesses.reviewedAt)))
    .returning({ id: emergencyAccesses.id });
  if (updated.length === 0) throw new Conflict('Someone reviewed this emergency access a moment ago.');
  return describeAccess(await findAccess(orm, input.organizationId, input.accessId));
}
