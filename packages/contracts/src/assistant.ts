import { z } from 'zod';

/** The assistant: its settings per organisation, and what it achieved. */

export const assistantSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Where it answers: web chat, the portal, SMS (email is always left to people). */
  channels: z.array(z.enum(['web', 'portal', 'sms'])).max(3),
  /** 0 to 1: how sure the search must be before it answers (it never guesses below this). */
  minConfidence: z.number().min(0.3, 'must be at least 0.3').max(1, 'must be at most 1'),
  /** Let the configured language model word the answer from the articles (it must cite one). */
  useLanguageModel: z.boolean(),
});
export type AssistantSettingsBody = z.infer<typeof assistantSettingsSchema>;

/** The settings as read back, with whether the server has a language model to use at all. */
export const assistantSettingsViewSchema = assistantSettingsSchema.extend({
  languageModelConfigured: z.boolean(),
});
export type AssistantSettingsView = z.infer<typeof assistantSettingsViewSchema>;

const count = z.number().int().min(0);

export const deflectionQuerySchema = z.object({
  days: z.coerce.number().int().min(1, 'must be at least 1').max(366, 'must be at most 366').default(30),
});

export const deflectionSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Questions the assistant answered from an article. */
  answered: count,
  /** Of those, how many the patient said helped, or did not. */
  helpful: count,
  notHelpful: count,
  /** Handed to a person: asked for one, a second question it could not answer, or "no, it did not help". */
  handedOver: count,
  handedOverBecause: z.object({ askedForPerson: count, secondUnanswered: count, notHelpful: count }),
  /** Questions no article answered well enough (it said so and offered a person). */
  unanswered: count,
  /** Answered and never handed over: questions that needed no person. */
  resolvedWithoutPerson: count,
  /** resolvedWithoutPerson over every question the assistant saw, 0 to 1. */
  deflectionRate: z.number(),
});
export type Deflection = z.infer<typeof deflectionSchema>;

export const frequentRequestsQuerySchema = z.object({
  weeks: z.coerce.number().int().min(1, 'must be at least 1').max(26, 'must be at most 26').default(4),
});

export const frequentRequestsSchema = z.object({
  weeks: z.array(
    z.object({
      /** Monday of the week, in the organisation's time zone. */
      weekOf: z.iso.date(),
      /** What inbound messages asked for, by triage intent, most first. */
      intents: z.array(z.object({ intent: z.string(), count })),
      /** Questions the assistant could not answer, grouped when worded alike, most asked first. */
      unanswered: z.array(z.object({ question: z.string(), count })),
    }),
  ),
});
export type FrequentRequests = z.infer<typeof frequentRequestsSchema>;
