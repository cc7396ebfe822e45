import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, NotFound } from '../../errors.ts';
import { organizations } from '../organizations/schema.ts';
import type { MessageSender } from '../outbox/service.ts';
import type { StaffRole } from '../staff/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { hashPassword } from './passwords.ts';
import { type OneTimeLinkPurpose, staffOneTimeLinks } from './schema.ts';
import { endSessionsOf, hashToken, newToken } from './sessions.ts';

/**
 * One-time links emailed to staff: password reset (valid an hour) and invitation (a week).
 * Only hashes of the tokens are stored; a link works once; a newer link of the same purpose
 * replaces the older one.
 */
const lifetimes: Record<OneTimeLinkPurpose, number> = {
  'password-reset': 60 * 60_000,
  invitation: 7 * 24 * 60 * 60_000,
};

async function issueLink(
  orm: Orm,
  input: { organizationId: string; staffMemberId: string; purpose: OneTimeLinkPurpose; createdBy?: string },
): Promise<{ token: string; expiresAt: Date }> {
  await orm
    .update(staffOneTimeLinks)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(staffOneTimeLinks.staffMemberId, input.staffMemberId),
        eq(staffOneTimeLinks.purpose, input.purpose),
        isNull(staffOneTimeLinks.usedAt),
      ),
    );
  const token = newToken();
  const expiresAt = new Date(Date.now() + lifetimes[input.purpose]);
  await orm.insert(staffOneTimeLinks).values({
    organizationId: input.organizationId,
    staffMemberId: input.staffMemberId,
    purpose: input.purpose,
    tokenHash: hashToken(token),
    createdBy: input.createdBy ?? null,
    expiresAt,
  });
  return { token, expiresAt };
}

async function findUsableLink(orm: Orm, token: string, purpose: OneTimeLinkPurpose) {
  const [row] = await orm
    .select({
      link: staffOneTimeLinks,
      email: staffMembers.email,
      displayName: staffMembers.displayName,
      role: staffMembers.role,
      organizationName: organizations.name,
      disabledAt: staffMembers.disabledAt,
    })
    .from(staffOneTimeLinks)
    .innerJoin(staffMembers, eq(staffMembers.id, staffOneTimeLinks.staffMemberId))
    .innerJoin(organizations, eq(organizations.id, staffOneTimeLinks.organizationId))
    .where(
      and(
        eq(staffOneTimeLinks.tokenHash, hashToken(token)),
        eq(staffOneTimeLinks.purpose, purpose),
        isNull(staffOneTimeLinks.usedAt),
        gt(staffOneTimeLinks.expiresAt, new Date()),
      ),
    )
    .limit(1);
  if (!row || row.disabledAt)
    throw new NotFound(
      purpose === 'invitation'
        ? 'This invitation has expired or was already used. Ask your administrator to invite you again.'
        : 'This reset link has expired or was already used. Request a new one from the sign-in page.',
    );
  return row;
}

/**
 * Emails a password-reset link if the address belongs to an active account. Says nothing
 * either way to the caller, so the form does not reveal who has an account.
 */
export async function requestPasswordReset(
  orm: Orm,
  sender: MessageSender,
  publicUrl: string,
  email: string,
): Promise<void> {
  const [staff] = await orm
    .select({
      id: staffMembers.id,
      organizationId: staffMembers.organizationId,
      email: staffMembers.email,
      displayName: staffMembers.displayName,
      passwordHash: staffMembers.passwordHash,
      disabledAt: staffMembers.disabledAt,
    })
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = lower(${email})`)
    .limit(1);
  if (!staff || staff.disabledAt || !staff.passwordHash) return;
  const { token } = await issueLink(orm, {
    organizationId: staff.organizationId,
    staffMemberId: staff.id,
    purpose: 'password-reset',
  });
  await sender.send(orm, {
    organizationId: staff.organizationId,
    channel: 'email',
    recipient: staff.email,
    subject: 'Reset your PatientDesk password',
    body: `Hello ${staff.displayName},\n\nSomeone (we hope you) asked to reset your PatientDesk password. Open this link within an hour to choose a new one:\n\n${publicUrl}/reset-password#token=${token}\n\nIf it was not you, ignore this email; your password stays as it is.`,
    purpose: 'password-reset',
  });
}

/** Sets a new password from a reset link and signs the account out everywhere. */
export async function completePasswordReset(
  orm: Orm,
  token: string,
  password: string,
): Promise<{ staffMemberId: string; organizationId: string }> {
  const { link } = await findUsableLink(orm, token, 'password-reset');
  await orm
    .update(staffMembers)
    .set({ passwordHash: await hashPassword(password), passwordChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(staffMembers.id, link.staffMemberId));
  await orm.update(staffOneTimeLinks).set({ usedAt: new Date() }).where(eq(staffOneTimeLinks.id, link.id));
  await endSessionsOf(orm, { type: 'staff', id: link.staffMemberId });
  return { staffMemberId: link.staffMemberId, organizationId: link.organizationId };
}

/** Emails an invitation link (through the configured sender: the outbox until email lands). */
async function sendInvitation(
  sender: MessageSender,
  orm: Orm,
  publicUrl: string,
  invitation: {
    organizationId: string;
    organizationName: string;
    invitee: { email: string; displayName: string; role: string };
    invitedBy: string;
    token: string;
  },
): Promise<void> {
  const { invitee, organizationName } = invitation;
  await sender.send(orm, {
    organizationId: invitation.organizationId,
    channel: 'email',
    recipient: invitee.email,
    subject: `You are invited to ${organizationName} on PatientDesk`,
    body: `Hello ${invitee.displayName},\n\n${invitation.invitedBy} invited you to join ${organizationName} on PatientDesk as ${invitee.role}. Open this link within 7 days to choose your password:\n\n${publicUrl}/invitation#token=${invitation.token}`,
    purpose: 'staff-invitation',
  });
}

/** Invites a new staff member: an account without a password, and an emailed link to finish it. */
export async function inviteStaffMember(
  orm: Orm,
  sender: MessageSender,
  publicUrl: string,
  input: {
    organizationId: string;
    organizationName: string;
    email: string;
    displayName: string;
    role: StaffRole;
    invitedBy: { id: string; displayName: string };
  },
): Promise<{ staffMemberId: string; expiresAt: Date }> {
  const [existing] = await orm
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = lower(${input.email})`)
    .limit(1);
  if (existing)
    throw new Conflict('A staff account with this email already exists.', [
      { field: 'body.email', message: 'already in use' },
    ]);
  const [staff] = await orm
    .insert(staffMembers)
    .values({
      organizationId: input.organizationId,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
    })
    .returning({ id: staffMembers.id });
  const { token, expiresAt } = await issueLink(orm, {
    organizationId: input.organizationId,
    staffMemberId: staff!.id,
    purpose: 'invitation',
    createdBy: input.invitedBy.id,
  });
  await sendInvitation(sender, orm, publicUrl, {
    organizationId: input.organizationId,
    organizationName: input.organizationName,
    invitee: { email: input.email, displayName: input.displayName, role: input.role },
    invitedBy: input.invitedBy.displayName,
    token,
  });
  return { staffMemberId: staff!.id, expiresAt };
}

/** Sends a fresh invitation link to someone who has not accepted yet. */
export async function resendInvitation(
  orm: Orm,
  sender: MessageSender,
  publicUrl: string,
  input: {
    organizationId: string;
    organizationName: string;
    staffMemberId: string;
    invitedBy: { id: string; displayName: string };
  },
): Promise<void> {
  const [staff] = await orm
    .select()
    .from(staffMembers)
    .where(
      and(eq(staffMembers.id, input.staffMemberId), eq(staffMembers.organizationId, input.organizationId)),
    );
  if (!staff) throw new NotFound('There is no such staff member in your organisation.');
  if (staff.passwordHash) throw new Conflict('This person has already accepted their invitation.');
  const { token } = await issueLink(orm, {
    organizationId: input.organizationId,
    staffMemberId: staff.id,
    purpose: 'invitation',
    createdBy: input.invitedBy.id,
  });
  await sendInvitation(sender, orm, publicUrl, {
    organizationId: input.organizationId,
    organizationName: input.organizationName,
    invitee: staff,
    invitedBy: input.invitedBy.displayName,
    token,
  });
}

/** What an invitation link is for, so the page can greet the person. */
export async function describeInvitation(orm: Orm, token: string) {
  const row = await findUsableLink(orm, token, 'invitation');
  return {
    email: row.email,
    displayName: row.displayName,
    role: row.role as StaffRole,
    organizationName: row.organizationName,
    expiresAt: row.link.expiresAt.toISOString(),
  };
}

/** Accepts an invitation: sets name and password; the person then signs in (and enrols in two-step). */
export async function acceptInvitation(
  orm: Orm,
  input: { token: string; displayName: string; password: string },
): Promise<{ staffMemberId: string; organizationId: string; email: string }> {
  const row = await findUsableLink(orm, input.token, 'invitation');
  await orm
    .update(staffMembers)
    .set({
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      passwordChangedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(staffMembers.id, row.link.staffMemberId));
  await orm
    .update(staffOneTimeLinks)
    .set({ usedAt: new Date() })
    .where(eq(staffOneTimeLinks.id, row.link.id));
  return { staffMemberId: row.link.staffMemberId, organizationId: row.link.organizationId, email: row.email };
}
