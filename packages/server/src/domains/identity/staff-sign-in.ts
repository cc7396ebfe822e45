import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection.ts';
import { DomainError, Unauthenticated } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { verifySecondFactor } from './mfa.ts';
import { verifyPassword } from './passwords.ts';
import { type SessionSettings, type StartedSession, startSession } from './sessions.ts';
import { assertNotLocked, clearSignInFailures, recordSignInFailure } from './sign-in-throttle.ts';

export class MfaRequired extends DomainError {
  constructor() {
    super(
      'mfa_required',
      401,
      'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
      [{ field: 'body.code', message: 'required for this account' }],
    );
  }
}

const wrongCredentials = () =>
  new Unauthenticated('That email and password do not match an active account. Check both and try again.');

export interface StaffSignInAttempt {
  email: string;
  password: string;
  code?: string;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface StaffSignInDependencies {
  database: Database;
  sessions: SessionSettings;
  cipher: FieldCipher;
  audit: AuditTrail;
}

/**
 * Signs a staff member in: password (argon2id), then the authenticator code when they have
 * enrolled, then a server-side session. Unknown email and wrong password get the same answer and
 * the same work; failures count toward the per-account lock whether or not the account exists.
 * Sign-ins and failures of real accounts go to the organisation's audit log.
 */
export async function signInStaff(
  deps: StaffSignInDependencies,
  attempt: StaffSignInAttempt,
): Promise<StartedSession & { staffMemberId: string }> {
  const { database, audit } = deps;
  const orm = database.orm;
  await assertNotLocked(orm, attempt.email);
  const [candidate] = await orm
    .select({
      id: staffMembers.id,
      organizationId: staffMembers.organizationId,
      displayName: staffMembers.displayName,
      role: staffMembers.role,
      passwordHash: staffMembers.passwordHash,
      disabledAt: staffMembers.disabledAt,
      mfaEnabledAt: staffMembers.mfaEnabledAt,
    })
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = lower(${attempt.email})`)
    .limit(1);
  const passwordMatches = await verifyPassword(candidate?.passwordHash, attempt.password);
  const context = candidate && {
    organizationId: candidate.organizationId,
    actorType: 'staff' as const,
    actorId: candidate.id,
    actorRole: candidate.role,
    actorName: candidate.displayName,
    ip: attempt.ip ?? null,
    userAgent: attempt.userAgent ?? null,
    requestId: attempt.requestId ?? null,
  };
  const fail = async (reason: string, error: DomainError) => {
    const locked = await recordSignInFailure(orm, attempt.email);
    if (context)
      await audit.record(context, {
        action: 'auth.sign-in',
        resourceType: 'staff-member',
        resourceId: context.actorId,
        outcome: 'denied',
        details: { reason, locked },
      });
    throw error;
  };
  if (!candidate || !passwordMatches || candidate.disabledAt) {
    return fail(candidate?.disabledAt ? 'account disabled' : 'wrong password', wrongCredentials());
  }
  let authenticatedBy: 'password' | 'password+totp' | 'password+recovery-code' = 'password';
  if (candidate.mfaEnabledAt) {
    if (!attempt.code) throw new MfaRequired();
    const passed = await verifySecondFactor(orm, deps.cipher, candidate.id, attempt.code);
    if (!passed)
      return fail(
        'wrong authenticator code',
        new Unauthenticated('That code is not right or was already used. Enter the code your app shows now.'),
      );
    authenticatedBy = passed;
  }
  await clearSignInFailures(orm, attempt.email);
  const session = await startSession(orm, deps.sessions, {
    organizationId: candidate.organizationId,
    subjectType: 'staff',
    subjectId: candidate.id,
    authenticatedBy,
    ip: attempt.ip,
    userAgent: attempt.userAgent,
  });
  await audit.record(context!, {
    action: 'auth.sign-in',
    resourceType: 'staff-member',
    resourceId: candidate.id,
    outcome: 'allowed',
    details: { method: authenticatedBy },
  });
  return { ...session, staffMemberId: candidate.id };
}

/** Whether the organisation requires two-step sign-in of its staff. */
export async function organizationRequiresMfa(database: Database, organizationId: string): Promise<boolean> {
  const [row] = await database.orm
    .select({ required: organizations.requireStaffMfa })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.required ?? true;
}
