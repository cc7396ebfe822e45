import {
  messageTriageSchema,
  safetySettingsSchema,
  triageCorrectionSchema,
  triageRequestSchema,
  triageResultSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { publishConversationChange } from '../conversations/live-events.ts';
import { correctTriage } from '../conversations/triage-correction.ts';
import { asStaff } from '../patients/run-as.ts';
import { configuredTriageEngine } from './model-file.ts';
import { readSafetySettings, saveSafetySettings } from './safety-settings.ts';

/** Triage for tools (the same engine the inbox uses), corrections from the desk, safety numbers. */
export function triageRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.post(
      '/api/triage',
      {
        config: { permission: 'triage.run' },
        schema: {
          tags: ['triage'],
          summary: 'Triage a message: urgency, intent and the reasons (the engine the inbox uses)',
          description:
            'Nothing is stored. Lets an independent evaluation set be run through the same engine: red-flag rules with negation and history, then the model, leaning to the higher urgency when unsure.',
          body: triageRequestSchema,
          response: { 200: triageResultSchema },
        },
      },
      async (request) => {
        const result = configuredTriageEngine().triage(request.body);
        return {
          urgency: result.urgency,
          intent: result.intent,
          language: result.language,
          reasons: result.reasons,
          probabilities: result.probabilities,
        };
      },
    );

    app.post(
      '/api/conversations/:id/messages/:messageId/triage-correction',
      {
        config: { permission: 'triage.correct' },
        schema: {
          tags: ['triage'],
          summary: "Correct a message's urgency and intent (clinicians and supervisors)",
          description:
            "The conversation's priority and intent follow the correction; it is kept as a labelled example for retraining.",
          params: z.object({ id: z.uuid(), messageId: z.uuid() }),
          body: triageCorrectionSchema,
          response: { 200: messageTriageSchema },
        },
      },
      async (request) => {
        const { conversation, triage } = await run(request, (scope) =>
          correctTriage(scope, deps, request.params.id, request.params.messageId, request.body),
        );
        await publishConversationChange(deps.events, conversation, 'updated');
        return triage;
      },
    );

    app.get(
      '/api/triage/safety-settings',
      {
        config: { permission: 'inbox.settings.manage' },
        schema: {
          tags: ['triage'],
          summary:
            'The numbers the safety reply gives, and the on-call phone paged when no clinician is on duty',
          response: { 200: safetySettingsSchema },
        },
      },
      async (request) =>
        run(request, (scope) => readSafetySettings(scope.orm, staffActor(request).organizationId)),
    );

    app.put(
      '/api/triage/safety-settings',
      {
        config: { permission: 'inbox.settings.manage' },
        schema: {
          tags: ['triage'],
          summary: 'Set the safety numbers (per country) and the on-call phone',
          body: safetySettingsSchema,
          response: { 200: safetySettingsSchema },
        },
      },
      async (request) => run(request, (scope) => saveSafetySettings(scope, request.body)),
    );
  };
}
