import type { SignedInStaff, StaffAvailabilityName } from '@patientdesk/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { StaffActor } from '../access/actor.ts';
import { remainingRecoveryCodes } from '../identity/mfa.ts';
import { hashPassword } from '../identity/passwords.ts';
import { getOrganization } from '../organizations/service.ts';
import { type StaffAvailability, type StaffRole, staffMembers, staffTeamMemberships } from './schema.ts';

export interface StaffMemberSummary {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  availability: StaffAvailability;
  disabledAt: Date | null;
}

const summaryColumns = {
  id: staffMembers.id,
  organizationId: staffMembers.organizationId,
  email: staffMembers.email,
  displayName: staffMembers.displayName,
  role: staffMembers.role,
  availability: staffMembers.availability,
  disabledAt: staffMembers.disabledAt,
};

/** The account a sign-in attempt names, with its password hash; email is matched without case. */
export async function findStaffMemberForSignIn(
  orm: Orm,
  email: string,
): Promise<(StaffMemberSummary & { passwordHash: string | null }) | undefined> {
  const [row] = await orm
    .select({ ...summaryColumns, passwordHash: staffMembers.passwordHash })
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = lower(${email})`)
    .limit(1);
  return row;
}

/** A staff member who may still sign in (not disabled), or undefined. */
export async function getActiveStaffMember(
  orm: Orm,
  staffMemberId: string,
): Promise<StaffMemberSummary | undefined> {
  const [row] = await orm
    .select(summaryColumns)
    .from(staffMembers)
    .where(and(eq(staffMembers.id, staffMemberId), isNull(staffMembers.disabledAt)))
    .limit(1);
  return row;
}

/** What the app shows about the signed-in staff member. */
export async function describeSignedInStaff(
  orm: Orm,
  staffMemberId: string,
  sessionExpiresAt: Date | null,
): Promise<SignedInStaff> {
  const staff = await getActiveStaffMember(orm, staffMemberId);
  if (!staff) throw new NotFound('This staff account no longer exists or has been disabled.');
  const organization = await getOrganization(orm, staff.organizationId);
  const [security] = await orm
    .select({ mfaEnabledAt: staffMembers.mfaEnabledAt })
    .from(staffMembers)
    .where(eq(staffMembers.id, staffMemberId));
  const mfaEnabled = Boolean(security?.mfaEnabledAt);
  return {
    kind: 'staff',
    id: staff.id,
    email: staff.email,
    displayName: staff.displayName,
    role: staff.role,
    availability: staff.availability,
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    sessionExpiresAt: sessionExpiresAt?.toISOString() ?? null,
    mfa: {
      enabled: mfaEnabled,
      required: organization.requireStaffMfa,
      enrollmentRequired: organization.requireStaffMfa && !mfaEnabled,
      recoveryCodesLeft: mfaEnabled ? await remainingRecoveryCodes(orm, staffMemberId) : 0,
    },
  };
}

/** Sets whether a staff member can take conversations now, and tells every open desk. */
export async function setAvailability(
  orm: Orm,
  events: EventBus,
  actor: StaffActor,
  availability: StaffAvailabilityName,
): Promise<{ availability: StaffAvailabilityName; at: string }> {
  const at = new Date();
  await orm
    .update(staffMembers)
    .set({ availability, updatedAt: at })
    .where(
      and(eq(staffMembers.id, actor.staffMemberId), eq(staffMembers.organizationId, actor.organizationId)),
    );
  await events.publish(actor.organizationId, {
    type: 'staff.availability_changed',
    staffMemberId: actor.staffMemberId,
    availability,
    at: at.toISOString(),
  });
  return { availability, at: at.toISOString() };
}

export interface NewStaffMember {
  organizationId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  password?: string;
  languages?: string[];
  teamIds?: string[];
}

/** Creates a staff account (password hashed with argon2id) and puts it in its teams. */
export async function createStaffMember(orm: Orm, input: NewStaffMember): Promise<StaffMemberSummary> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [row] = await orm
    .insert(staffMembers)
    .values({
      organizationId: input.organizationId,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      languages: input.languages ?? ['en'],
      passwordHash,
    })
    .returning(summaryColumns);
  const created = row!;
  if (input.teamIds?.length) {
    await orm.insert(staffTeamMemberships).values(
      input.teamIds.map((teamId) => ({
        organizationId: input.organizationId,
        staffMemberId: created.id,
        teamId,
      })),
    );
  }
  return created;
}

/** The staff of one organisation, for listings (no password hashes). */
export async function listStaffMembers(orm: Orm, organizationId: string): Promise<StaffMemberSummary[]> {
  return orm
    .select(summaryColumns)
    .from(staffMembers)
    .where(eq(staffMembers.organizationId, organizationId))
    .orderBy(staffMembers.email);
}

/** How many staff each team of an organisation has, and how many staff it has in all. */
export async function countStaffByTeam(
  orm: Orm,
  organizationId: string,
): Promise<{ byTeam: Map<string, number>; total: number }> {
  const byTeam = await orm
    .select({ teamId: staffTeamMemberships.teamId, members: sql<number>`count(*)::int` })
    .from(staffTeamMemberships)
    .where(eq(staffTeamMemberships.organizationId, organizationId))
    .groupBy(staffTeamMemberships.teamId);
  const [total] = await orm
    .select({ count: sql<number>`count(*)::int` })
    .from(staffMembers)
    .where(and(eq(staffMembers.organizationId, organizationId), isNull(staffMembers.disabledAt)));
  return { byTeam: new Map(byTeam.map((row) => [row.teamId, row.members])), total: total?.count ?? 0 };
}
