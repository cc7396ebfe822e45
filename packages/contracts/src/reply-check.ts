import { z } from 'zod';

/**
 * `POST /api/conversations/:id/reply-check`: what the composer shows as the agent writes a reply,
 * before anything is sent: jargon with plain words, the reading grade, and whether the reply
 * would be held for health information on an insecure channel (the same check as the send).
 */

export const plainLanguages = ['en', 'es'] as const;

export const replyCheckRequestSchema = z.strictObject({
  // Not trimmed: the positions of the findings are in the text exactly as the composer holds it.
  body: z
    .string({ message: 'must be the text of the reply' })
    .max(5000, 'must be at most 5000 characters')
    .refine((body) => body.trim().length > 0, 'must not be empty'),
  /** The language of the reply; by default the conversation's. */
  language: z.enum(plainLanguages, { message: 'must be en or es' }).optional(),
  /** Internal notes stay among staff: they are not checked for jargon, reading grade or PHI. */
  kind: z.enum(['message', 'note'], { message: 'must be message or note' }).default('message'),
});
export type ReplyCheckRequest = z.input<typeof replyCheckRequestSchema>;

export const jargonFindingSchema = z.object({
  /** The words of the reply as written: `body.slice(start, end)`. */
  term: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** What to write instead. */
  plain: z.string(),
});

export const replyCheckSchema = z.object({
  /** The language the reply was read in; null when the vocabulary has none for it (no jargon or grade). */
  language: z.enum(plainLanguages).nullable(),
  jargon: z.array(jargonFindingSchema),
  /** The US school grade needed to read the reply; null for notes and languages without a formula. */
  readingGrade: z.number().nullable(),
  /** Above this grade the reply is flagged. */
  gradeLimit: z.number(),
  phi: z.object({
    /** Web chat and the portal are secure; SMS and plain email are not (a note never leaves). */
    channelIsSecure: z.boolean(),
    /**
     * On an insecure channel, what would hold the reply if sent as it is: the rule (`lab-result`,
     * `diagnosis`, `medication`, `dose`, `procedure`, `identifier`, `record-fact`) and the words.
     */
    findings: z.array(z.object({ rule: z.string(), matched: z.string() })),
  }),
});
export type ReplyCheck = z.infer<typeof replyCheckSchema>;
