import type { AdminStaffMember } from '@patientdesk/contracts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { lastSignInsOf } from '../audit/sign-in-history.ts';
import { sessions } from '../identity/schema.ts';
import { staffMembers } from '../staff/schema.ts';

const ownSessions = sql`${sessions.subjectType} = 'staff' and ${sessions.subjectId} = ${staffMembers.id}`;
const live = sql`${sessions.endedAt} is null and ${sessions.expiresAt} > now() and ${sessions.idleExpiresAt} > now()`;

/** Every staff member of the organisation (or just one) with the state of their account, by name. */
export async function listStaffForAdmin(
  orm: Orm,
  organizationId: string,
  only?: { staffMemberId: string },
): Promise<AdminStaffMember[]> {
  const rows = await orm
    .select({
      id: staffMembers.id,
      displayName: staffMembers.displayName,
      email: staffMembers.email,
      role: staffMembers.role,
      availability: staffMembers.availability,
      invited: sql<boolean>`${staffMembers.passwordHash} is null`,
      disabledAt: staffMembers.disabledAt,
      mfaEnabledAt: staffMembers.mfaEnabledAt,
      latestSession: sql<
        Date | string | null
      >`(select max(${sessions.createdAt}) from ${sessions} where ${ownSessions})`,
      liveSessions: sql<number>`(select count(*)::int from ${sessions} where ${ownSessions} and ${live})`,
    })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.organizationId, organizationId),
        only ? eq(staffMembers.id, only.staffMemberId) : undefined,
      ),
    )
    .orderBy(asc(staffMembers.displayName), asc(staffMembers.email));
  const signIns = await lastSignInsOf(
    orm,
    organizationId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    // The latest session, or the audit log's sign-in once ended sessions have been swept away.
    const candidates = [row.latestSession && new Date(row.latestSession), signIns.get(row.id)].filter(
      (value): value is Date => value instanceof Date,
    );
    const lastSignIn = candidates.sort((a, b) => b.getTime() - a.getTime())[0];
    return {
      id: row.id,
      displayName: row.displayName,
      email: row.email,
      role: row.role,
      availability: row.availability,
      invited: row.invited,
      disabled: row.disabledAt !== null,
      mfaEnabled: row.mfaEnabledAt !== null,
      lastSignInAt: lastSignIn?.toISOString() ?? null,
      liveSessions: Number(row.liveSessions),
    };
  });
}

export interface StaffAccount {
  id: string;
  displayName: string;
  email: string;
  role: AdminStaffMember['role'];
  disabled: boolean;
}

/** One staff member of the organisation; another organisation's id is not found. */
export async function findStaffAccount(
  orm: Orm,
  organizationId: string,
  staffMemberId: string,
  options: { activeOnly?: boolean } = {},
): Promise<StaffAccount> {
  const [row] = await orm
    .select({
      id: staffMembers.id,
      displayName: staffMembers.displayName,
      email: staffMembers.email,
      role: staffMembers.role,
      disabledAt: staffMembers.disabledAt,
    })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.id, staffMemberId),
        eq(staffMembers.organizationId, organizationId),
        options.activeOnly ? isNull(staffMembers.disabledAt) : undefined,
      ),
    )
    .limit(1);
  if (!row)
    throw new NotFound(
      options.activeOnly
        ? 'There is no active staff member with this id in your organisation.'
        : 'There is no staff member with this id in your organisation.',
    );
  return { ...row, disabled: row.disabledAt !== null };
}
