import type { StaffRoleName } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict } from '../../errors.ts';
import type { StaffActor } from '../access/actor.ts';
import { resetMfa } from '../identity/mfa.ts';
import { inviteStaffMember } from '../identity/one-time-links.ts';
import { endSessionsOf } from '../identity/sessions.ts';
import { getOrganization } from '../organizations/service.ts';
import type { MessageSender } from '../outbox/service.ts';
import { staffMembers } from '../staff/schema.ts';
import { findStaffAccount, type StaffAccount } from './staff-directory.ts';

/** What changed on an account, for the audit event. */
export interface StaffAccountChange {
  before: StaffAccount;
  role?: { from: StaffRoleName; to: StaffRoleName };
  disabled?: { from: boolean; to: boolean };
  endedSessions: number;
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

/**
 * Invites a new staff member (the email goes to the outbox). Email addresses are unique across
 * the installation, and another organisation's staff are invisible here, so a clash with one of
 * them shows up only as the database's unique index refusing the row.
 */
export async function inviteStaff(
  orm: Orm,
  sender: MessageSender,
  publicUrl: string,
  actor: StaffActor,
  input: { email: string; displayName: string; role: StaffRoleName },
): Promise<{ staffMemberId: string; expiresAt: Date }> {
  const organization = await getOrganization(orm, actor.organizationId);
  try {
    return await inviteStaffMember(orm, sender, publicUrl, {
      organizationId: actor.organizationId,
      organizationName: organization.name,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      invitedBy: { id: actor.staffMemberId, displayName: actor.displayName },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new Conflict('A staff account with this email already exists.', [
      { field: 'body.email', message: 'already in use' },
    ]);
  }
}

/**
 * Changes a staff member's role or disables (or re-enables) the account. An administrator
 * cannot take away their own admin role or disable themselves, so the clinic is never left
 * without anyone who can manage it by accident. Disabling ends every session at once; the
 * person's API tokens stop working too (a disabled account resolves to no one), and work again
 * if the account is re-enabled.
 */
export async function updateStaffAccount(
  orm: Orm,
  actor: StaffActor,
  staffMemberId: string,
  change: { role?: StaffRoleName; disabled?: boolean },
): Promise<StaffAccountChange> {
  const before = await findStaffAccount(orm, actor.organizationId, staffMemberId);
  const self = staffMemberId === actor.staffMemberId;
  if (self && change.role !== undefined && change.role !== 'admin' && before.role === 'admin')
    throw new Conflict(
      'You cannot remove your own administrator role. Ask another administrator to change it, so the clinic always keeps one.',
    );
  if (self && change.disabled === true)
    throw new Conflict('You cannot disable your own account. Ask another administrator to do it.');
  const result: StaffAccountChange = { before, endedSessions: 0 };
  const updates: Partial<typeof staffMembers.$inferInsert> = {};
  if (change.role !== undefined && change.role !== before.role) {
    updates.role = change.role;
    result.role = { from: before.role, to: change.role };
  }
  if (change.disabled !== undefined && change.disabled !== before.disabled) {
    updates.disabledAt = change.disabled ? new Date() : null;
    result.disabled = { from: before.disabled, to: change.disabled };
  }
  if (Object.keys(updates).length > 0) {
    await orm
      .update(staffMembers)
      .set({ ...updates, updatedAt: new Date() })
      .where(eq(staffMembers.id, staffMemberId));
  }
  if (result.disabled?.to)
    result.endedSessions = await endSessionsOf(orm, { type: 'staff', id: staffMemberId });
  return result;
}

/**
 * Removes a staff member's two-step sign-in (a lost or replaced phone) and ends their sessions,
 * which may be on that phone; the next sign-in sets two-step up again.
 */
export async function resetStaffMfa(
  orm: Orm,
  organizationId: string,
  staffMemberId: string,
): Promise<{ endedSessions: number }> {
  await findStaffAccount(orm, organizationId, staffMemberId);
  await resetMfa(orm, staffMemberId);
  return { endedSessions: await endSessionsOf(orm, { type: 'staff', id: staffMemberId }) };
}

/** Ends every session of a staff member, on every device. */
export async function signStaffOutEverywhere(
  orm: Orm,
  organizationId: string,
  staffMemberId: string,
): Promise<{ endedSessions: number }> {
  await findStaffAccount(orm, organizationId, staffMemberId);
  return { endedSessions: await endSessionsOf(orm, { type: 'staff', id: staffMemberId }) };
}
