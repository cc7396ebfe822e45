import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/schema.ts';

export type OutboxChannel = 'email' | 'sms';

/** The threading headers of a conversation's email (a system email has none). */
export interface OutboxEmailHeaders {
  from: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export const outboxMessages = pgTable('outbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  channel: text('channel').$type<OutboxChannel>().notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  bodyEncrypted: text('body_encrypted').notNull(),
  purpose: text('purpose').notNull(),
  emailHeaders: jsonb('email_headers').$type<OutboxEmailHeaders>(),
  /** Files sent with it (an appointment's .ics), as encrypted JSON. */
  attachmentsEncrypted: text('attachments_encrypted'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
