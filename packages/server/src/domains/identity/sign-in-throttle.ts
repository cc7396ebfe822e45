import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { DomainError } from '../../errors.ts';
import { signInThrottles } from './schema.ts';

/**
 * Per-account protection against password guessing (per-address limits are the rate limiter's):
 * after `maxFailures` failed sign-ins within the window, the email is locked for `lockMinutes`.
 * It is counted by email, whether or not an account has it, so a lock reveals nothing.
 */
export const throttleSettings = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

export class AccountLocked extends DomainError {
  constructor(minutes: number) {
    super(
      'account_locked',
      429,
      `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`,
    );
  }
}

export const emailKey = (email: string) => email.trim().toLowerCase();

/** Throws AccountLocked while the email is locked. */
export async function assertNotLocked(orm: Orm, email: string, now = new Date()): Promise<void> {
  const [row] = await orm
    .select()
    .from(signInThrottles)
    .where(eq(signInThrottles.emailKey, emailKey(email)));
  if (row?.lockedUntil && row.lockedUntil > now)
    throw new AccountLocked(Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000));
}

/** Counts a failure; the one that reaches the limit locks the email. Returns whether it is now locked. */
export async function recordSignInFailure(orm: Orm, email: string, now = new Date()): Promise<boolean> {
  // Raw SQL below takes timestamps as text, which every driver passes the same way.
  const at = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - throttleSettings.windowMinutes * 60_000).toISOString()}::timestamptz`;
  const lockUntil = new Date(now.getTime() + throttleSettings.lockMinutes * 60_000);
  const [row] = await orm
    .insert(signInThrottles)
    .values({ emailKey: emailKey(email), failures: 1, firstFailedAt: now })
    .onConflictDoUpdate({
      target: signInThrottles.emailKey,
      set: {
        // A failure after the window (or after a lock ran out) starts a new count.
        failures: sql`case when ${signInThrottles.firstFailedAt} < ${windowStart} or ${signInThrottles.lockedUntil} < ${at} then 1 else ${signInThrottles.failures} + 1 end`,
        firstFailedAt: sql`case when ${signInThrottles.firstFailedAt} < ${windowStart} or ${signInThrottles.lockedUntil} < ${at} then ${at} else ${signInThrottles.firstFailedAt} end`,
        lockedUntil: sql`case when ${signInThrottles.lockedUntil} < ${at} then null else ${signInThrottles.lockedUntil} end`,
      },
    })
    .returning();
  if (row!.failures >= throttleSettings.maxFailures) {
    await orm
      .update(signInThrottles)
      .set({ lockedUntil: lockUntil })
      .where(eq(signInThrottles.emailKey, row!.emailKey));
    return true;
  }
  return false;
}

/** A successful sign-in clears the count. */
export async function clearSignInFailures(orm: Orm, email: string): Promise<void> {
  await orm.delete(signInThrottles).where(eq(signInThrottles.emailKey, emailKey(email)));
}
