import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { DomainError, NotFound, RateLimited, Unauthenticated } from '../../errors.ts';
import { organizations } from '../organizations/schema.ts';
import type { MessageSender } from '../outbox/service.ts';
import { patientContactPoints } from '../patients/schema.ts';
import { portalIdentityFor } from './portal-access.ts';
import { type PortalContact, parsePortalContact } from './portal-contact.ts';
import { portalSignInCodes } from './schema.ts';
import { type SessionSettings, type StartedSession, startSession } from './sessions.ts';

/**
 * Portal sign-in without a password: a 6-digit code sent to the email or phone on file, valid
 * 10 minutes, 5 tries; after that a new code is needed. At most 5 codes an hour per contact.
 */
export const portalCodeRules = { validMinutes: 10, maxAttempts: 5, maxCodesPerHour: 5 } as const;

const hashCode = (codeId: string, code: string) => createHmac('sha256', codeId).update(code).digest();

async function organizationBySlug(orm: Orm, slug: string) {
  const [organization] = await orm
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  if (!organization) throw new NotFound(`There is no clinic called "${slug}".`);
  return organization;
}

/**
 * Sends a sign-in code when the contact belongs to a patient or proxy of the clinic. The answer
 * is the same either way, so the form does not reveal who is a patient.
 */
export async function requestPortalCode(
  orm: Orm,
  sender: MessageSender,
  input: { organization: string; contact: string },
): Promise<void> {
  const organization = await organizationBySlug(orm, input.organization);
  const contact = parsePortalContact(input.contact);
  const identity = await portalIdentityFor(orm, organization.id, contact);
  if (!identity) return;
  const recent = await orm
    .select({ id: portalSignInCodes.id })
    .from(portalSignInCodes)
    .where(
      and(
        eq(portalSignInCodes.organizationId, organization.id),
        eq(portalSignInCodes.contact, contact.key),
        gt(portalSignInCodes.createdAt, new Date(Date.now() - 60 * 60_000)),
      ),
    );
  if (recent.length >= portalCodeRules.maxCodesPerHour)
    throw new RateLimited(
      'Too many codes were sent to this contact in the last hour. Wait a while, then try again.',
    );
  // Only the newest code works.
  await orm
    .update(portalSignInCodes)
    .set({ consumedAt: new Date() })
    .where(
      and(
        eq(portalSignInCodes.organizationId, organization.id),
        eq(portalSignInCodes.contact, contact.key),
        isNull(portalSignInCodes.consumedAt),
      ),
    );
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const [row] = await orm
    .insert(portalSignInCodes)
    .values({
      organizationId: organization.id,
      contact: contact.key,
      codeHash: Buffer.alloc(32),
      expiresAt: new Date(Date.now() + portalCodeRules.validMinutes * 60_000),
    })
    .returning({ id: portalSignInCodes.id });
  await orm
    .update(portalSignInCodes)
    .set({ codeHash: hashCode(row!.id, code) })
    .where(eq(portalSignInCodes.id, row!.id));
  const text = `Your ${organization.name} sign-in code is ${code}. It expires in ${portalCodeRules.validMinutes} minutes. Never share it; the clinic will not ask for it.`;
  await sender.send(orm, {
    organizationId: organization.id,
    channel: contact.kind === 'email' ? 'email' : 'sms',
    recipient: contact.value,
    subject: contact.kind === 'email' ? `Your ${organization.name} sign-in code` : undefined,
    body: text,
    purpose: 'portal-sign-in-code',
  });
}

/**
 * A code that arrived proves the person holds the email or phone: on their own records that
 * contact point is now verified (a proxy's access to someone else's record proves nothing there).
 */
async function markContactVerified(
  orm: Orm,
  organizationId: string,
  contact: PortalContact,
  grants: readonly { patientId: string; via: 'self' | 'proxy' }[],
): Promise<void> {
  const own = grants.filter((grant) => grant.via === 'self').map((grant) => grant.patientId);
  if (own.length === 0) return;
  const sameContact =
    contact.kind === 'email'
      ? sql`lower(${patientContactPoints.value}) = ${contact.value}`
      : sql`regexp_replace(${patientContactPoints.value}, '\\D', '', 'g') in (${contact.value}, ${`1${contact.value}`})`;
  await orm
    .update(patientContactPoints)
    .set({ verifiedAt: new Date() })
    .where(
      and(
        eq(patientContactPoints.organizationId, organizationId),
        inArray(patientContactPoints.patientId, own),
        eq(patientContactPoints.kind, contact.kind),
        isNull(patientContactPoints.verifiedAt),
        sameContact,
      ),
    );
}

class CodeNotAccepted extends DomainError {
  constructor(message: string) {
    super('unauthenticated', 401, message);
  }
}

/** Checks a code; the right one opens a portal session for the contact. */
export async function verifyPortalCode(
  orm: Orm,
  settings: SessionSettings,
  input: { organization: string; contact: string; code: string; ip?: string; userAgent?: string },
): Promise<StartedSession & { organizationId: string }> {
  const organization = await organizationBySlug(orm, input.organization);
  const contact = parsePortalContact(input.contact);
  const [current] = await orm
    .select()
    .from(portalSignInCodes)
    .where(
      and(
        eq(portalSignInCodes.organizationId, organization.id),
        eq(portalSignInCodes.contact, contact.key),
        isNull(portalSignInCodes.consumedAt),
      ),
    )
    .orderBy(desc(portalSignInCodes.createdAt))
    .limit(1);
  if (!current || current.expiresAt <= new Date())
    throw new CodeNotAccepted('This code has expired or was already used. Ask for a new code.');
  if (current.attempts >= portalCodeRules.maxAttempts)
    throw new CodeNotAccepted('Too many wrong tries for this code. Ask for a new code.');
  const expected = current.codeHash;
  const given = hashCode(current.id, input.code);
  if (!timingSafeEqual(expected, given)) {
    const [updated] = await orm
      .update(portalSignInCodes)
      .set({ attempts: sql`${portalSignInCodes.attempts} + 1` })
      .where(eq(portalSignInCodes.id, current.id))
      .returning({ attempts: portalSignInCodes.attempts });
    const left = portalCodeRules.maxAttempts - updated!.attempts;
    throw new CodeNotAccepted(
      left > 0
        ? `That code is not right. ${left} tr${left === 1 ? 'y' : 'ies'} left.`
        : 'That code is not right, and no tries are left. Ask for a new code.',
    );
  }
  await orm
    .update(portalSignInCodes)
    .set({ consumedAt: new Date() })
    .where(eq(portalSignInCodes.id, current.id));
  const identity = await portalIdentityFor(orm, organization.id, contact);
  if (!identity) throw new Unauthenticated('This contact is no longer on file with the clinic.');
  await markContactVerified(orm, organization.id, contact, identity.grants);
  const session = await startSession(orm, settings, {
    organizationId: organization.id,
    subjectType: identity.subject.type,
    subjectId: identity.subject.id,
    authenticatedBy: 'one-time-code',
    portalContact: contact.key,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return { ...session, organizationId: organization.id };
}
