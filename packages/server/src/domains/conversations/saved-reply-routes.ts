import {
  newSavedReplySchema,
  renderedSavedReplySchema,
  savedReplyIdParamsSchema,
  savedReplyListQuerySchema,
  savedReplyListSchema,
  savedReplyRenderParamsSchema,
  savedReplySchema,
  savedReplyUpdateSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  renderSavedReply,
  updateSavedReply,
} from './saved-replies.ts';
import { templateVariables } from './saved-reply-template.ts';

const variablesList = Object.keys(templateVariables)
  .map((name) => `\`{{${name}}}\``)
  .join(', ');

/** Saved replies for the composer: the shared ones and each agent's own, and filling one in. */
export function savedReplyRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/saved-replies',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['saved-replies'],
          summary: 'The shared saved replies and your own, by language and words',
          description:
            '`q` finds replies whose title, text or shortcut contains it, in any case; `language` keeps one language.',
          querystring: savedReplyListQuerySchema,
          response: { 200: savedReplyListSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const items = await run(request, (scope) =>
          listSavedReplies(scope.orm, { staffMemberId: actor.staffMemberId }, request.query),
        );
        return { items };
      },
    );

    app.post(
      '/api/saved-replies',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['saved-replies'],
          summary: 'Save a reply for yourself, or for the whole clinic (`shared`, supervisors)',
          description: `The text may use ${variablesList}; any other variable is refused. A shortcut is unique among the shared replies, and among each person's own (409 \`conflict\`).`,
          body: newSavedReplySchema,
          response: { 201: savedReplySchema },
        },
      },
      async (request, reply) => {
        const saved = await run(request, (scope) => createSavedReply(scope, request.body));
        return reply.code(201).send(saved);
      },
    );

    app.patch(
      '/api/saved-replies/:id',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['saved-replies'],
          summary: 'Change one of your replies, or a shared one (supervisors)',
          params: savedReplyIdParamsSchema,
          body: savedReplyUpdateSchema,
          response: { 200: savedReplySchema },
        },
      },
      async (request) => run(request, (scope) => updateSavedReply(scope, request.params.id, request.body)),
    );

    app.delete(
      '/api/saved-replies/:id',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['saved-replies'],
          summary: 'Delete one of your replies, or a shared one (supervisors)',
          params: savedReplyIdParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) => deleteSavedReply(scope, request.params.id));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/conversations/:id/saved-replies/:savedReplyId/render',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['saved-replies'],
          summary: 'Fill a saved reply in for this conversation, ready for the composer',
          description:
            'Patient variables are filled only once the contact’s identity is verified. A reply that needs a value the conversation lacks is refused with 422 `saved_reply_missing_values`; each detail names one variable (`template.patient.preferredName`).',
          params: savedReplyRenderParamsSchema,
          response: { 200: renderedSavedReplySchema },
        },
      },
      async (request) =>
        run(request, (scope) =>
          renderSavedReply(scope, deps.config, request.params.id, request.params.savedReplyId),
        ),
    );
  };
}
