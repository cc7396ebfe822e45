import type { attachmentSchema } from '@patientdesk/contracts';
import { and, eq, or } from 'drizzle-orm';
import type { z } from 'zod';
import { Forbidden, NotFound } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { attachmentTypeOf, safeFileName } from './attachment-files.ts';
import { encryptedFields } from './fields.ts';
import { conversationAuditEvent, loadConversation } from './replies.ts';
import { conversationMessages, messageAttachments } from './schema.ts';

/**
 * Files agents send with replies. An agent uploads a file first (it is checked, encrypted and
 * kept with the conversation, waiting), then sends the reply that names it, which links it to
 * the message. Every download checks access again and is audited: a file in a conversation is
 * as much PHI as the text beside it.
 */

export type Attachment = z.infer<typeof attachmentSchema>;

export interface UploadedFile {
  fileName: string;
  declaredType: string;
  content: Buffer;
}

const urlOf = (conversationId: string, attachmentId: string) =>
  `/api/conversations/${conversationId}/attachments/${attachmentId}`;

/** Checks an uploaded file's real type, stores it encrypted, waiting for its reply. */
export async function storeUpload(
  scope: ActorScope,
  cipher: FieldCipher,
  conversationId: string,
  file: UploadedFile,
): Promise<Attachment> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff attach files in the inbox.');
  await scope.authorize('conversation.reply');
  const conversation = await loadConversation(orm, conversationId);
  const contentType = await attachmentTypeOf(file.content, file.declaredType);
  const fileName = safeFileName(file.fileName, contentType);
  const [stored] = await orm
    .insert(messageAttachments)
    .values({
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      uploadedByStaffId: actor.staffMemberId,
      fileName,
      contentType,
      sizeBytes: file.content.length,
      contentEncrypted: cipher.encryptBytes(encryptedFields.attachment, file.content),
    })
    .returning({ id: messageAttachments.id });
  scope.record(
    conversationAuditEvent(conversation, 'conversation.attachment.upload', {
      attachmentId: stored!.id,
      contentType,
      sizeBytes: file.content.length,
    }),
  );
  return {
    id: stored!.id,
    fileName,
    contentType,
    sizeBytes: file.content.length,
    url: urlOf(conversation.id, stored!.id),
  };
}

export interface AttachmentDownload {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** One file of a conversation, decrypted, for a staff member who may read it; audited. */
export async function downloadAttachment(
  scope: ActorScope,
  cipher: FieldCipher,
  conversationId: string,
  attachmentId: string,
): Promise<AttachmentDownload> {
  await scope.authorize('conversation.read');
  const conversation = await loadConversation(scope.orm, conversationId);
  const [row] = await scope.orm
    .select({ attachment: messageAttachments })
    .from(messageAttachments)
    .leftJoin(conversationMessages, eq(conversationMessages.id, messageAttachments.messageId))
    .where(
      and(
        eq(messageAttachments.id, attachmentId),
        or(
          eq(conversationMessages.conversationId, conversation.id),
          eq(messageAttachments.conversationId, conversation.id),
        ),
      ),
    );
  const attachment = row?.attachment;
  if (!attachment?.contentEncrypted)
    throw new NotFound('This conversation has no such file. It may have been removed.');
  scope.record({
    ...conversationAuditEvent(conversation, 'conversation.attachment.download', {
      conversationId: conversation.id,
      messageId: attachment.messageId,
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
    }),
    resourceType: 'message-attachment',
    resourceId: attachment.id,
  });
  return {
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    content: cipher.decryptBytes(encryptedFields.attachment, attachment.contentEncrypted),
  };
}
