import { and, desc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { type OutboxChannel, type OutboxEmailHeaders, outboxMessages } from './schema.ts';

/** A file sent with an email (an appointment's .ics calendar entry). */
export interface OutboxAttachment {
  filename: string;
  /** The MIME type, with its parameters: `text/calendar; method=REQUEST; charset=utf-8`. */
  contentType: string;
  content: string | Buffer;
}

/** A message for a person, by email or SMS. */
export interface OutgoingMessage {
  organizationId: string;
  channel: OutboxChannel;
  recipient: string;
  subject?: string;
  body: string;
  /** Why it is sent (`portal-sign-in-code`, `password-reset`, `appointment-reminder`...). */
  purpose: string;
  /** A conversation's email: the headers it would have been sent with. */
  emailHeaders?: OutboxEmailHeaders;
  /** Email only: files sent with it, kept encrypted like the body (they name the patient's visit). */
  attachments?: readonly OutboxAttachment[];
}

/**
 * Where outgoing email and SMS go. The outbox driver (development and the demo) keeps them in
 * the database for `/admin/outbox` instead of sending; real email and SMS drivers arrive with
 * the channels and implement the same interface.
 */
export interface MessageSender {
  send(orm: Orm, message: OutgoingMessage): Promise<void>;
  /** Many at once, in one statement (a batch of reminders). */
  sendMany(orm: Orm, messages: readonly OutgoingMessage[]): Promise<void>;
}

const bodyField = 'outbox_messages.body';
const attachmentsField = 'outbox_messages.attachments';

/** How attachments are kept: one encrypted JSON list, the content in base64. */
interface StoredAttachment {
  filename: string;
  contentType: string;
  base64: string;
}

export function createOutboxSender(cipher: FieldCipher): MessageSender {
  const row = (message: OutgoingMessage) => {
    const attachments: StoredAttachment[] = (message.attachments ?? []).map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      base64: Buffer.from(file.content).toString('base64'),
    }));
    return {
      organizationId: message.organizationId,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject ?? null,
      bodyEncrypted: cipher.encrypt(bodyField, message.body),
      purpose: message.purpose,
      emailHeaders: message.emailHeaders ?? null,
      attachmentsEncrypted:
        attachments.length > 0 ? cipher.encrypt(attachmentsField, JSON.stringify(attachments)) : null,
    };
  };
  return {
    async send(orm, message) {
      await orm.insert(outboxMessages).values(row(message));
    },
    async sendMany(orm, messages) {
      if (messages.length > 0) await orm.insert(outboxMessages).values(messages.map(row));
    },
  };
}

/** An attachment as the list shows it; its content is fetched on its own. */
export interface OutboxAttachmentSummary {
  index: number;
  filename: string;
  contentType: string;
  /** Bytes. */
  size: number;
}

export interface OutboxEntry {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  purpose: string;
  emailHeaders: OutboxEmailHeaders | null;
  attachments: OutboxAttachmentSummary[];
  createdAt: string;
}

function storedAttachments(cipher: FieldCipher, encrypted: string | null): StoredAttachment[] {
  if (!encrypted) return [];
  return JSON.parse(cipher.decrypt(attachmentsField, encrypted)) as StoredAttachment[];
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
    attachments: storedAttachments(cipher, row.attachmentsEncrypted).map((file, index) => ({
      index,
      filename: file.filename,
      contentType: file.contentType,
      size: Buffer.byteLength(file.base64, 'base64'),
    })),
    createdAt: row.createdAt.toISOString(),
  }));
}

/** One attachment of a message in the organisation's outbox, decrypted; 404 when there is none. */
export async function readOutboxAttachment(
  orm: Orm,
  cipher: FieldCipher,
  organizationId: string,
  messageId: string,
  index: number,
): Promise<{ filename: string; contentType: string; content: Buffer; recipient: string }> {
  const [row] = await orm
    .select({ recipient: outboxMessages.recipient, attachments: outboxMessages.attachmentsEncrypted })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.id, messageId), eq(outboxMessages.organizationId, organizationId)));
  const file = row ? storedAttachments(cipher, row.attachments)[index] : undefined;
  if (!row || !file)
    throw new NotFound(
      'There is no such attachment in the outbox. Reload the outbox and choose the file again.',
    );
  return {
    filename: file.filename,
    contentType: file.contentType,
    content: Buffer.from(file.base64, 'base64'),
    recipient: row.recipient,
  };
}
