import {
  activeSessionSchema,
  invitationAcceptanceSchema,
  invitationSchema,
  mfaCodeRequestSchema,
  mfaEnrollmentSchema,
  passwordResetCompletionSchema,
  passwordResetRequestSchema,
  portalCodeRequestSchema,
  portalCodeVerificationSchema,
  recoveryCodesSchema,
  signedInSchema,
  staffSignInRequestSchema,
} from '@patientdesk/contracts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Forbidden, NotFound } from '../../errors.ts';
import { actorOf, staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import type { Actor } from '../access/actor.ts';
import { auditContextOf, runAsActor } from '../access/actor-scope.ts';
import { getOrganization } from '../organizations/service.ts';
import { patients } from '../patients/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { describeSignedInStaff } from '../staff/service.ts';
import { clearSessionCookies, setSessionCookies } from './csrf.ts';
import { confirmMfaEnrollment, replaceRecoveryCodes, startMfaEnrollment, verifySecondFactor } from './mfa.ts';
import {
  acceptInvitation,
  completePasswordReset,
  describeInvitation,
  requestPasswordReset,
} from './one-time-links.ts';
import { requestPortalCode, verifyPortalCode } from './portal-sign-in.ts';
import { actorForSession } from './resolve-actor.ts';
import { sessions } from './schema.ts';
import { endSession, endSessionsOf, findLiveSession, liveSession } from './sessions.ts';
import { signInStaff } from './staff-sign-in.ts';

const sessionIdOf = (actor: Actor): string | undefined =>
  actor.kind === 'portal'
    ? actor.sessionId
    : actor.credential.kind === 'session'
      ? actor.credential.sessionId
      : undefined;

/** Sign-in and sign-out for staff and portal users, two-step enrolment, password reset and invitations. */
export function identityRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, config, audit, cipher, sender } = deps;
  const cookies = { secure: config.http.cookieSecure };

  const describe = async (actor: Actor, request?: FastifyRequest) => {
    if (actor.kind === 'staff') {
      return describeSignedInStaff(
        database.orm,
        actor.staffMemberId,
        actor.credential.kind === 'session' ? actor.credential.expiresAt : null,
      );
    }
    const organization = await getOrganization(database.orm, actor.organizationId);
    const names = await runAsActor(deps, request, actor, async ({ orm, record }) => {
      const ids = actor.grants.map((grant) => grant.patientId);
      if (ids.length === 0) return new Map<string, string>();
      // The names of the patients a person acts for are PHI too: their reading is on record.
      record({
        action: 'portal.patients.list',
        resourceType: 'patient',
        patientIds: ids,
        outcome: 'allowed',
      });
      const rows = await orm
        .select({
          id: patients.id,
          given: patients.givenName,
          preferred: patients.preferredName,
          family: patients.familyName,
        })
        .from(patients)
        .where(inArray(patients.id, ids));
      return new Map(rows.map((row) => [row.id, `${row.preferred ?? row.given} ${row.family}`]));
    });
    return {
      kind: 'portal' as const,
      role: actor.role,
      displayName: actor.displayName,
      organization: { id: organization.id, slug: organization.slug, name: organization.name },
      sessionExpiresAt: actor.sessionExpiresAt.toISOString(),
      patients: actor.grants.map((grant) => ({
        id: grant.patientId,
        displayName: names.get(grant.patientId) ?? '',
        relationship: grant.via === 'self' ? 'self' : (grant.relationship ?? 'other'),
        scopes: [...grant.scopes],
      })),
    };
  };

  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        // Slows password guessing from one address; the per-account lock is in signInStaff.
        config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign a staff member in with email, password and (when enrolled) an authenticator code',
          description:
            'Sets the session cookie (HttpOnly) and the CSRF cookie `pd_csrf`, whose value must be sent back in `x-csrf-token` on requests that change something. Answers 401 `mfa_required` when the password is right and a code is needed.',
          body: staffSignInRequestSchema,
          response: { 200: signedInSchema },
        },
      },
      async (request, reply) => {
        const session = await signInStaff(
          { database, sessions: config.sessions, cipher, audit },
          {
            email: request.body.email,
            password: request.body.password,
            code: request.body.code,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
            requestId: request.id,
          },
        );
        setSessionCookies(reply, cookies, session);
        return describeSignedInStaff(database.orm, session.staffMemberId, session.expiresAt);
      },
    );

    app.post(
      '/api/auth/sign-out',
      {
        config: { permission: 'signed-in' },
        schema: { tags: ['identity'], summary: 'End this session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const sessionId = sessionIdOf(actor);
        if (sessionId) await endSession(database.orm, sessionId);
        await audit.record(auditContextOf(request, actor), {
          action: 'auth.sign-out',
          resourceType: 'session',
          resourceId: sessionId ?? null,
          outcome: 'allowed',
        });
        clearSessionCookies(reply);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/sign-out-everywhere',
      {
        config: { permission: 'signed-in' },
        schema: {
          tags: ['identity'],
          summary: 'End every session of the signed-in person, on every device, including this one',
          response: { 200: z.object({ endedSessions: z.number().int() }) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const ended =
          actor.kind === 'staff'
            ? await endSessionsOf(database.orm, { type: 'staff', id: actor.staffMemberId })
            : await endSessionsOf(database.orm, {
                portalContact: actor.contact,
                organizationId: actor.organizationId,
              });
        await audit.record(auditContextOf(request, actor), {
          action: 'auth.sign-out-everywhere',
          resourceType: 'session',
          outcome: 'allowed',
          details: { endedSessions: ended },
        });
        clearSessionCookies(reply);
        return { endedSessions: ended };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { permission: 'signed-in' },
        schema: { tags: ['identity'], summary: 'Who is signed in', response: { 200: signedInSchema } },
      },
      async (request) => describe(actorOf(request), request),
    );

    app.get(
      '/api/auth/sessions',
      {
        config: { permission: 'signed-in' },
        schema: {
          tags: ['identity'],
          summary: 'My live sessions (devices where I am signed in)',
          response: { 200: z.object({ items: z.array(activeSessionSchema) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const who =
          actor.kind === 'staff'
            ? and(eq(sessions.subjectType, 'staff'), eq(sessions.subjectId, actor.staffMemberId))
            : and(
                eq(sessions.portalContact, actor.contact),
                eq(sessions.organizationId, actor.organizationId),
              );
        const rows = await database.orm
          .select()
          .from(sessions)
          .where(and(who, liveSession(new Date())))
          .orderBy(desc(sessions.lastSeenAt));
        const current = sessionIdOf(actor);
        return {
          items: rows.map((row) => ({
            id: row.id,
            current: row.id === current,
            ip: row.ip,
            userAgent: row.userAgent,
            authenticatedBy: row.authenticatedBy,
            createdAt: row.createdAt.toISOString(),
            lastSeenAt: row.lastSeenAt.toISOString(),
            expiresAt: row.expiresAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/api/auth/mfa/enrollment',
      {
        config: { permission: 'signed-in-staff' },
        schema: {
          tags: ['identity'],
          summary: 'Start setting up two-step sign-in: a new secret and its QR code',
          response: { 200: mfaEnrollmentSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const [staff] = await database.orm
          .select({ email: staffMembers.email, mfaEnabledAt: staffMembers.mfaEnabledAt })
          .from(staffMembers)
          .where(eq(staffMembers.id, actor.staffMemberId));
        const organization = await getOrganization(database.orm, actor.organizationId);
        return startMfaEnrollment(database.orm, cipher, {
          id: actor.staffMemberId,
          email: staff!.email,
          organizationName: organization.name,
          mfaEnabled: Boolean(staff!.mfaEnabledAt),
        });
      },
    );

    app.post(
      '/api/auth/mfa/enrollment/confirm',
      {
        config: { permission: 'signed-in-staff' },
        schema: {
          tags: ['identity'],
          summary:
            'Finish setting up two-step sign-in with the first code; returns recovery codes (shown once)',
          body: mfaCodeRequestSchema,
          response: { 200: recoveryCodesSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const recoveryCodes = await confirmMfaEnrollment(
          database.orm,
          cipher,
          { id: actor.staffMemberId, organizationId: actor.organizationId },
          request.body.code,
        );
        await audit.record(auditContextOf(request, actor), {
          action: 'auth.mfa-enrolled',
          resourceType: 'staff-member',
          resourceId: actor.staffMemberId,
          outcome: 'allowed',
        });
        return { recoveryCodes };
      },
    );

    app.post(
      '/api/auth/mfa/recovery-codes',
      {
        config: { permission: 'signed-in-staff' },
        schema: {
          tags: ['identity'],
          summary: 'Replace my recovery codes (needs a current authenticator code)',
          body: mfaCodeRequestSchema,
          response: { 200: recoveryCodesSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const passed = await verifySecondFactor(database.orm, cipher, actor.staffMemberId, request.body.code);
        if (passed !== 'password+totp')
          throw new Forbidden(
            'That code is not right, or it was already used. Wait for the next code in your authenticator app and enter it.',
          );
        return {
          recoveryCodes: await replaceRecoveryCodes(database.orm, {
            id: actor.staffMemberId,
            organizationId: actor.organizationId,
          }),
        };
      },
    );

    app.post(
      '/api/auth/password-reset/request',
      {
        config: { permission: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Email a password-reset link (the answer is the same whether or not the account exists)',
          body: passwordResetRequestSchema,
          response: { 202: z.object({ message: z.string() }) },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(database.orm, sender, config.publicUrl, request.body.email);
        return reply.code(202).send({
          message:
            'If an account uses this email, a reset link is on its way. It works once, within an hour.',
        });
      },
    );

    app.post(
      '/api/auth/password-reset/complete',
      {
        config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Choose a new password with a reset link; signs the account out everywhere',
          body: passwordResetCompletionSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const done = await completePasswordReset(database.orm, request.body.token, request.body.password);
        await audit.record(
          {
            organizationId: done.organizationId,
            actorType: 'staff',
            actorId: done.staffMemberId,
            actorRole: null,
            actorName: null,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
            requestId: request.id,
          },
          {
            action: 'auth.password-reset',
            resourceType: 'staff-member',
            resourceId: done.staffMemberId,
            outcome: 'allowed',
          },
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/invitations/:token',
      {
        config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'What an invitation link is for',
          params: z.object({ token: z.string().min(20).max(200) }),
          response: { 200: invitationSchema },
        },
      },
      async (request) => describeInvitation(database.orm, request.params.token),
    );

    app.post(
      '/api/auth/invitations/accept',
      {
        config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Accept an invitation: choose a name and password, then sign in',
          body: invitationAcceptanceSchema,
          response: { 200: z.object({ email: z.string() }) },
        },
      },
      async (request) => {
        const accepted = await acceptInvitation(database.orm, request.body);
        await audit.record(
          {
            organizationId: accepted.organizationId,
            actorType: 'staff',
            actorId: accepted.staffMemberId,
            actorRole: null,
            actorName: request.body.displayName,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
            requestId: request.id,
          },
          {
            action: 'staff.invitation-accepted',
            resourceType: 'staff-member',
            resourceId: accepted.staffMemberId,
            outcome: 'allowed',
          },
        );
        return { email: accepted.email };
      },
    );

    app.post(
      '/api/auth/portal/request-code',
      {
        config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Send a portal sign-in code to an email or mobile number on file',
          body: portalCodeRequestSchema,
          response: { 202: z.object({ message: z.string() }) },
        },
      },
      async (request, reply) => {
        await requestPortalCode(database.orm, sender, request.body);
        return reply.code(202).send({
          message:
            'If this email or number is on file with the clinic, a 6-digit code is on its way. It is valid for 10 minutes.',
        });
      },
    );

    app.post(
      '/api/auth/portal/verify-code',
      {
        config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in to the portal with the code; sets the session cookie',
          body: portalCodeVerificationSchema,
          response: { 200: signedInSchema },
        },
      },
      async (request, reply) => {
        const session = await verifyPortalCode(database.orm, config.sessions, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        setSessionCookies(reply, cookies, session);
        const live = await findLiveSession(database.orm, config.sessions, session.token, { touch: false });
        const actor = live && (await actorForSession(database, live));
        if (!actor) throw new NotFound('This contact is no longer on file with the clinic.');
        await audit.record(auditContextOf(request, actor), {
          action: 'auth.sign-in',
          resourceType: 'portal-session',
          resourceId: session.id,
          outcome: 'allowed',
          details: { method: 'one-time-code' },
        });
        return describe(actor, request);
      },
    );
  };
}
