import {
  conversationIdParamsSchema,
  portalConversationListSchema,
  portalMessageSendSchema,
  portalThreadSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { assistantTurn } from '../assistant/after-inbound.ts';
import { asPortalUser } from '../patients/run-as.ts';
import { publishInbound } from './live-events.ts';
import { listPortalConversations, readPortalThread, sendPortalMessage } from './portal-messages.ts';

/** The portal's secure messages: the signed-in patient's or proxy's threads with the clinic. */
export function portalMessageRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher, search, events } = deps;
  const assistant = assistantTurn(deps);
  const crypto = { cipher, search, channels: deps.channels, publicUrl: deps.config.publicUrl };
  const run = asPortalUser(deps);
  return async (app) => {
    app.get(
      '/api/portal/conversations',
      {
        config: { permission: 'portal.messages.read' },
        schema: {
          tags: ['portal'],
          summary: 'My message threads with the clinic (and secure answers sent to me)',
          description:
            'A proxy sees the threads they wrote about patients whose `messaging` scope they hold.',
          response: { 200: portalConversationListSchema },
        },
      },
      async (request) => ({ items: await run(request, (scope) => listPortalConversations(scope, crypto)) }),
    );

    app.get(
      '/api/portal/conversations/:id',
      {
        config: { permission: 'portal.messages.read' },
        schema: {
          tags: ['portal'],
          summary: 'One thread and its messages (internal notes of the staff are never shown)',
          params: conversationIdParamsSchema,
          response: { 200: portalThreadSchema },
        },
      },
      async (request) => run(request, (scope) => readPortalThread(scope, crypto, request.params.id)),
    );

    app.post(
      '/api/portal/messages',
      {
        config: { permission: 'portal.messages.write', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['portal'],
          summary: 'Write to the clinic about yourself or a patient you act for',
          description:
            'Joins the open thread about that patient, or starts one. Sent again with the same `clientMessageId`, it is stored once.',
          body: portalMessageSendSchema,
          response: { 201: portalThreadSchema },
        },
      },
      async (request, reply) => {
        const { thread, result } = await run(request, (scope) =>
          sendPortalMessage(scope, crypto, request.body),
        );
        await publishInbound(events, result);
        if (await assistant(result))
          return reply
            .code(201)
            .send(await run(request, (scope) => readPortalThread(scope, crypto, result.conversation.id)));
        return reply.code(201).send(thread);
      },
    );
  };
}
