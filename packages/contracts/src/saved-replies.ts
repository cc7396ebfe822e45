import { z } from 'zod';
import { languageTagSchema } from './patients/vocabulary.ts';

/**
 * Saved replies: texts an agent inserts in the composer, shared by the clinic or personal, per
 * language, with variables such as `{{patient.preferredName}}` filled from the conversation.
 */

const title = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const body = z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters');
/** Typed after a slash in the composer: `/hours`. */
const shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 letters, digits or dashes, such as "opening-hours"');

export const savedReplySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  language: z.string(),
  shortcut: z.string().nullable(),
  /** Shared with the whole clinic; otherwise personal to its owner. */
  shared: z.boolean(),
  /** The staff member a personal reply belongs to; null when shared. */
  ownerId: z.uuid().nullable(),
});
export type SavedReply = z.infer<typeof savedReplySchema>;

export const savedReplyListQuerySchema = z.object({
  /** Words in the title, text or shortcut (any case). */
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  language: languageTagSchema.optional(),
});
export type SavedReplyListQuery = z.input<typeof savedReplyListQuerySchema>;

export const savedReplyListSchema = z.object({ items: z.array(savedReplySchema) });

export const newSavedReplySchema = z.strictObject({
  title,
  body,
  language: languageTagSchema,
  shortcut: shortcut.optional(),
  shared: z.boolean(),
});
export type NewSavedReply = z.input<typeof newSavedReplySchema>;

export const savedReplyUpdateSchema = z
  .strictObject({
    title: title.optional(),
    body: body.optional(),
    language: languageTagSchema.optional(),
    /** null removes the shortcut. */
    shortcut: shortcut.nullable().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, { message: 'says nothing to change' });
export type SavedReplyUpdate = z.input<typeof savedReplyUpdateSchema>;

export const savedReplyIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a saved reply id (a UUID)' }),
});

export const savedReplyRenderParamsSchema = z.object({
  id: z.uuid({ message: 'must be a conversation id (a UUID)' }),
  savedReplyId: z.uuid({ message: 'must be a saved reply id (a UUID)' }),
});

/**
 * A saved reply filled in for one conversation, ready for the composer. A reply that needs a
 * value the conversation does not have is refused (422 `saved_reply_missing_values`, the details
 * name each variable), so `missing` is empty whenever a text comes back.
 */
export const renderedSavedReplySchema = z.object({
  body: z.string(),
  missing: z.array(z.string()),
});
export type RenderedSavedReply = z.infer<typeof renderedSavedReplySchema>;
