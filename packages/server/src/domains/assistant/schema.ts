import { boolean, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversationMessages, conversations } from '../conversations/schema.ts';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';

export const assistantChannels = ['web', 'portal', 'sms'] as const;
export type AssistantChannel = (typeof assistantChannels)[number];
export type AssistantOutcome = 'answered' | 'unanswered' | 'handed-over';
export type HandoverReason = 'asked-for-person' | 'second-unanswered' | 'not-helpful';

export const assistantSettings = pgTable('assistant_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  enabled: boolean('enabled').notNull().default(true),
  channels: text('channels').array().$type<AssistantChannel[]>().notNull().default(['web', 'portal', 'sms']),
  minConfidence: real('min_confidence').notNull().default(0.6),
  useLanguageModel: boolean('use_language_model').notNull().default(false),
  updatedBy: uuid('updated_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const assistantAnswers = pgTable('assistant_answers', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  conversationId: uuid('conversation_id')
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  questionMessageId: uuid('question_message_id')
    .notNull()
    .unique()
    .references(() => conversationMessages.id, { onDelete: 'cascade' }),
  answerMessageId: uuid('answer_message_id').references(() => conversationMessages.id, {
    onDelete: 'set null',
  }),
  outcome: text('outcome').$type<AssistantOutcome>().notNull(),
  handoverReason: text('handover_reason').$type<HandoverReason>(),
  intent: text('intent'),
  language: text('language').$type<'en' | 'es'>().notNull(),
  articleId: uuid('article_id'),
  articleSlug: text('article_slug'),
  confidence: real('confidence'),
  source: text('source').$type<'search' | 'language-model'>(),
  helpful: boolean('helpful'),
  feedbackAt: timestamp('feedback_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
