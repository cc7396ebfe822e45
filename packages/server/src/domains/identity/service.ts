import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database, Orm } from '../../db/connection.ts';
import { Unauthenticated } from '../../errors.ts';
import type { StaffActor } from '../../http/access.ts';
import { findStaffMemberForSignIn, getActiveStaffMember, type StaffMemberSummary } from '../staff/service.ts';
import { verifyPassword } from './passwords.ts';
import { sessions } from './schema.ts';

export const sessionCookieName = 'pd_session';
// A session's idle deadline is pushed forward at most this often, so reading pages does not
// turn every request into a database write.
const touchIntervalMs = 30_000;

type SessionSettings = Config['sessions'];

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function deadlines(settings: SessionSettings, now: Date) {
  const expiresAt = new Date(now.getTime() + settings.maxHours * 3_600_000);
  const idleExpiresAt = new Date(
    Math.min(now.getTime() + settings.idleMinutes * 60_000, expiresAt.getTime()),
  );
  return { expiresAt, idleExpiresAt };
}

export interface StartedSession {
  token: string;
  expiresAt: Date;
  staff: StaffMemberSummary;
}

/**
 * Signs a staff member in with email and password and starts a server-side session. Unknown
 * email and wrong password get the same answer, so the form does not reveal who has an account.
 */
export async function signInStaff(
  database: Database,
  settings: SessionSettings,
  attempt: { email: string; password: string; ip?: string; userAgent?: string },
): Promise<StartedSession> {
  const candidate = await findStaffMemberForSignIn(database.orm, attempt.email);
  const passwordMatches = await verifyPassword(candidate?.passwordHash, attempt.password);
  if (!candidate || !passwordMatches || candidate.disabledAt) {
    throw new Unauthenticated(
      'That email and password do not match an active account. Check both and try again.',
    );
  }
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const { expiresAt, idleExpiresAt } = deadlines(settings, now);
  await database.orm.insert(sessions).values({
    organizationId: candidate.organizationId,
    subjectType: 'staff',
    subjectId: candidate.id,
    tokenHash: hashToken(token),
    ip: attempt.ip ?? null,
    userAgent: attempt.userAgent?.slice(0, 500) ?? null,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt,
    expiresAt,
  });
  return { token, expiresAt, staff: candidate };
}

const liveSession = (now: Date) =>
  and(isNull(sessions.endedAt), gt(sessions.expiresAt, now), gt(sessions.idleExpiresAt, now));

/**
 * The staff member behind a session token, or null when the session is unknown, ended or
 * expired. Activity (`touch`, on by default) pushes the idle deadline forward.
 */
export async function resolveStaffSession(
  database: Database,
  settings: SessionSettings,
  token: string,
  options: { touch?: boolean } = {},
): Promise<StaffActor | null> {
  const now = new Date();
  const [session] = await database.orm
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), liveSession(now)))
    .limit(1);
  if (session?.subjectType !== 'staff') return null;
  const staff = await getActiveStaffMember(database.orm, session.subjectId);
  if (!staff) return null;
  if (options.touch !== false && now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    const idleExpiresAt = new Date(
      Math.min(now.getTime() + settings.idleMinutes * 60_000, session.expiresAt.getTime()),
    );
    await database.orm
      .update(sessions)
      .set({ lastSeenAt: now, idleExpiresAt })
      .where(eq(sessions.id, session.id));
  }
  return {
    kind: 'staff',
    staffMemberId: staff.id,
    organizationId: staff.organizationId,
    role: staff.role,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
  };
}

/** Resolves the signed-in actor of an HTTP request from its session cookie. */
export async function resolveActorFromSession(
  database: Database,
  settings: SessionSettings,
  request: FastifyRequest,
): Promise<StaffActor | null> {
  const token = request.cookies[sessionCookieName];
  if (!token) return null;
  return resolveStaffSession(database, settings, token);
}

/** Ends one session (sign-out). */
export async function endSession(orm: Orm, sessionId: string): Promise<void> {
  await orm.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, sessionId));
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
