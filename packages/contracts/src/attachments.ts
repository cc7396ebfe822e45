import { z } from 'zod';

/**
 * Files agents attach to replies. `POST /api/conversations/:id/attachments` takes one file
 * (multipart, any field name) and answers with an `attachmentSchema` (conversations.ts); the
 * reply then names it in `attachmentIds`. The type is read from the file's content, not from its
 * name or declared type.
 */

/** The types a file may have, with what people call them. */
export const attachmentContentTypes = {
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/heic': 'HEIC photo',
  'application/pdf': 'PDF document',
  'text/plain': 'plain text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document (.docx)',
} as const;
export type AttachmentContentType = keyof typeof attachmentContentTypes;

/** Files one reply may carry. */
export const maxAttachmentsPerReply = 5;

export const attachmentParamsSchema = z.object({
  id: z.uuid({ message: 'must be a conversation id (a UUID)' }),
  attachmentId: z.uuid({ message: 'must be an attachment id (a UUID)' }),
});
