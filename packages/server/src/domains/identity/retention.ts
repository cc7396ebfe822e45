import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { portalSignInCodes, signInThrottles, staffOneTimeLinks } from './schema.ts';
import { sweepExpiredSessions } from './sessions.ts';

export interface SweptSignInData {
  removedSessions: number;
  removedSignInCodes: number;
  removedOneTimeLinks: number;
  removedThrottles: number;
}

const day = 24 * 3_600_000;

/**
 * The retention rule for sign-in data: what has served its purpose is deleted. Sessions once
 * ended or expired; portal codes a day after they stopped working (kept that long so the rate
 * limit of codes per hour still sees them); one-time links once used or expired; failure counts
 * once their lock and window are over.
 */
export async function sweepExpiredSignInData(orm: Orm, now = new Date()): Promise<SweptSignInData> {
  const removedSessions = await sweepExpiredSessions(orm, now);
  const codes = await orm
    .delete(portalSignInCodes)
    .where(lt(portalSignInCodes.expiresAt, new Date(now.getTime() - day)))
    .returning({ id: portalSignInCodes.id });
  const links = await orm
    .delete(staffOneTimeLinks)
    .where(or(lt(staffOneTimeLinks.expiresAt, now), isNotNull(staffOneTimeLinks.usedAt)))
    .returning({ id: staffOneTimeLinks.id });
  const throttles = await orm
    .delete(signInThrottles)
    .where(
      and(
        lt(signInThrottles.firstFailedAt, new Date(now.getTime() - day)),
        or(
          lt(signInThrottles.lockedUntil, now),
          lt(signInThrottles.firstFailedAt, new Date(now.getTime() - 2 * day)),
        ),
      ),
    )
    .returning({ key: signInThrottles.emailKey });
  return {
    removedSessions,
    removedSignInCodes: codes.length,
    removedOneTimeLinks: links.length,
    removedThrottles: throttles.length,
  };
}
