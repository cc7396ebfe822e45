import {
  type LiveEvent,
  type WidgetLiveEvent,
  widgetChatSchema,
  widgetClinicSchema,
  widgetContactDetailsSchema,
  widgetOrgParamsSchema,
  widgetSendSchema,
  widgetVisitorSchema,
} from '@patientdesk/contracts';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import { NotFound } from '../../../errors.ts';
import type { AppDependencies } from '../../../http/app.ts';
import { assistantTurn } from '../../assistant/after-inbound.ts';
import { receiveInbound } from '../../conversations/inbound.ts';
import { publishConversationChange, publishInbound } from '../../conversations/live-events.ts';
import { findOrganizationBySlug } from '../../organizations/service.ts';
import { staffMembers } from '../../staff/schema.ts';
import {
  findVisitor,
  leaveContactDetails,
  markSeen,
  visitorContactDetails,
  visitorConversation,
  visitorMessages,
} from './visitor-chat.ts';
import { newVisitorToken, visitorAddressOf } from './visitor-token.ts';

/**
 * The web-chat widget's API. It is called from the clinic's own website, so it allows any origin
 * and uses no cookie: the visitor proves who they are with the token the widget keeps. A visitor
 * reads and writes only their own chat, never sees internal notes, and learns nothing about
 * other visitors or the clinic's staff beyond the answering agent's first name.
 */

const orgParams = widgetOrgParamsSchema;
const noVisitorYet = 4404;

async function clinicOf(database: Database, slug: string) {
  const organization = await findOrganizationBySlug(database.orm, slug);
  if (!organization) throw new NotFound(`There is no clinic called "${slug}". Check the widget's data-org.`);
  return organization;
}

export function widgetRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, cipher, search, events } = deps;
  const assistant = assistantTurn(deps);
  return async (app) => {
    // Any website may embed the widget; no credentials travel, so `*` exposes nothing.
    app.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-max-age', '600');
    });
    app.options(
      '/api/widget/*',
      { config: { permission: 'public' }, schema: { hide: true } },
      (_request, reply) => reply.code(204).send(),
    );

    app.get(
      '/api/widget/:org',
      {
        config: { permission: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'The clinic as the chat widget shows it, and whether someone can answer now',
          params: orgParams,
          response: { 200: widgetClinicSchema },
        },
      },
      async (request) => {
        const organization = await clinicOf(database, request.params.org);
        const [available] = await inTenant(database, organization.id, (orm) =>
          orm
            .select({ count: count() })
            .from(staffMembers)
            .where(and(eq(staffMembers.availability, 'available'), isNull(staffMembers.disabledAt))),
        );
        return {
          name: organization.name,
          defaultLanguage: organization.defaultLanguage,
          agentsAvailable: (available?.count ?? 0) > 0,
        };
      },
    );

    app.post(
      '/api/widget/:org/visitors',
      {
        config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'A new visitor token (the widget asks once per browser and keeps it)',
          params: orgParams,
          response: { 201: widgetVisitorSchema },
        },
      },
      async (request, reply) => {
        await clinicOf(database, request.params.org);
        return reply.code(201).send({ token: newVisitorToken() });
      },
    );

    app.get(
      '/api/widget/:org/messages',
      {
        config: { permission: 'public', rateLimit: { max: 240, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: "The visitor's chat: their latest conversation's messages (never internal notes)",
          params: orgParams,
          headers: z.object({ authorization: z.string().optional() }).loose(),
          response: { 200: widgetChatSchema },
        },
      },
      async (request) => {
        const address = visitorAddressOf(request);
        const organization = await clinicOf(database, request.params.org);
        return inTenant(database, organization.id, async (orm) => {
          const contact = await findVisitor(orm, address);
          if (!contact)
            return {
              conversation: null,
              messages: [],
              contactDetails: { name: null, email: false, phone: false },
            };
          await markSeen(orm, contact.id);
          const conversation = await visitorConversation(orm, contact.id);
          return {
            conversation: conversation ? { id: conversation.id, status: conversation.status } : null,
            messages: conversation ? await visitorMessages(orm, cipher, conversation.id) : [],
            contactDetails: await visitorContactDetails(orm, contact),
          };
        });
      },
    );

    app.post(
      '/api/widget/:org/messages',
      {
        config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'The visitor writes (sent again with the same clientMessageId, it is stored once)',
          params: orgParams,
          headers: z.object({ authorization: z.string().optional() }).loose(),
          body: widgetSendSchema,
          response: { 201: widgetChatSchema },
        },
      },
      async (request, reply) => {
        const address = visitorAddressOf(request);
        const organization = await clinicOf(database, request.params.org);
        const { body, clientMessageId, pageUrl, language } = request.body;
        const { result, chat } = await inTenant(database, organization.id, async (orm) => {
          const result = await receiveInbound(
            orm,
            { cipher, search, channels: deps.channels, publicUrl: deps.config.publicUrl },
            {
              contact: {
                organizationId: organization.id,
                channel: 'web',
                address,
                language: language ?? organization.defaultLanguage,
              },
              body,
              provider: 'widget',
              // Scoped to the visitor, so one visitor cannot collide with another's ids.
              providerMessageId: `${address}:${clientMessageId}`,
              channelMetadata: pageUrl ? { pageUrl } : {},
            },
          );
          await markSeen(orm, result.conversation.contactId);
          const contact = await findVisitor(orm, address);
          return {
            result,
            chat: {
              conversation: { id: result.conversation.id, status: result.conversation.status },
              messages: await visitorMessages(orm, cipher, result.conversation.id),
              contactDetails: await visitorContactDetails(orm, contact!),
            },
          };
        });
        await publishInbound(events, result);
        // The assistant's answer, when it has one, comes back with the message itself.
        if (await assistant(result)) {
          const withAnswer = await inTenant(database, organization.id, (orm) =>
            visitorMessages(orm, cipher, result.conversation.id),
          );
          return reply.code(201).send({ ...chat, messages: withAnswer });
        }
        return reply.code(201).send(chat);
      },
    );

    app.post(
      '/api/widget/:org/contact-details',
      {
        config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'The visitor leaves a name and an email or phone, to be told when the answer is there',
          params: orgParams,
          headers: z.object({ authorization: z.string().optional() }).loose(),
          body: widgetContactDetailsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const address = visitorAddressOf(request);
        const organization = await clinicOf(database, request.params.org);
        await inTenant(database, organization.id, async (orm) => {
          const contact = await findVisitor(orm, address);
          if (!contact) throw new NotFound('Write your question first, then leave how to reach you.');
          await leaveContactDetails(orm, contact, request.body, organization.country);
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/widget/:org/typing',
      {
        config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'The visitor is typing (the agent sees it)',
          params: orgParams,
          headers: z.object({ authorization: z.string().optional() }).loose(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const address = visitorAddressOf(request);
        const organization = await clinicOf(database, request.params.org);
        const conversation = await inTenant(database, organization.id, async (orm) => {
          const contact = await findVisitor(orm, address);
          return contact ? visitorConversation(orm, contact.id) : undefined;
        });
        if (conversation && conversation.status !== 'resolved')
          await publishConversationChange(events, conversation, 'typing', { typing: 'contact' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/widget/:org/live',
      {
        websocket: true,
        config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['widget'],
          summary: 'Websocket telling the widget when its chat changed or an agent is typing (`?token=`)',
          params: orgParams,
          querystring: z.object({ token: z.string().optional() }),
        },
      },
      async (socket, request) => {
        const send = (event: WidgetLiveEvent) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
        };
        let address: string;
        let organizationId: string;
        let contactId: string;
        try {
          address = visitorAddressOf(request, request.query.token);
          const organization = await clinicOf(database, request.params.org);
          organizationId = organization.id;
          const contact = await inTenant(database, organizationId, (orm) => findVisitor(orm, address));
          if (!contact) {
            socket.close(noVisitorYet, 'Write a message first; the chat goes live with it.');
            return;
          }
          contactId = contact.id;
        } catch (error) {
          socket.close(4400, error instanceof Error ? error.message.slice(0, 120) : 'Not a chat.');
          return;
        }
        const forward = (event: LiveEvent) => {
          if (event.type !== 'conversation.changed' || event.contactId !== contactId) return;
          if (event.change === 'typing') {
            if (event.typing !== 'contact') send({ type: 'typing' });
          } else if (event.change === 'message' || event.change === 'updated' || event.change === 'created') {
            send({ type: 'changed' });
          }
        };
        const unsubscribe = events.subscribe(organizationId, forward);
        socket.on('close', unsubscribe);
        send({ type: 'connected' });
      },
    );
  };
}
