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
  /** Called once per message; a rejection makes the sending server retry later. */
  onMessage(email: InboundEmail): Promise<void>;
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
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error(
            `Message too large: the limit is ${settings.maxMessageBytes} bytes`,
          ) as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          return done(error);
        }
        const raw = Buffer.concat(chunks);
        try {
          await settings.onMessage(readEmail(await simpleParser(raw), raw));
          done();
        } catch (error) {
          // 451: the sending server keeps the message and tries again later.
          const failure = new Error(`Could not store the message: ${(error as Error).message}`) as Error & {
            responseCode: number;
          };
          failure.responseCode = 451;
          done(failure);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
