import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { newMessageId } from '../channels/email/smtp-sender.ts';
import type { ChannelSender } from '../channels/outbound.ts';
import { encryptedFields } from './fields.ts';
import type { ConversationRow, InboxCrypto, MessageRow } from './inbound.ts';
import { channelEndpoints, conversationMessages } from './schema.ts';
import { addToTimeline } from './timeline.ts';

/**
 * Sends a stored outbound message over the conversation's SMS or email channel (the agent's
 * answer, a "secure message waits" notice, a safety reply) from the clinic number or address
 * the contact wrote to, and records what the provider said: its message id and the delivery
 * status, or the failure, on the message and in the timeline.
 */

export interface ChannelDeliveryDependencies extends InboxCrypto {
  channels: ChannelSender;
  publicUrl: string;
}

/** How many Message-IDs a reply's References keeps: the thread's first and its latest ones. */
const referencesKept = 10;

/**
 * The email thread a reply continues: In-Reply-To is the contact's latest email (not our own
 * previous answer), References the thread's first message and its latest ones.
 */
async function emailThreadOf(
  orm: Orm,
  conversationId: string,
): Promise<{ inReplyTo: string; references: string[] } | undefined> {
  const rows = await orm
    .select({ metadata: conversationMessages.channelMetadata, direction: conversationMessages.direction })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        isNotNull(conversationMessages.providerMessageId),
      ),
    )
    .orderBy(asc(conversationMessages.createdAt));
  const thread = rows.flatMap((row) =>
    typeof row.metadata.emailMessageId === 'string'
      ? [{ id: row.metadata.emailMessageId, inbound: row.direction === 'inbound' }]
      : [],
  );
  if (thread.length === 0) return undefined;
  const ids = thread.map((item) => item.id);
  const references =
    ids.length <= referencesKept ? ids : [ids[0]!, ...ids.slice(ids.length - (referencesKept - 1))];
  return { inReplyTo: thread.findLast((item) => item.inbound)?.id ?? ids.at(-1)!, references };
}

/** The clinic's number or address to answer from: the one the contact last wrote to, if it is still ours. */
async function endpointToAnswerFrom(orm: Orm, conversationId: string, channel: 'sms' | 'email') {
  const endpoints = await orm
    .select({ address: channelEndpoints.address })
    .from(channelEndpoints)
    .where(eq(channelEndpoints.channel, channel));
  const [lastInbound] = await orm
    .select({ metadata: conversationMessages.channelMetadata })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        eq(conversationMessages.direction, 'inbound'),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  const wroteTo = typeof lastInbound?.metadata.to === 'string' ? lastInbound.metadata.to.toLowerCase() : null;
  return endpoints.find((endpoint) => endpoint.address.toLowerCase() === wroteTo) ?? endpoints[0];
}

export async function deliverOverChannel(
  orm: Orm,
  deps: ChannelDeliveryDependencies,
  conversation: ConversationRow,
  message: MessageRow,
  to: string,
  content: { text: string; subject?: string; clinicName: string },
): Promise<MessageRow> {
  const conversationId = conversation.id;
  const text = content.text;
  const endpoint = await endpointToAnswerFrom(orm, conversationId, conversation.channel as 'sms' | 'email');
  const metadata: Record<string, unknown> = { ...message.channelMetadata };
  let outcome: { providerMessageId: string; status: MessageRow['deliveryStatus']; failure?: string };
  try {
    if (conversation.channel === 'sms') {
      const sent = await deps.channels.sendSms(orm, {
        organizationId: conversation.organizationId,
        to,
        from: endpoint?.address ?? null,
        body: text,
        statusCallbackUrl: `${deps.publicUrl}/hooks/twilio/status`,
      });
      outcome = sent;
      metadata.driver = sent.driver;
    } else {
      const from = endpoint?.address ?? `no-reply@${new URL(deps.publicUrl).hostname}`;
      const thread = await emailThreadOf(orm, conversationId);
      const emailMessageId = newMessageId(from.split('@')[1] ?? 'patientdesk.invalid');
      const subject = conversation.subjectEncrypted
        ? deps.cipher.decrypt(encryptedFields.subject, conversation.subjectEncrypted)
        : `Your message to ${content.clinicName}`;
      const sent = await deps.channels.sendEmail(orm, {
        organizationId: conversation.organizationId,
        to,
        from,
        subject: content.subject ?? (/^re:/i.test(subject) ? subject : `Re: ${subject}`),
        body: text,
        messageId: emailMessageId,
        ...(thread ?? {}),
      });
      outcome = sent;
      metadata.driver = sent.driver;
      metadata.emailMessageId = emailMessageId;
    }
  } catch (error) {
    outcome = {
      providerMessageId: `failed-${message.id}`,
      status: 'failed',
      failure: error instanceof Error ? error.message.slice(0, 500) : 'The channel refused the message.',
    };
  }
  const [updated] = await orm
    .update(conversationMessages)
    .set({
      provider: conversation.channel === 'sms' ? 'twilio' : 'email',
      providerMessageId: outcome.providerMessageId,
      deliveryStatus: outcome.status,
      failureReason: outcome.failure ?? null,
      channelMetadata: metadata,
    })
    .where(eq(conversationMessages.id, message.id))
    .returning();
  if (outcome.status === 'failed')
    await addToTimeline(orm, {
      organizationId: conversation.organizationId,
      conversationId,
      kind: 'delivery-failed',
      details: { messageId: message.id, reason: outcome.failure ?? null },
    });
  return updated!;
}
