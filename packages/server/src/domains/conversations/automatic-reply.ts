import { and, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { type ChannelDeliveryDependencies, deliverOverChannel } from './channel-delivery.ts';
import { encryptedFields } from './fields.ts';
import { appendToConversation, type ConversationRow, type MessageRow } from './inbound.ts';
import { contactAddresses, conversationMessages } from './schema.ts';

/**
 * A message the clinic's side sends by itself, not an agent: the safety reply to an emergency,
 * the assistant's answer from a help article. Stored in the conversation like any answer and
 * sent over SMS or email when that is the channel (web chat and portal read it from here). It
 * never carries anything about the patient, so it needs no PHI check; an SMS number that texted
 * STOP gets nothing.
 */

export interface AutomaticReply {
  authorKind: 'system' | 'assistant';
  text: string;
  /** For email: the subject line. */
  subject?: string;
  clinicName: string;
  metadata: Record<string, unknown>;
  /** When it is sent (just after the message it answers, so it reads below it). */
  at: Date;
}

export type AutomaticReplyOutcome =
  | { sent: true; message: MessageRow; conversation: ConversationRow }
  | { sent: false; reason: string };

export async function sendAutomaticReply(
  orm: Orm,
  deps: Partial<Pick<ChannelDeliveryDependencies, 'channels' | 'publicUrl'>> &
    Pick<ChannelDeliveryDependencies, 'cipher' | 'search'>,
  conversation: ConversationRow,
  reply: AutomaticReply,
): Promise<AutomaticReplyOutcome> {
  const channel = conversation.channel;
  const insecure = channel === 'sms' || channel === 'email';
  const [address] = insecure
    ? await orm
        .select()
        .from(contactAddresses)
        .where(
          and(eq(contactAddresses.contactId, conversation.contactId), eq(contactAddresses.channel, channel)),
        )
    : [];
  if (channel === 'sms' && address?.optedOutAt) return { sent: false, reason: 'the number texted STOP' };
  if (insecure && (!deps.channels || !deps.publicUrl || !address))
    return { sent: false, reason: 'no way to send on this channel here' };
  const [stored] = await orm
    .insert(conversationMessages)
    .values({
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      kind: 'message',
      direction: 'outbound',
      authorKind: reply.authorKind,
      bodyEncrypted: deps.cipher.encrypt(encryptedFields.body, reply.text),
      deliveryStatus: insecure ? 'queued' : 'delivered',
      channelMetadata: reply.metadata,
      createdAt: reply.at,
    })
    .returning();
  let message = stored!;
  if (insecure && address && deps.channels && deps.publicUrl)
    message = await deliverOverChannel(
      orm,
      { channels: deps.channels, publicUrl: deps.publicUrl, cipher: deps.cipher, search: deps.search },
      conversation,
      message,
      address.address,
      { text: reply.text, subject: reply.subject, clinicName: reply.clinicName },
    );
  const updated = await appendToConversation(orm, deps, conversation, reply.text, { updatedAt: reply.at });
  return { sent: true, message, conversation: updated };
}
