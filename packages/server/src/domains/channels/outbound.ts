import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { Orm } from '../../db/connection.ts';
import type { MessageSender, OutboxAttachment, OutgoingMessage } from '../outbox/service.ts';
import { createSmtpSender, newMessageId, type SmtpSettings } from './email/smtp-sender.ts';
import { type SmsDeliveryStatus, twilioStatus } from './sms/twilio-webhook.ts';

/**
 * The one interface outgoing SMS and email leave through. Drivers: the outbox (development and
 * the demo: stored and shown on /admin/outbox instead of sent), Twilio for SMS (its official
 * SDK), and SMTP for email (nodemailer). Web chat and portal replies need no driver: the
 * contact reads them from PatientDesk itself.
 */

export interface OutgoingSms {
  organizationId: string;
  to: string;
  /** The clinic's number the contact wrote to (its channel endpoint). */
  from: string | null;
  body: string;
  /** Where Twilio reports delivery (absolute, from PUBLIC_URL). */
  statusCallbackUrl: string;
}

export interface OutgoingConversationEmail {
  organizationId: string;
  to: string;
  from: string;
  subject: string;
  body: string;
  messageId: string;
  inReplyTo?: string;
  references?: readonly string[];
}

/**
 * A message the clinic sends a patient by itself, outside any conversation: an appointment's
 * confirmation, reminder or cancellation. Its text must carry no health details (it goes over
 * SMS or plain email); links lead to what needs a sign-in.
 */
export interface SystemMessage {
  organizationId: string;
  channel: 'sms' | 'email';
  to: string;
  /** The clinic's number (SMS) or address (email) it is sent from; Twilio needs a number. */
  from: string | null;
  /** What it is, as the outbox lists it: `appointment-confirmation`, `appointment-reminder`... */
  purpose: string;
  /** Email only. */
  subject?: string;
  body: string;
  /** Email only: files sent with it (an appointment's .ics). */
  attachments?: readonly OutboxAttachment[];
}

export interface SentMessage {
  /** The provider's id of the sent message: Twilio's MessageSid, the email's Message-ID. */
  providerMessageId: string;
  status: SmsDeliveryStatus;
  driver: 'outbox' | 'twilio' | 'smtp';
}

export interface ChannelSender {
  /** Where each channel's messages go: kept in the outbox (in the caller's transaction) or sent out. */
  readonly drivers: { sms: 'outbox' | 'twilio'; email: 'outbox' | 'smtp' };
  sendSms(orm: Orm, sms: OutgoingSms): Promise<SentMessage>;
  sendEmail(orm: Orm, email: OutgoingConversationEmail): Promise<SentMessage>;
  /** A confirmation, reminder or other notice to a patient (see SystemMessage). */
  sendSystemMessage(orm: Orm, message: SystemMessage): Promise<SentMessage>;
  /**
   * Many notices (a batch of reminders): those for the outbox in one statement, the others one
   * by one. A message the channel refused is answered with its error instead of failing the rest.
   */
  sendSystemMessages(
    orm: Orm,
    messages: readonly SystemMessage[],
  ): Promise<(SentMessage | { error: string })[]>;
  close(): Promise<void>;
}

export type SmsDriverSettings =
  | { driver: 'outbox' }
  | { driver: 'twilio'; accountSid: string; authToken: string };
export type EmailDriverSettings = { driver: 'outbox' } | { driver: 'smtp'; smtp: SmtpSettings };

export function createChannelSender(
  outbox: MessageSender,
  settings: { sms: SmsDriverSettings; email: EmailDriverSettings },
): ChannelSender {
  const twilioClient =
    settings.sms.driver === 'twilio' ? twilio(settings.sms.accountSid, settings.sms.authToken) : undefined;
  const smtp = settings.email.driver === 'smtp' ? createSmtpSender(settings.email.smtp) : undefined;
  const drivers = { sms: settings.sms.driver, email: settings.email.driver };
  const sender: ChannelSender = {
    drivers,
    async sendSms(orm, sms) {
      if (!twilioClient) {
        await outbox.send(orm, {
          organizationId: sms.organizationId,
          channel: 'sms',
          recipient: sms.to,
          body: sms.body,
          purpose: 'conversation-reply',
        });
        return { providerMessageId: `outbox-${randomUUID()}`, status: 'sent', driver: 'outbox' };
      }
      if (!sms.from)
        throw new Error(
          'This organisation has no SMS number: add one under channel settings before replying by SMS.',
        );
      const sent = await twilioClient.messages.create({
        to: sms.to,
        from: sms.from,
        body: sms.body,
        statusCallback: sms.statusCallbackUrl,
      });
      return { providerMessageId: sent.sid, status: twilioStatus(sent.status) ?? 'queued', driver: 'twilio' };
    },
    async sendEmail(orm, email) {
      if (!smtp) {
        await outbox.send(orm, {
          organizationId: email.organizationId,
          channel: 'email',
          recipient: email.to,
          subject: email.subject,
          body: email.body,
          purpose: 'conversation-reply',
          // The same headers SMTP would carry, so the outbox shows the thread as it would be filed.
          emailHeaders: {
            from: email.from,
            messageId: email.messageId,
            ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
            ...(email.references?.length ? { references: [...email.references] } : {}),
          },
        });
        return { providerMessageId: email.messageId, status: 'sent', driver: 'outbox' };
      }
      await smtp.send({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.body,
        messageId: email.messageId,
        ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
        ...(email.references ? { references: email.references } : {}),
      });
      return { providerMessageId: email.messageId, status: 'sent', driver: 'smtp' };
    },
    async sendSystemMessage(orm, message) {
      if (message.channel === 'sms') {
        if (message.attachments?.length)
          throw new Error('A text message cannot carry attachments; send them by email.');
        if (!twilioClient) {
          await outbox.send(orm, outboxCopy(message));
          return { providerMessageId: `outbox-${randomUUID()}`, status: 'sent', driver: 'outbox' };
        }
        if (!message.from)
          throw new Error(
            'This organisation has no SMS number: add one under channel settings before texting patients.',
          );
        const sent = await twilioClient.messages.create({
          to: message.to,
          from: message.from,
          body: message.body,
        });
        return {
          providerMessageId: sent.sid,
          status: twilioStatus(sent.status) ?? 'queued',
          driver: 'twilio',
        };
      }
      const from = message.from ?? 'no-reply@patientdesk.invalid';
      const messageId = newMessageId(from.split('@')[1] ?? 'patientdesk.invalid');
      const subject = message.subject ?? '';
      if (!smtp) {
        await outbox.send(orm, outboxCopy(message));
        return { providerMessageId: messageId, status: 'sent', driver: 'outbox' };
      }
      await smtp.send({
        from,
        to: message.to,
        subject,
        text: message.body,
        messageId,
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      });
      return { providerMessageId: messageId, status: 'sent', driver: 'smtp' };
    },
    async sendSystemMessages(orm, messages) {
      const kept = messages.filter((message) => drivers[message.channel] === 'outbox');
      await outbox.sendMany(orm, kept.map(outboxCopy));
      const results: (SentMessage | { error: string })[] = [];
      for (const message of messages) {
        if (drivers[message.channel] === 'outbox') {
          results.push({ providerMessageId: `outbox-${randomUUID()}`, status: 'sent', driver: 'outbox' });
          continue;
        }
        try {
          results.push(await sender.sendSystemMessage(orm, message));
        } catch (error) {
          results.push({ error: error instanceof Error ? error.message : String(error) });
        }
      }
      return results;
    },
    async close() {
      smtp?.close();
    },
  };
  return sender;
}

/** A notice as the outbox keeps it. */
function outboxCopy(message: SystemMessage): OutgoingMessage {
  if (message.channel === 'sms' && message.attachments?.length)
    throw new Error('A text message cannot carry attachments; send them by email.');
  return {
    organizationId: message.organizationId,
    channel: message.channel,
    recipient: message.to,
    body: message.body,
    purpose: message.purpose,
    ...(message.channel === 'email' ? { subject: message.subject ?? '' } : {}),
    ...(message.channel === 'email' && message.attachments?.length
      ? { attachments: message.attachments }
      : {}),
  };
}
