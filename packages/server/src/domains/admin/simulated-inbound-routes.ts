import {
  channelEndpointListSchema,
  simulatedInboundResultSchema,
  simulatedInboundSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { runAsActor } from '../access/actor-scope.ts';
import { assistantTurn } from '../assistant/after-inbound.ts';
import { publishInbound } from '../conversations/live-events.ts';
import { smsAppointmentReplies } from '../scheduling/notices/sms-replies.ts';
import { channelDrivers, listChannelEndpoints, simulateInbound } from './simulated-inbound.ts';

/** The clinic's channel endpoints, and inbound texts and emails simulated from the outbox page. */
export function adminSimulatedInboundRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher, search, events, config } = deps;
  const assistant = assistantTurn(deps);
  const appointmentReplies = smsAppointmentReplies(deps);
  const drivers = channelDrivers(config.channels);
  return async (app) => {
    app.get(
      '/api/admin/channel-endpoints',
      {
        config: { permission: 'inbox.settings.manage' },
        schema: {
          tags: ['admin'],
          summary:
            "The clinic's SMS numbers and inbound email addresses, and where each channel's messages go",
          response: { 200: channelEndpointListSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('inbox.settings.manage');
          return { items: await listChannelEndpoints(scope.orm), drivers };
        });
      },
    );

    app.post(
      '/api/admin/outbox/simulated-inbound',
      {
        config: { permission: 'outbox.simulate-inbound' },
        schema: {
          tags: ['admin'],
          summary: 'Receive a made-up text or email as if a patient had sent it (outbox driver only)',
          description:
            "It takes the path of a real one (Twilio's webhook, the SMTP listener), keywords such as STOP included, so the inbox can be tried without accounts. Refused with 409 when the channel sends for real.",
          body: simulatedInboundSchema,
          response: { 200: simulatedInboundResultSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const received = await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('outbox.simulate-inbound');
          const result = await simulateInbound(
            scope.orm,
            {
              crypto: { cipher, search, channels: deps.channels, publicUrl: config.publicUrl },
              drivers,
              attachmentMaxBytes: config.channels.attachmentMaxBytes,
            },
            actor.organizationId,
            request.body,
          );
          scope.record({
            action: 'outbox.simulate-inbound',
            resourceType: 'conversation',
            resourceId: result.conversation.id,
            patientIds: result.conversation.patientId ? [result.conversation.patientId] : [],
            outcome: 'allowed',
            details: { channel: request.body.channel, to: request.body.to, keyword: result.keyword },
          });
          return result;
        });
        await publishInbound(events, received);
        // The same as a real text: the assistant answers an SMS question (email it leaves to people).
        // A C, R or X to a reminder is answered as it would be from a phone.
        const { from, body } = request.body;
        if (!received.duplicate && !received.keyword && !(await appointmentReplies(received, { from, body })))
          await assistant(received);
        return {
          conversationId: received.conversation.id,
          messageId: received.message.id,
          keyword: received.keyword,
        };
      },
    );
  };
}
