import type { AgentReply } from '@patientdesk/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid } from '../../errors.ts';
import type { ConversationRow } from './inbound.ts';
import { messageAttachments } from './schema.ts';

/**
 * The files a reply carries: uploaded first (attachments.ts), then named in the reply, checked
 * before anything is stored or sent, and linked to the message once it is.
 */

/**
 * Checks, before anything is stored or sent, the files a reply names: each one uploaded by this
 * agent to this conversation and not yet sent. SMS and plain email cannot carry them (nor
 * should a file of health information go that way), so there they need a secure delivery.
 */
export async function checkReplyAttachments(
  orm: Orm,
  conversation: ConversationRow,
  staffMemberId: string,
  reply: Pick<AgentReply, 'kind' | 'deliverSecurely' | 'attachmentIds'>,
): Promise<string[]> {
  const ids = [...new Set(reply.attachmentIds ?? [])];
  if (ids.length === 0) return [];
  const insecure = conversation.channel === 'sms' || conversation.channel === 'email';
  if (reply.kind !== 'note' && insecure && !reply.deliverSecurely)
    throw new Invalid(
      `Files cannot go by ${conversation.channel === 'sms' ? 'SMS' : 'plain email'}. Send the reply as a secure message (the patient opens the files in the portal), or send it without the files.`,
      [{ field: 'body.attachmentIds', message: 'needs deliverSecurely on this channel' }],
    );
  const waiting = await orm
    .select({ id: messageAttachments.id })
    .from(messageAttachments)
    .where(
      and(
        inArray(messageAttachments.id, ids),
        eq(messageAttachments.conversationId, conversation.id),
        eq(messageAttachments.uploadedByStaffId, staffMemberId),
        isNull(messageAttachments.messageId),
      ),
    );
  const unknown = ids.filter((id) => !waiting.some((row) => row.id === id));
  if (unknown.length > 0)
    throw new Invalid(
      'Some attached files are not waiting to be sent: upload them to this conversation again, then send the reply.',
      unknown.map((id) => ({
        field: 'body.attachmentIds',
        message: `${id} is not a file you uploaded to this conversation, or it was already sent`,
      })),
    );
  return ids;
}

/** Links checked uploads (see checkReplyAttachments) to the message that carries them. */
export async function attachToMessage(orm: Orm, attachmentIds: string[], messageId: string): Promise<void> {
  if (attachmentIds.length === 0) return;
  await orm
    .update(messageAttachments)
    .set({ messageId })
    .where(and(inArray(messageAttachments.id, attachmentIds), isNull(messageAttachments.messageId)));
}
