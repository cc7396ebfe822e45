import { asc, eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import type { ChannelSender, SystemMessage } from '../../channels/outbound.ts';
import { channelEndpoints } from '../../conversations/schema.ts';
import type { OutboxAttachment } from '../../outbox/service.ts';
import type { NoticeChannel, Reach } from './patient-reach.ts';

/** Sending one notice to a patient: the first way that works, from the clinic's own number or address. */

export interface ClinicAddresses {
  /** The clinic's SMS number (Twilio sends from it); null when it has none. */
  sms: string | null;
  email: string;
}

/** The numbers and addresses the clinic's notices come from: its first SMS and email endpoints. */
export async function clinicAddresses(
  orm: Orm,
  organizationId: string,
  publicUrl: string,
): Promise<ClinicAddresses> {
  const endpoints = await orm
    .select({ channel: channelEndpoints.channel, address: channelEndpoints.address })
    .from(channelEndpoints)
    .where(eq(channelEndpoints.organizationId, organizationId))
    .orderBy(asc(channelEndpoints.createdAt));
  return {
    sms: endpoints.find((endpoint) => endpoint.channel === 'sms')?.address ?? null,
    email:
      endpoints.find((endpoint) => endpoint.channel === 'email')?.address ??
      `no-reply@${new URL(publicUrl).hostname}`,
  };
}

export interface NoticeContent {
  subject?: string;
  body: string;
  attachments?: OutboxAttachment[];
}

export type NoticeOutcome = { sent: Reach } | { failed: string };

/** The message of a notice for one way of reaching the patient. */
export function noticeMessage(
  input: { organizationId: string; from: ClinicAddresses; purpose: string },
  way: Reach,
  content: NoticeContent,
): SystemMessage {
  return {
    organizationId: input.organizationId,
    channel: way.channel,
    to: way.address,
    from: way.channel === 'sms' ? input.from.sms : input.from.email,
    purpose: input.purpose,
    body: content.body,
    ...(way.channel === 'email'
      ? {
          subject: content.subject ?? '',
          ...(content.attachments ? { attachments: content.attachments } : {}),
        }
      : {}),
  };
}

/**
 * Sends the notice the first way the patient may be reached; when a channel refuses it (a
 * landline, a mail server down) the next way is tried. The content is made per channel: an
 * email carries more than a text.
 */
export async function sendNotice(
  orm: Orm,
  channels: ChannelSender,
  input: {
    organizationId: string;
    ways: readonly Reach[];
    from: ClinicAddresses;
    purpose: string;
    compose: (channel: NoticeChannel) => NoticeContent;
  },
): Promise<NoticeOutcome> {
  const failures: string[] = [];
  for (const way of input.ways) {
    try {
      await channels.sendSystemMessage(orm, noticeMessage(input, way, input.compose(way.channel)));
      return { sent: way };
    } catch (error) {
      // The outbox writes in the caller's transaction: its failure is the database's, and the
      // transaction cannot go on. Twilio's and the mail server's refusals leave it intact.
      if (channels.drivers[way.channel] === 'outbox') throw error;
      failures.push(refusal(way, error instanceof Error ? error.message : String(error)));
    }
  }
  return { failed: failures.join('; ') || 'no way to reach the patient' };
}

/** A channel's refusal, as a skipped reminder's reason. */
export const refusal = (way: Reach, message: string) => `${way.channel}: ${message}`.slice(0, 300);
