import { randomUUID } from 'node:crypto';
import type { ChannelEndpoint, SimulatedInbound } from '@patientdesk/contracts';
import { and, asc, eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Config } from '../../config.ts';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { receiveEmail } from '../channels/email/inbound-email.ts';
import { parseEmail } from '../channels/email/smtp-listener.ts';
import { newMessageId } from '../channels/email/smtp-sender.ts';
import { receiveSms } from '../channels/sms/inbound-sms.ts';
import { normalizeEmail, normalizePhone } from '../conversations/contacts.ts';
import type { InboundResult, InboxCrypto } from '../conversations/inbound.ts';
import { channelEndpoints } from '../conversations/schema.ts';
import { organizations } from '../organizations/schema.ts';

/**
 * Trying the channels without accounts: with the outbox driver (development and the demo), an
 * administrator writes a text or an email as a patient would, and it takes the very path of a
 * real one (the Twilio webhook's receiveSms, the SMTP listener's parse and receiveEmail) with a
 * generated provider id. With a real driver the clinic's number or address receives the real
 * thing, so a simulated one is refused rather than mixed in.
 */

export type ChannelDrivers = { sms: 'outbox' | 'twilio'; email: 'outbox' | 'smtp' };

export function channelDrivers(channels: Config['channels']): ChannelDrivers {
  return { sms: channels.sms.driver, email: channels.email.driver };
}

/** The organisation's SMS numbers and inbound email addresses. */
export async function listChannelEndpoints(orm: Orm): Promise<ChannelEndpoint[]> {
  return orm
    .select({ id: channelEndpoints.id, channel: channelEndpoints.channel, address: channelEndpoints.address })
    .from(channelEndpoints)
    .orderBy(asc(channelEndpoints.channel), asc(channelEndpoints.address));
}

/** A sender address refused by the channel's own check, reported against the form's field. */
function senderOf(input: SimulatedInbound, country: string): string {
  try {
    return input.channel === 'sms' ? normalizePhone(input.from, country) : normalizeEmail(input.from);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    throw new Invalid(error.message, [
      {
        field: 'body.from',
        message: input.channel === 'sms' ? 'is not a phone number' : 'is not an email address',
      },
    ]);
  }
}

/** The email a patient's mail program would send, as raw bytes, read back as the listener reads mail. */
async function composedEmail(from: string, to: string, subject: string, text: string) {
  const raw = await new MailComposer({
    from,
    to,
    subject,
    text,
    messageId: newMessageId('simulated.patientdesk.invalid'),
  })
    .compile()
    .build();
  return parseEmail(raw);
}

export type SimulatedResult = InboundResult & { keyword: 'stop' | 'start' | 'help' | null };

/** Receives a made-up text or email for the caller's organisation (in its tenant transaction). */
export async function simulateInbound(
  orm: Orm,
  deps: { crypto: InboxCrypto; drivers: ChannelDrivers; attachmentMaxBytes: number },
  organizationId: string,
  input: SimulatedInbound,
): Promise<SimulatedResult> {
  const driver = deps.drivers[input.channel];
  if (driver !== 'outbox')
    throw new Conflict(
      input.channel === 'sms'
        ? 'Texts cannot be simulated here: this installation sends SMS through Twilio, so text the clinic’s number from a phone instead (or set PATIENTDESK_SMS_DRIVER=outbox to try it without an account).'
        : 'Emails cannot be simulated here: this installation sends email through SMTP, so write to the clinic’s address from a mail program instead (or set PATIENTDESK_EMAIL_DRIVER=outbox to try it without an account).',
    );
  const [endpoint] = await orm
    .select({ address: channelEndpoints.address })
    .from(channelEndpoints)
    .where(and(eq(channelEndpoints.channel, input.channel), eq(channelEndpoints.address, input.to)));
  if (!endpoint)
    throw new Invalid(
      `${input.to} is not one of this clinic’s ${input.channel === 'sms' ? 'SMS numbers' : 'email addresses'}; choose one from the list.`,
      [
        {
          field: 'body.to',
          message: `is not one of this clinic’s ${input.channel === 'sms' ? 'SMS numbers' : 'email addresses'}`,
        },
      ],
    );
  const [organization] = await orm
    .select({ country: organizations.country })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const from = senderOf(input, organization?.country ?? 'US');

  if (input.channel === 'sms') {
    const received = await receiveSms(
      orm,
      deps.crypto,
      organizationId,
      {
        providerMessageId: `simulated-${randomUUID()}`,
        from,
        to: endpoint.address,
        body: input.body,
        mediaCount: 0,
      },
      organization?.country ?? 'US',
    );
    return { ...received, keyword: received.keyword ?? null };
  }
  const email = await composedEmail(from, endpoint.address, input.subject ?? '', input.body);
  const received = await receiveEmail(orm, deps.crypto, organizationId, email, {
    endpointAddress: endpoint.address,
    attachmentMaxBytes: deps.attachmentMaxBytes,
  });
  return { ...received, keyword: null };
}
