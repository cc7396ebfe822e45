import {
  assistantSettingsSchema,
  assistantSettingsViewSchema,
  deflectionQuerySchema,
  deflectionSchema,
  frequentRequestsQuerySchema,
  frequentRequestsSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import { assistantSettingsOf, saveAssistantSettings } from './assistant-settings.ts';
import { deflection, frequentRequests } from './insights.ts';

/** The assistant's settings, what it achieved, and what people ask for (supervisors). */
export function assistantRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/assistant/settings',
      {
        config: { permission: 'inbox.settings.manage' },
        schema: {
          tags: ['assistant'],
          summary: 'Whether and where the assistant answers, and how sure it must be',
          response: { 200: assistantSettingsViewSchema },
        },
      },
      async (request) =>
        run(request, async (scope) => ({
          ...(await assistantSettingsOf(scope.orm, staffActor(request).organizationId)),
          languageModelConfigured: deps.config.assistant.languageModel !== null,
        })),
    );

    app.put(
      '/api/assistant/settings',
      {
        config: { permission: 'inbox.settings.manage' },
        schema: {
          tags: ['assistant'],
          summary: 'Turn the assistant on or off, choose its channels and its confidence threshold',
          body: assistantSettingsSchema,
          response: { 200: assistantSettingsViewSchema },
        },
      },
      async (request) =>
        run(request, async (scope) => ({
          ...(await saveAssistantSettings(scope, request.body)),
          languageModelConfigured: deps.config.assistant.languageModel !== null,
        })),
    );

    app.get(
      '/api/assistant/deflection',
      {
        config: { permission: 'inbox.supervise' },
        schema: {
          tags: ['assistant'],
          summary: 'Questions answered without a person, handed over, unanswered, and "did this help?"',
          querystring: deflectionQuerySchema,
          response: { 200: deflectionSchema },
        },
      },
      async (request) => run(request, (scope) => deflection(scope.orm, request.query.days)),
    );

    app.get(
      '/api/inbox/frequent-requests',
      {
        config: { permission: 'inbox.supervise' },
        schema: {
          tags: ['assistant'],
          summary: 'Per week: the top intents, and the most asked questions no article answered',
          description: 'Shows patients’ own words: reading it is recorded in the audit log.',
          querystring: frequentRequestsQuerySchema,
          response: { 200: frequentRequestsSchema },
        },
      },
      async (request) =>
        run(request, async (scope) => {
          const { patientIds, ...figures } = await frequentRequests(
            scope.orm,
            deps.cipher,
            staffActor(request).organizationId,
            request.query.weeks,
          );
          scope.record({
            action: 'assistant.unanswered-questions.read',
            resourceType: 'organization',
            resourceId: staffActor(request).organizationId,
            patientIds,
            outcome: 'allowed',
            details: { weeks: request.query.weeks },
          });
          return figures;
        }),
    );
  };
}
