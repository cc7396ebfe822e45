import { organizationSettingsSchema, outboxMessageSchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { runAsActor } from '../access/actor-scope.ts';
import { listOutbox } from '../outbox/service.ts';
import { getOrganizationSettings, updateOrganizationSettings } from './organization-settings.ts';

/** The organisation's outbox (the demo's email and SMS) and its security settings. */
export function adminOrganizationRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher } = deps;
  return async (app) => {
    app.get(
      '/api/admin/outbox',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['admin'],
          summary: 'The newest email and SMS messages kept in the outbox instead of sent',
          querystring: z.object({
            limit: z.coerce
              .number({ message: 'must be a whole number' })
              .int('must be a whole number')
              .min(1, 'must be between 1 and 200')
              .max(200, 'must be between 1 and 200')
              .default(50),
          }),
          response: { 200: z.object({ items: z.array(outboxMessageSchema) }) },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('outbox.read');
          const items = await listOutbox(scope.orm, cipher, actor.organizationId, request.query.limit);
          // Messages carry sign-in codes and links, so reading them is on record.
          scope.record({
            action: 'outbox.read',
            resourceType: 'outbox',
            outcome: 'allowed',
            details: { messages: items.length },
          });
          return { items };
        });
      },
    );

    app.get(
      '/api/admin/settings',
      {
        config: { permission: 'organization.settings.update' },
        schema: {
          tags: ['admin'],
          summary: 'Security settings: two-step sign-in for staff, and the ages of the proxy access rules',
          response: { 200: organizationSettingsSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('organization.settings.update');
          return getOrganizationSettings(scope.orm, actor.organizationId);
        });
      },
    );

    app.put(
      '/api/admin/settings',
      {
        config: { permission: 'organization.settings.update' },
        schema: {
          tags: ['admin'],
          summary: 'Change the security settings (they apply from the next request)',
          body: organizationSettingsSchema,
          response: { 200: organizationSettingsSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('organization.settings.update');
          const { before, after } = await updateOrganizationSettings(
            scope.orm,
            actor.organizationId,
            request.body,
          );
          scope.record({
            action: 'organization.settings-updated',
            resourceType: 'organization',
            resourceId: actor.organizationId,
            outcome: 'allowed',
            details: { before, after },
          });
          return after;
        });
      },
    );
  };
}
