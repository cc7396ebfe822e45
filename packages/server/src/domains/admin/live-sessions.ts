import type { AdminSession } from '@patientdesk/contracts';
import { and, desc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { contactFromKey } from '../identity/portal-contact.ts';
import { sessions } from '../identity/schema.ts';
import { endSession, liveSession } from '../identity/sessions.ts';
import { staffMembers } from '../staff/schema.ts';

/**
 * A portal user's contact with most of it hidden: administrators manage sessions, they do not
 * read patients' details (minimum necessary, 45 CFR 164.502(b)).
 */
export function maskContact(contactKey: string | null): string {
  if (!contactKey) return 'portal user';
  const contact = contactFromKey(contactKey);
  if (contact.kind === 'phone') return `phone ending ${contact.value.slice(-4)}`;
  const [name = '', domain = ''] = contact.value.split('@');
  return `email ${name.slice(0, 1)}…@${domain}`;
}

/** The organisation's live sessions, most recently active first. */
export async function listLiveSessions(
  orm: Orm,
  organizationId: string,
  limit = 500,
): Promise<AdminSession[]> {
  const rows = await orm
    .select({ session: sessions, staffName: staffMembers.displayName })
    .from(sessions)
    .leftJoin(staffMembers, and(eq(sessions.subjectType, 'staff'), eq(staffMembers.id, sessions.subjectId)))
    .where(and(eq(sessions.organizationId, organizationId), liveSession(new Date())))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(limit);
  return rows.map(({ session, staffName }) => ({
    id: session.id,
    subject: {
      type: session.subjectType,
      id: session.subjectId,
      label:
        session.subjectType === 'staff' ? (staffName ?? 'staff member') : maskContact(session.portalContact),
    },
    authenticatedBy: session.authenticatedBy,
    ip: session.ip,
    userAgent: session.userAgent,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  }));
}

/** Ends one live session of the organisation; returns whose it was. */
export async function endOrganizationSession(
  orm: Orm,
  organizationId: string,
  sessionId: string,
): Promise<{ subjectType: string; subjectId: string }> {
  const [session] = await orm
    .select({ subjectType: sessions.subjectType, subjectId: sessions.subjectId })
    .from(sessions)
    .where(
      and(eq(sessions.id, sessionId), eq(sessions.organizationId, organizationId), liveSession(new Date())),
    )
    .limit(1);
  if (!session) throw new NotFound('There is no live session with this id in your organisation.');
  await endSession(orm, sessionId);
  return session;
}
