import { desc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { type OutboxChannel, type OutboxEmailHeaders, outboxMessages } from './schema.ts';

/** A message for a person, by email or SMS. */
export interface OutgoingMessage {
  organizationId: string;
  channel: OutboxChannel;
  recipient: string;
  subject?: string;
  body: string;
  /** Why it is sent (`portal-sign-in-code`, `password-reset`, `staff-invitation`...). */
  purpose: string;
  /** A conversation's email: the headers it would have been sent with. */
  emailHeaders?: OutboxEmailHeaders;
}

/**
 * Where outgoing email and SMS go. The outbox driver (development and the demo) keeps them in
 * the database for `/admin/outbox` instead of sending; real email and SMS drivers arrive with
 * the channels and implement the same interface.
 */
export interface MessageSender {
  send(orm: Orm, message: OutgoingMessage): Promise<void>;
}

const bodyField = 'outbox_messages.body';

export function createOutboxSender(cipher: FieldCipher): MessageSender {
  return {
    async send(orm, message) {
      await orm.insert(outboxMessages).values({
        organizationId: message.organizationId,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject ?? null,
        bodyEncrypted: cipher.encrypt(bodyField, message.body),
        purpose: message.purpose,
        emailHeaders: message.emailHeaders ?? null,
      });
    },
  };
}

export interface OutboxEntry {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  purpose: string;
  emailHeaders: OutboxEmailHeaders | null;
  createdAt: string;
}

/** The newest messages in an organisation's outbox, decrypted for the admin page. */
export async function listOutbox(
  orm: Orm,
  cipher: FieldCipher,
  organizationId: string,
  limit = 100,
): Promise<OutboxEntry[]> {
  const rows = await orm
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.organizationId, organizationId))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: cipher.decrypt(bodyField, row.bodyEncrypted),
    purpose: row.purpose,
    emailHeaders: row.emailHeaders,
    createdAt: row.createdAt.toISOString(),
  }));
}
