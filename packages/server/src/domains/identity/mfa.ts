import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Invalid } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { staffMembers } from '../staff/schema.ts';
import { staffRecoveryCodes } from './schema.ts';

/**
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238, via otplib) and single-use
 * recovery codes. The shared secret is encrypted at rest like PHI; recovery codes are hashed.
 */

const secretField = 'staff_members.mfa_secret';
const recoveryCodeCount = 10;
// One time step either side absorbs clock drift between the phone and the server.
const epochTolerance = 30;

export interface MfaEnrollment {
  /** `otpauth://` URI for authenticator apps, also drawn as the QR code. */
  uri: string;
  /** The secret in Base32, for typing in when the camera cannot scan. */
  secret: string;
  /** The QR code as an SVG image. */
  qrCodeSvg: string;
}

const hashRecoveryCode = (code: string) =>
  createHash('sha256')
    .update(code.replace(/[^a-z0-9]/gi, '').toLowerCase())
    .digest();

function newRecoveryCode(): string {
  const raw = randomBytes(8).toString('hex'); // 64 bits
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
}

/** Starts enrolment: a new secret, kept pending until the first code confirms it. */
export async function startMfaEnrollment(
  orm: Orm,
  cipher: FieldCipher,
  staff: { id: string; email: string; organizationName: string; mfaEnabled: boolean },
): Promise<MfaEnrollment> {
  if (staff.mfaEnabled)
    throw new Conflict(
      'Two-step sign-in is already set up. Ask an administrator to reset it if you lost your device.',
    );
  const secret = generateSecret();
  await orm
    .update(staffMembers)
    .set({
      mfaSecretEncrypted: cipher.encrypt(secretField, secret),
      mfaEnabledAt: null,
      mfaLastTimeStep: null,
    })
    .where(eq(staffMembers.id, staff.id));
  const uri = generateURI({ issuer: `PatientDesk (${staff.organizationName})`, label: staff.email, secret });
  return { uri, secret, qrCodeSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, width: 220 }) };
}

/** Checks a code against a secret; returns the matched time step, or null. */
async function matchTotp(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  }).catch(() => ({ valid: false as const }));
  if (!result.valid) return null;
  return 'timeStep' in result ? result.timeStep : Math.floor(Date.now() / 30_000);
}

/** Confirms enrolment with the first code from the app; returns the recovery codes (shown once). */
export async function confirmMfaEnrollment(
  orm: Orm,
  cipher: FieldCipher,
  staff: { id: string; organizationId: string },
  code: string,
): Promise<string[]> {
  const [row] = await orm
    .select({ secret: staffMembers.mfaSecretEncrypted, enabledAt: staffMembers.mfaEnabledAt })
    .from(staffMembers)
    .where(eq(staffMembers.id, staff.id));
  if (!row?.secret)
    throw new Conflict('Start setting up two-step sign-in first: no secret is waiting for a code.');
  if (row.enabledAt) throw new Conflict('Two-step sign-in is already set up.');
  const step = await matchTotp(cipher.decrypt(secretField, row.secret), code, null);
  if (step === null)
    throw new Invalid('That code is not right. Enter the 6-digit code your authenticator app shows now.', [
      { field: 'body.code', message: 'does not match' },
    ]);
  await orm
    .update(staffMembers)
    .set({ mfaEnabledAt: new Date(), mfaLastTimeStep: step })
    .where(eq(staffMembers.id, staff.id));
  return replaceRecoveryCodes(orm, staff);
}

/** New recovery codes; the old ones stop working. */
export async function replaceRecoveryCodes(
  orm: Orm,
  staff: { id: string; organizationId: string },
): Promise<string[]> {
  await orm.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffMemberId, staff.id));
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  await orm.insert(staffRecoveryCodes).values(
    codes.map((code) => ({
      organizationId: staff.organizationId,
      staffMemberId: staff.id,
      codeHash: hashRecoveryCode(code),
    })),
  );
  return codes;
}

/**
 * Checks a sign-in's second step: a 6-digit code from the app (each time step accepted once) or
 * an unused recovery code (used up by this). Returns how it passed, or null.
 */
export async function verifySecondFactor(
  orm: Orm,
  cipher: FieldCipher,
  staffMemberId: string,
  code: string,
): Promise<'password+totp' | 'password+recovery-code' | null> {
  const [row] = await orm
    .select({ secret: staffMembers.mfaSecretEncrypted, lastStep: staffMembers.mfaLastTimeStep })
    .from(staffMembers)
    .where(eq(staffMembers.id, staffMemberId));
  if (!row?.secret) return null;
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = await matchTotp(cipher.decrypt(secretField, row.secret), trimmed, row.lastStep ?? null);
    if (step === null) return null;
    await orm.update(staffMembers).set({ mfaLastTimeStep: step }).where(eq(staffMembers.id, staffMemberId));
    return 'password+totp';
  }
  const used = await orm
    .update(staffRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(staffRecoveryCodes.staffMemberId, staffMemberId),
        eq(staffRecoveryCodes.codeHash, hashRecoveryCode(trimmed)),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
  return used.length > 0 ? 'password+recovery-code' : null;
}

/** Removes two-step sign-in (an admin's reset for a lost phone); the next sign-in enrols again. */
export async function resetMfa(orm: Orm, staffMemberId: string): Promise<void> {
  await orm
    .update(staffMembers)
    .set({ mfaSecretEncrypted: null, mfaEnabledAt: null, mfaLastTimeStep: null })
    .where(eq(staffMembers.id, staffMemberId));
  await orm.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffMemberId, staffMemberId));
}

/** How many unused recovery codes remain. */
export async function remainingRecoveryCodes(orm: Orm, staffMemberId: string): Promise<number> {
  const rows = await orm
    .select({ id: staffRecoveryCodes.id })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffMemberId, staffMemberId), isNull(staffRecoveryCodes.usedAt)));
  return rows.length;
}
