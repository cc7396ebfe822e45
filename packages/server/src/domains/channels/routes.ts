import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../db/tenant-scope.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { AppDependencies } from '../../http/app.ts';
import { assistantTurn } from '../assistant/after-inbound.ts';
import { publishConversationChange, publishInbound } from '../conversations/live-events.ts';
import { channelEndpoints, conversationMessages, conversations } from '../conversations/schema.ts';
import { addToTimeline } from '../conversations/timeline.ts';
import { organizations } from '../organizations/schema.ts';
import { smsAppointmentReplies } from '../scheduling/notices/sms-replies.ts';
import { receiveSms } from './sms/inbound-sms.ts';
import {
  isSignedByTwilio,
  parseInboundSms,
  parseStatusCallback,
  statusesOvertakenBy,
  type TwilioParams,
} from './sms/twilio-webhook.ts';

const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const formBody = z.record(z.string(), z.string());

/**
 * Provider webhooks. Twilio posts forms signed with `X-Twilio-Signature` over the absolute URL it
 * called (PUBLIC_URL + path): a request with no or a wrong signature is refused before anything
 * is read, and the message is stored before Twilio is answered, so a crash makes Twilio retry
 * and the retry is recognised by its MessageSid.
 */
export function channelRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, config, cipher, search, events } = deps;
  const inbox = { cipher, search, channels: deps.channels, publicUrl: config.publicUrl };
  const assistant = assistantTurn(deps);
  const appointmentReplies = smsAppointmentReplies(deps);
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    const checkSignature = (path: string, signature: string | undefined, params: TwilioParams) => {
      const token = config.channels.twilioAuthToken;
      if (!token || !isSignedByTwilio(token, signature, `${config.publicUrl}${path}`, params))
        throw new Forbidden(
          token
            ? 'The request is not signed by Twilio for this address (check that PUBLIC_URL is the address Twilio calls).'
            : 'Twilio webhooks are off: set TWILIO_AUTH_TOKEN to receive them.',
        );
    };

    app.post(
      '/hooks/twilio/sms',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'Twilio inbound SMS webhook (form-encoded, signed with TWILIO_AUTH_TOKEN)',
          body: formBody,
          headers: z.object({ 'x-twilio-signature': z.string().optional() }).loose(),
        },
      },
      async (request, reply) => {
        checkSignature('/hooks/twilio/sms', request.headers['x-twilio-signature'], request.body);
        const sms = parseInboundSms(request.body);
        const [endpoint] = await database.orm
          .select({ organizationId: channelEndpoints.organizationId, country: organizations.country })
          .from(channelEndpoints)
          .innerJoin(organizations, eq(organizations.id, channelEndpoints.organizationId))
          .where(and(eq(channelEndpoints.channel, 'sms'), eq(channelEndpoints.address, sms.to)));
        if (!endpoint)
          throw new NotFound(
            `No organisation uses the number ${sms.to}; add it to a clinic's SMS channel settings.`,
          );
        const result = await inTenant(database, endpoint.organizationId, (orm) =>
          receiveSms(orm, inbox, endpoint.organizationId, sms, endpoint.country),
        );
        await publishInbound(events, result);
        // STOP, START and HELP are the carrier's and Twilio's to answer; C, R or X to a reminder is answered here.
        if (!result.duplicate && !result.keyword && !(await appointmentReplies(result, sms)))
          await assistant(result);
        return reply.type('text/xml').send(emptyTwiml);
      },
    );

    app.post(
      '/hooks/twilio/status',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'Twilio delivery status callback for texts PatientDesk sent',
          body: formBody,
          headers: z.object({ 'x-twilio-signature': z.string().optional() }).loose(),
        },
      },
      async (request, reply) => {
        checkSignature('/hooks/twilio/status', request.headers['x-twilio-signature'], request.body);
        const update = parseStatusCallback(request.body);
        const [found] = await database.orm
          .select({ organizationId: conversationMessages.organizationId })
          .from(conversationMessages)
          .where(
            and(
              eq(conversationMessages.provider, 'twilio'),
              eq(conversationMessages.providerMessageId, update.providerMessageId),
            ),
          )
          .limit(1);
        // A status for a text PatientDesk does not know (sent by another system on the account).
        if (!found) return reply.code(204).send();
        // Only a step forward is stored: a late report (`sent` after `delivered`) changes nothing.
        const overtaken = statusesOvertakenBy(update.status);
        if (overtaken.length === 0) return reply.code(204).send();
        const conversation = await inTenant(database, found.organizationId, async (orm) => {
          const [message] = await orm
            .update(conversationMessages)
            .set({ deliveryStatus: update.status, failureReason: update.failure ?? null })
            .where(
              and(
                eq(conversationMessages.provider, 'twilio'),
                eq(conversationMessages.providerMessageId, update.providerMessageId),
                inArray(conversationMessages.deliveryStatus, overtaken),
              ),
            )
            .returning();
          if (!message) return null;
          if (update.status === 'failed')
            await addToTimeline(orm, {
              organizationId: found.organizationId,
              conversationId: message.conversationId,
              kind: 'delivery-failed',
              details: { messageId: message.id, reason: update.failure ?? null },
            });
          const [row] = await orm
            .select()
            .from(conversations)
            .where(eq(conversations.id, message.conversationId));
          return row!;
        });
        if (conversation) await publishConversationChange(events, conversation, 'delivery');
        return reply.code(204).send();
      },
    );
  };
}
