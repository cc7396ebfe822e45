import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Orm } from '../../db/connection.ts';
import { type AuthenticationMethod, type SessionSubjectType, sessions } from './schema.ts';

export const sessionCookieName = 'pd_session';
// A session's idle deadline is pushed forward at most this often, so reading pages does not
// turn every request into a database write.
const touchIntervalMs = 30_000;

export type SessionSettings = Config['sessions'];
export type Session = typeof sessions.$inferSelect;

/** Hash of a secret token (session, API token, one-time link): only hashes are stored. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A new unguessable token (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function deadlines(settings: SessionSettings, now: Date) {
  const expiresAt = new Date(now.getTime() + settings.maxHours * 3_600_000);
  const idleExpiresAt = new Date(
    Math.min(now.getTime() + settings.idleMinutes * 60_000, expiresAt.getTime()),
  );
  return { expiresAt, idleExpiresAt };
}

export interface NewSession {
  organizationId: string;
  subjectType: SessionSubjectType;
  subjectId: string;
  authenticatedBy: AuthenticationMethod;
  portalContact?: string;
  ip?: string;
  userAgent?: string;
}

export interface StartedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Starts a server-side session; the token goes to the browser in a cookie, its hash stays here. */
export async function startSession(
  orm: Orm,
  settings: SessionSettings,
  input: NewSession,
): Promise<StartedSession> {
  const token = newToken();
  const now = new Date();
  const { expiresAt, idleExpiresAt } = deadlines(settings, now);
  const [row] = await orm
    .insert(sessions)
    .values({
      organizationId: input.organizationId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      tokenHash: hashToken(token),
      authenticatedBy: input.authenticatedBy,
      portalContact: input.portalContact ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt,
      expiresAt,
    })
    .returning({ id: sessions.id });
  return { id: row!.id, token, expiresAt };
}

export const liveSession = (now: Date) =>
  and(isNull(sessions.endedAt), gt(sessions.expiresAt, now), gt(sessions.idleExpiresAt, now));

/**
 * The live session behind a token, or undefined when it is unknown, ended or expired.
 * Activity (`touch`, on by default) pushes the idle deadline forward.
 */
export async function findLiveSession(
  orm: Orm,
  settings: SessionSettings,
  token: string,
  options: { touch?: boolean } = {},
): Promise<Session | undefined> {
  const now = new Date();
  const [session] = await orm
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), liveSession(now)))
    .limit(1);
  if (!session) return undefined;
  if (options.touch !== false && now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    const idleExpiresAt = new Date(
      Math.min(now.getTime() + settings.idleMinutes * 60_000, session.expiresAt.getTime()),
    );
    await orm.update(sessions).set({ lastSeenAt: now, idleExpiresAt }).where(eq(sessions.id, session.id));
  }
  return session;
}

/** Ends one session (sign-out). */
export async function endSession(orm: Orm, sessionId: string): Promise<void> {
  await orm.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Ends every live session of a person ("sign out everywhere"), optionally but one. Returns how many. */
export async function endSessionsOf(
  orm: Orm,
  subject: { type: SessionSubjectType; id: string } | { portalContact: string; organizationId: string },
  exceptSessionId?: string,
): Promise<number> {
  const who =
    'portalContact' in subject
      ? and(
          eq(sessions.portalContact, subject.portalContact),
          eq(sessions.organizationId, subject.organizationId),
        )
      : and(eq(sessions.subjectType, subject.type), eq(sessions.subjectId, subject.id));
  const ended = await orm
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(who, liveSession(new Date()), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .returning({ id: sessions.id });
  return ended.length;
}

/** Deletes sessions that have ended or expired: they are no longer needed and only add risk. */
export async function sweepExpiredSessions(orm: Orm, now = new Date()): Promise<number> {
  const removed = await orm
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.idleExpiresAt, now), sql`${sessions.endedAt} is not null`),
    )
    .returning({ id: sessions.id });
  return removed.length;
}
