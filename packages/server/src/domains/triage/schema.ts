import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversationMessages, conversations } from '../conversations/schema.ts';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import type { Intent, Urgency } from './linear-model.ts';

/** A clinician's correction of a triage: a labelled example for the next training. */
export const triageCorrections = pgTable('triage_corrections', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  messageId: uuid('message_id')
    .notNull()
    .unique()
    .references(() => conversationMessages.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id')
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  language: text('language').$type<'en' | 'es'>().notNull(),
  textEncrypted: text('text_encrypted').notNull(),
  triagedUrgency: text('triaged_urgency').$type<Urgency>().notNull(),
  triagedIntent: text('triaged_intent').$type<Intent>().notNull(),
  urgency: text('urgency').$type<Urgency>().notNull(),
  intent: text('intent').$type<Intent>().notNull(),
  correctedBy: uuid('corrected_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The numbers the safety reply gives, and the phone paged when no clinician is on duty. */
export const safetySettings = pgTable('safety_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  emergencyNumber: text('emergency_number').notNull().default('911'),
  crisisLine: text('crisis_line').notNull().default('988'),
  poisonControl: text('poison_control').notNull().default('1-800-222-1222'),
  onCallPhone: text('on_call_phone'),
  updatedBy: uuid('updated_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Encrypted column names (bound into each ciphertext). */
export const triageEncryptedFields = {
  reasons: 'conversation_messages.triage_reasons',
  correctionText: 'triage_corrections.text',
} as const;
