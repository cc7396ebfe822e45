import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { visibleReplyText } from './reply-text.ts';

/** An email that arrived, read and trimmed for the inbox. */
export interface InboundEmail {
  /** The Message-ID header (or, when a sender left it out, a hash of the message): the idempotency key. */
  providerMessageId: string;
  from: { address: string; name: string | null };
  to: string[];
  subject: string;
  /** The whole text as sent. */
  text: string;
  /** What the person wrote in this reply: no quoted history, no signature. */
  visibleText: string;
  inReplyTo: string | null;
  references: string[];
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

export interface SmtpListenerSettings {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Larger messages are refused during the SMTP conversation, before they are read. */
  maxMessageBytes: number;
  /**
   * The certificate for STARTTLS. Without one, STARTTLS is not offered (smtp-server's built-in
   * fallback certificate has expired, and sending servers would refuse it): put the listener
   * behind the clinic's own mail relay, or give it a certificate.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /**
   * Whether mail for this address (lower case) is taken; others are refused at RCPT TO with 550,
   * so the sending server tells its user at once instead of the message vanishing. Taken when left out.
   */
  acceptsRecipient?(address: string): Promise<boolean>;
  /**
   * Called once per message with the envelope's accepted recipients (which, unlike the To
   * header, include Bcc and forwarding addresses); a rejection makes the sending server retry later.
   */
  onMessage(email: InboundEmail, recipients: string[]): Promise<void>;
  /** Told why a message or an address check failed (for the log). */
  onFailure?(error: unknown): void;
}

/** An SMTP reply code carried by an error, for smtp-server to send. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Thrown by `onMessage` for a message that will never be stored, however often it is sent (no
 * sender address to answer): refused for good with a 5xx reply whose words the sender reads,
 * instead of a 451 that would make their server retry for days.
 */
export class PermanentRefusal extends Error {
  readonly responseCode = 550;
}

/** Reads a raw message (RFC 5322) the way the listener does: parsed, trimmed, its id known. */
export async function parseEmail(raw: Buffer): Promise<InboundEmail> {
  return readEmail(await simpleParser(raw), raw);
}

function readEmail(parsed: ParsedMail, raw: Buffer): InboundEmail {
  const from = parsed.from?.value[0];
  const to = [parsed.to ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? ''));
  const text = parsed.text ?? '';
  const references = [parsed.references ?? []].flat();
  return {
    providerMessageId:
      parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@patientdesk.invalid>`,
    from: { address: (from?.address ?? '').toLowerCase(), name: from?.name || null },
    to: to.filter(Boolean).map((address) => address.toLowerCase()),
    subject: parsed.subject ?? '',
    text,
    visibleText: visibleReplyText(text),
    inReplyTo: parsed.inReplyTo ?? null,
    references,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? 'attachment',
      contentType: attachment.contentType,
      size: attachment.size,
      content: attachment.content,
    })),
  };
}

/**
 * The built-in inbound mail server: clinics point their support address's MX (or a forwarding
 * rule) here. Each message is parsed (mailparser), trimmed to what the person wrote, and handed
 * on; it is accepted only once the handler has stored it, so a crash makes the sender retry
 * instead of losing the message.
 */
export async function startSmtpListener(settings: SmtpListenerSettings) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: settings.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(settings.tls ? { key: settings.tls.key, cert: settings.tls.cert } : {}),
    size: settings.maxMessageBytes,
    banner: 'PatientDesk inbound mail',
    logger: false,
    onRcptTo(address, _session, done) {
      const recipient = address.address.toLowerCase();
      if (!settings.acceptsRecipient) return done();
      settings.acceptsRecipient(recipient).then(
        (accepted) =>
          done(
            accepted
              ? undefined
              : smtpError(
                  550,
                  `5.1.1 No clinic receives mail at ${recipient} here: check the address, or add it as the clinic's email channel.`,
                ),
          ),
        // 451: a database hiccup is not a reason to bounce the message for good.
        (error) => {
          settings.onFailure?.(error);
          done(smtpError(451, '4.3.0 The address could not be checked just now; try again later.'));
        },
      );
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return done(smtpError(552, `Message too large: the limit is ${settings.maxMessageBytes} bytes`));
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
        try {
          await settings.onMessage(await parseEmail(raw), recipients);
          done();
        } catch (error) {
          if (error instanceof PermanentRefusal) return done(error);
          settings.onFailure?.(error);
          // 451: the sending server keeps the message and tries again later. The cause stays in
          // our log: the sender is a stranger and needs no view of the database.
          done(smtpError(451, '4.3.0 The message could not be stored just now; please try again later.'));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  // A connection dropped half way (ECONNRESET and the like) is reported, not fatal to the process.
  server.on('error', (error) => settings.onFailure?.(error));
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
