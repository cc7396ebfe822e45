import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';

/** An email a conversation sends, with the headers that keep it in the patient's thread. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** This message's own id (`<...@domain>`), made with `newMessageId`. */
  messageId: string;
  /** The message being answered, and the thread so far, oldest first. */
  inReplyTo?: string;
  references?: readonly string[];
  /** Files sent with it (an appointment's .ics). */
  attachments?: readonly { filename: string; contentType: string; content: string | Buffer }[];
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
}

/** A new globally unique Message-ID in the clinic's mail domain. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

/**
 * The threading headers of a reply to `thread` (the conversation's message ids, oldest first):
 * In-Reply-To names the last one, References lists them all, so every mail program files the
 * answer under the patient's own message.
 */
export function replyHeaders(thread: readonly string[]): { inReplyTo?: string; references?: string[] } {
  if (thread.length === 0) return {};
  return { inReplyTo: thread.at(-1)!, references: [...thread] };
}

/** Sends email through an SMTP server (nodemailer). */
export function createSmtpSender(settings: SmtpSettings) {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
  });
  return {
    async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
      const info = await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: email.messageId,
        ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
        ...(email.references?.length ? { references: [...email.references] } : {}),
        ...(email.attachments?.length ? { attachments: email.attachments.map((file) => ({ ...file })) } : {}),
      });
      return { providerMessageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
