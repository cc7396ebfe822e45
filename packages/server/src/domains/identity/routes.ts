import { signedInStaffSchema, staffSignInRequestSchema } from '@patientdesk/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import { staffActor } from '../../http/access.ts';
import { describeSignedInStaff } from '../staff/service.ts';
import { endSession, sessionCookieName, signInStaff } from './service.ts';

interface IdentityRouteDependencies {
  database: Database;
  sessions: Config['sessions'];
  cookieSecure: boolean;
}

/** Staff sign-in, sign-out and "who am I". */
export function identityRoutes({
  database,
  sessions,
  cookieSecure,
}: IdentityRouteDependencies): FastifyPluginAsyncZod {
  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(sessionCookieName, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: cookieSecure,
      path: '/',
      expires: expiresAt,
    });

  return async (app) => {
    app.post(
      '/api/auth/staff/sign-in',
      {
        // Slows password guessing from one address; per-account lockout belongs to the identity issue.
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign a staff member in with email and password; sets the session cookie',
          body: staffSignInRequestSchema,
          response: { 200: signedInStaffSchema },
        },
      },
      async (request, reply) => {
        const started = await signInStaff(database, sessions, {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        setSessionCookie(reply, started.token, started.expiresAt);
        return describeSignedInStaff(database.orm, started.staff.id, started.expiresAt);
      },
    );

    app.post(
      '/api/auth/sign-out',
      {
        config: { access: 'staff' },
        schema: { tags: ['identity'], summary: 'End this session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await endSession(database.orm, staffActor(request).sessionId);
        reply.clearCookie(sessionCookieName, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'staff' },
        schema: {
          tags: ['identity'],
          summary: 'The signed-in staff member',
          response: { 200: signedInStaffSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return describeSignedInStaff(database.orm, actor.staffMemberId, actor.sessionExpiresAt);
      },
    );
  };
}
