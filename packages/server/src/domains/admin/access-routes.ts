import {
  adminSessionSchema,
  apiTokenCreationSchema,
  apiTokenSummarySchema,
  createdApiTokenSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { runAsActor } from '../access/actor-scope.ts';
import { listApiTokens, revokeApiToken } from '../identity/api-tokens.ts';
import { issueApiToken } from './api-token-issuing.ts';
import { endOrganizationSession, listLiveSessions } from './live-sessions.ts';

const idParams = (what: string) => z.object({ id: z.uuid({ message: `must be ${what} id (a UUID)` }) });

/** Who is signed in (live sessions) and which scripts may call the API (API tokens). */
export function adminAccessRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/sessions',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Live sessions of the organisation: staff in the desk, patients and proxies in the portal',
          response: { 200: z.object({ items: z.array(adminSessionSchema) }) },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          return { items: await listLiveSessions(scope.orm, actor.organizationId) };
        });
      },
    );

    app.delete(
      '/api/admin/sessions/:id',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary: 'End one session now (its next request answers 401)',
          params: idParams('a session'),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const ended = await endOrganizationSession(scope.orm, actor.organizationId, request.params.id);
          scope.record({
            action: 'session.ended',
            resourceType: 'session',
            resourceId: request.params.id,
            outcome: 'allowed',
            details: { subjectType: ended.subjectType, subjectId: ended.subjectId },
          });
        });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/admin/api-tokens',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: ['admin'],
          summary:
            "The organisation's API tokens, newest first (the tokens themselves are never shown again)",
          response: { 200: z.object({ items: z.array(apiTokenSummarySchema) }) },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('api-tokens.manage');
          return { items: await listApiTokens(scope.orm, actor.organizationId) };
        });
      },
    );

    app.post(
      '/api/admin/api-tokens',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: ['admin'],
          summary:
            'Create an API token that acts as a staff member, with their role; the token is shown once',
          description:
            'Send it as `Authorization: Bearer <token>`. Expires after 90 days unless `expiresInDays` says otherwise (null: never).',
          body: apiTokenCreationSchema,
          response: { 201: createdApiTokenSchema },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const created = await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('api-tokens.manage');
          const token = await issueApiToken(scope.orm, actor.organizationId, request.body);
          scope.record({
            action: 'api-token.created',
            resourceType: 'api-token',
            resourceId: token.id,
            outcome: 'allowed',
            details: {
              staffMemberId: token.staffMemberId,
              name: request.body.name,
              expiresAt: token.expiresAt?.toISOString() ?? null,
            },
          });
          return token;
        });
        return reply.code(201).send({
          id: created.id,
          token: created.token,
          expiresAt: created.expiresAt?.toISOString() ?? null,
        });
      },
    );

    app.delete(
      '/api/admin/api-tokens/:id',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Revoke an API token; requests carrying it answer 401 from now on',
          params: idParams('an API token'),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('api-tokens.manage');
          await revokeApiToken(scope.orm, actor.organizationId, request.params.id);
          scope.record({
            action: 'api-token.revoked',
            resourceType: 'api-token',
            resourceId: request.params.id,
            outcome: 'allowed',
          });
        });
        return reply.code(204).send(null);
      },
    );
  };
}
