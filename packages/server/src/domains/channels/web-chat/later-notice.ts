import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { channelEndpoints, contacts, conversationMessages } from '../../conversations/schema.ts';
import { newMessageId } from '../email/smtp-sender.ts';
import type { ChannelSender } from '../outbound.ts';
import { laterAddressOf } from './visitor-chat.ts';

/**
 * A web-chat visitor who left the page before the answer came, and left an email or a phone, is
 * told that an answer waits, with a link back to the page they wrote from. The notice carries
 * no part of the answer (it may hold health information, and email and SMS are not secure), and
 * it is sent once per absence: not again until the visitor has come back to the chat.
 */

/** How long without the widget polling or writing before a visitor counts as gone. */
export const visitorAwayAfterMs = 2 * 60_000;

export interface LaterNoticeContext {
  channels: ChannelSender;
  publicUrl: string;
  organizationName: string;
}

export type LaterNoticeOutcome =
  | 'sent-email'
  | 'sent-sms'
  | 'visitor-present'
  | 'already-told'
  | 'no-address';

export async function tellAwayVisitorAnAnswerWaits(
  orm: Orm,
  context: LaterNoticeContext,
  conversation: { id: string; organizationId: string; contactId: string },
  now = new Date(),
): Promise<LaterNoticeOutcome> {
  const [contact] = await orm.select().from(contacts).where(eq(contacts.id, conversation.contactId));
  if (contact?.lastSeenAt && now.getTime() - contact.lastSeenAt.getTime() < visitorAwayAfterMs)
    return 'visitor-present';
  const since = contact?.lastSeenAt ?? new Date(0);
  const [told] = await orm
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversation.id),
        gt(conversationMessages.createdAt, since),
        sql`${conversationMessages.channelMetadata} ? 'visitorToldBy'`,
      ),
    )
    .limit(1);
  if (told) return 'already-told';
  const address = await laterAddressOf(orm, conversation.contactId);
  if (!address) return 'no-address';

  const [lastInbound] = await orm
    .select({ metadata: conversationMessages.channelMetadata })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversation.id),
        eq(conversationMessages.direction, 'inbound'),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  const page = typeof lastInbound?.metadata.pageUrl === 'string' ? lastInbound.metadata.pageUrl : null;
  const where = page ?? `${context.publicUrl}`;
  const text = `${context.organizationName} answered your chat message. Open ${where} and the chat to read the answer.`;
  const [endpoint] = await orm
    .select({ address: channelEndpoints.address })
    .from(channelEndpoints)
    .where(eq(channelEndpoints.channel, address.channel === 'email' ? 'email' : 'sms'))
    .limit(1);
  if (address.channel === 'email') {
    const from = endpoint?.address ?? `no-reply@${new URL(context.publicUrl).hostname}`;
    await context.channels.sendEmail(orm, {
      organizationId: conversation.organizationId,
      to: address.address,
      from,
      subject: `${context.organizationName} answered your chat`,
      body: text,
      messageId: newMessageId(from.split('@')[1] ?? 'patientdesk.invalid'),
    });
  } else {
    await context.channels.sendSms(orm, {
      organizationId: conversation.organizationId,
      to: address.address,
      from: endpoint?.address ?? null,
      body: text,
      statusCallbackUrl: `${context.publicUrl}/hooks/twilio/status`,
    });
  }
  return address.channel === 'email' ? 'sent-email' : 'sent-sms';
}
