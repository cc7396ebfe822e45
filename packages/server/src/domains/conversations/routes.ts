import {
  agentReplyResultSchema,
  agentReplySchema,
  conversationIdentityCheckSchema,
  conversationIdParamsSchema,
  conversationListQuerySchema,
  conversationListSchema,
  conversationMessagesSchema,
  conversationSummarySchema,
  conversationTimelineSchema,
  conversationUpdateSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import { publishConversationChange } from './live-events.ts';
import {
  conversationMessagesOf,
  conversationSummary,
  conversationTimeline,
  listConversations,
} from './queries.ts';
import { conversationAuditEvent, loadConversation, sendAgentReply } from './replies.ts';
import { updateConversation, verifyConversationIdentity } from './updates.ts';

/** The agent desk's API: the inbox, a conversation's messages and timeline, replies and changes. */
export function conversationRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher, search, events } = deps;
  const run = asStaff(deps);
  const replyDeps = { cipher, search, channels: deps.channels, publicUrl: deps.config.publicUrl };
  return async (app) => {
    app.get(
      '/api/conversations',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary:
            'The inbox: conversations by view, status, patient, team, tag, channel and full-text search',
          description:
            'Without `status`, in-progress views list open and pending conversations in queue order (priority, then SLA due time, then wait); `snoozed` and `resolved` list those, newest first. `q` finds conversations whose messages contain every word (whole words, any case and accents).',
          querystring: conversationListQuerySchema,
          response: { 200: conversationListSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const items = await run(request, async (scope) => {
          const found = await listConversations(
            scope.orm,
            { cipher, search },
            { staffMemberId: actor.staffMemberId },
            request.query,
          );
          const patientIds = [...new Set(found.flatMap((item) => (item.patientId ? [item.patientId] : [])))];
          if (patientIds.length)
            scope.record({
              action: 'conversation.list',
              resourceType: 'conversation',
              resourceId: null,
              patientIds,
              outcome: 'allowed',
              details: { count: found.length, searched: Boolean(request.query.q) },
            });
          return found;
        });
        return { items };
      },
    );

    app.get(
      '/api/conversations/:id',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary: 'One conversation: contact, status, priority, assignment, SLA and wait',
          params: conversationIdParamsSchema,
          response: { 200: conversationSummarySchema },
        },
      },
      async (request) =>
        run(request, async (scope) => {
          await scope.authorize('conversation.read');
          return conversationSummary(scope.orm, cipher, request.params.id);
        }),
    );

    app.get(
      '/api/conversations/:id/messages',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary: 'The messages of a conversation, with internal notes, oldest first',
          params: conversationIdParamsSchema,
          querystring: z.object({ notes: z.enum(['true', 'false']).default('true') }),
          response: { 200: conversationMessagesSchema },
        },
      },
      async (request) => {
        const items = await run(request, async (scope) => {
          await scope.authorize('conversation.read');
          const conversation = await loadConversation(scope.orm, request.params.id);
          const messages = await conversationMessagesOf(scope.orm, cipher, conversation.id, {
            includeNotes: request.query.notes === 'true',
          });
          scope.record(
            conversationAuditEvent(conversation, 'conversation.read', { messages: messages.length }),
          );
          return messages;
        });
        return { items };
      },
    );

    app.post(
      '/api/conversations/:id/messages',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['conversations'],
          summary: 'Answer the contact over the conversation’s channel, or add an internal note',
          description:
            'Over SMS and plain email a reply that looks like it carries PHI is refused with `phi_on_insecure_channel` and the reasons; send it with `deliverSecurely: true` (the text waits in the portal) once the contact is verified. A number that texted STOP is refused with `contact_opted_out`.',
          params: conversationIdParamsSchema,
          body: agentReplySchema,
          response: { 201: agentReplyResultSchema },
        },
      },
      async (request, reply) => {
        const result = await run(request, async (scope) => {
          const sent = await sendAgentReply(scope, replyDeps, request.params.id, request.body);
          return { ...sent, summary: await conversationSummary(scope.orm, cipher, request.params.id) };
        });
        await publishConversationChange(
          events,
          result.conversation,
          result.message.kind === 'note' ? 'note' : 'message',
          {
            ...(result.mentions.length ? { mentions: result.mentions } : {}),
          },
        );
        return reply.code(201).send({ message: result.message, conversation: result.summary });
      },
    );

    app.patch(
      '/api/conversations/:id',
      {
        config: { permission: 'conversation.update' },
        schema: {
          tags: ['conversations'],
          summary:
            'Change status (open, pending, snoozed until, resolved), priority, assignee, team, tags or intent',
          params: conversationIdParamsSchema,
          body: conversationUpdateSchema,
          response: { 200: conversationSummarySchema },
        },
      },
      async (request) => {
        const { after, summary } = await run(request, async (scope) => {
          const changed = await updateConversation(scope, request.params.id, request.body);
          return { ...changed, summary: await conversationSummary(scope.orm, cipher, request.params.id) };
        });
        await publishConversationChange(events, after, 'updated');
        return summary;
      },
    );

    app.get(
      '/api/conversations/:id/timeline',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary:
            'What happened in a conversation besides messages: assignments, status changes, verification...',
          params: conversationIdParamsSchema,
          response: { 200: conversationTimelineSchema },
        },
      },
      async (request) => {
        const items = await run(request, async (scope) => {
          await scope.authorize('conversation.read');
          await loadConversation(scope.orm, request.params.id);
          return conversationTimeline(scope.orm, request.params.id);
        });
        return { items };
      },
    );

    app.post(
      '/api/conversations/:id/verify-identity',
      {
        config: { permission: 'patient.verify-identity' },
        schema: {
          tags: ['conversations'],
          summary: 'Verify the contact against a patient’s record with two identifiers, and link the patient',
          params: conversationIdParamsSchema,
          body: conversationIdentityCheckSchema,
          response: { 200: conversationSummarySchema },
        },
      },
      async (request) => {
        const { patientId, ...check } = request.body;
        const { conversation, summary } = await run(request, async (scope) => {
          const verified = await verifyConversationIdentity(scope, request.params.id, patientId, check);
          return {
            conversation: verified,
            summary: await conversationSummary(scope.orm, cipher, verified.id),
          };
        });
        await publishConversationChange(events, conversation, 'updated');
        return summary;
      },
    );

    app.post(
      '/api/conversations/:id/typing',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['conversations'],
          summary: 'Tell the contact (web chat) and colleagues that this agent is typing',
          params: conversationIdParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const conversation = await run(request, async (scope) => {
          await scope.authorize('conversation.reply');
          return loadConversation(scope.orm, request.params.id);
        });
        await publishConversationChange(events, conversation, 'typing', { typing: actor.staffMemberId });
        return reply.code(204).send(null);
      },
    );
  };
}
