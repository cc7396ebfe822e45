import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { normalizeEmail } from '../../conversations/contacts.ts';
import { encryptedFields } from '../../conversations/fields.ts';
import { type InboundResult, type InboxCrypto, receiveInbound } from '../../conversations/inbound.ts';
import { conversationMessages, messageAttachments } from '../../conversations/schema.ts';
import type { InboundEmail } from './smtp-listener.ts';

/**
 * An email in: stored in the sender's conversation like any other message (once, however often
 * the sending server retries: the Message-ID is the key), trimmed to what the person wrote, with
 * the subject as the conversation's subject, and threaded by In-Reply-To and References back to
 * the conversation of the message it answers. Attachments up to the size limit are kept
 * encrypted; bigger ones are dropped, and the message says so, so nobody thinks they were lost.
 */

export interface EmailDelivery {
  /** The clinic's address it arrived at (its email channel endpoint). */
  endpointAddress: string;
  attachmentMaxBytes: number;
}

export type ReceivedEmail = InboundResult & {
  /** The attachments kept with the message, and those dropped for their size. */
  attachments: { kept: number; dropped: number };
};

/** How many of the newest References are followed: a long thread needs only its recent ids. */
const referencesFollowed = 20;

/**
 * The conversation of the message this email answers: our reply it quotes (In-Reply-To), or
 * failing that the newest message of the thread we know (References, newest last).
 */
async function conversationAnswered(orm: Orm, email: InboundEmail): Promise<string | null> {
  const thread = [
    ...email.references.slice(-referencesFollowed),
    ...(email.inReplyTo ? [email.inReplyTo] : []),
  ];
  if (thread.length === 0) return null;
  // Sent and received emails both keep their Message-ID as the provider id (one unique index).
  const known = await orm
    .select({
      conversationId: conversationMessages.conversationId,
      messageId: conversationMessages.providerMessageId,
    })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.provider, 'email'),
        inArray(conversationMessages.providerMessageId, thread),
      ),
    );
  for (const messageId of thread.reverse()) {
    const found = known.find((row) => row.messageId === messageId);
    if (found) return found.conversationId;
  }
  return null;
}

function fileNameOf(attachment: InboundEmail['attachments'][number]): string {
  return (attachment.filename.trim() || 'attachment').slice(0, 255);
}

/** Stores one email for the organisation at `delivery.endpointAddress` (in the caller's tenant transaction). */
export async function receiveEmail(
  orm: Orm,
  crypto: InboxCrypto,
  organizationId: string,
  email: InboundEmail,
  delivery: EmailDelivery,
): Promise<ReceivedEmail> {
  const from = normalizeEmail(email.from.address);
  const withContent = email.attachments.filter((attachment) => attachment.size > 0);
  const kept = withContent.filter((attachment) => attachment.size <= delivery.attachmentMaxBytes);
  const dropped = withContent.filter((attachment) => attachment.size > delivery.attachmentMaxBytes);
  const notes = dropped.map(
    (attachment) =>
      `[Attachment not kept: "${fileNameOf(attachment)}" is ${attachment.size} bytes, over the limit of ${delivery.attachmentMaxBytes} bytes. Ask the sender for a smaller file, or to bring it to the clinic.]`,
  );
  const result = await receiveInbound(orm, crypto, {
    contact: { organizationId, channel: 'email', address: from, displayName: email.from.name },
    body: [email.visibleText, ...notes].filter(Boolean).join('\n\n'),
    subject: email.subject.trim() || null,
    provider: 'email',
    providerMessageId: email.providerMessageId,
    // Channel facts only: the subject and file names may carry health information, so they
    // stay in encrypted columns.
    channelMetadata: {
      emailMessageId: email.providerMessageId,
      to: delivery.endpointAddress,
      ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
      ...(email.references.length ? { references: email.references.slice(-referencesFollowed) } : {}),
      ...(dropped.length ? { attachmentsDropped: dropped.length } : {}),
    },
    repliesToConversationId: await conversationAnswered(orm, email),
  });
  if (result.duplicate) return { ...result, attachments: { kept: 0, dropped: 0 } };
  if (kept.length)
    await orm.insert(messageAttachments).values(
      kept.map((attachment) => ({
        organizationId,
        messageId: result.message.id,
        fileName: fileNameOf(attachment),
        contentType: attachment.contentType,
        sizeBytes: attachment.size,
        contentEncrypted: crypto.cipher.encryptBytes(encryptedFields.attachment, attachment.content),
      })),
    );
  return { ...result, attachments: { kept: kept.length, dropped: dropped.length } };
}
