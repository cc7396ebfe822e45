import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { findContactByAddress, normalizePhone, setOptedOut } from '../../conversations/contacts.ts';
import { type InboundResult, type InboxCrypto, receiveInbound } from '../../conversations/inbound.ts';
import { conversations } from '../../conversations/schema.ts';
import { addToTimeline } from '../../conversations/timeline.ts';
import { patientConsents } from '../../patients/schema.ts';
import { type SmsKeyword, smsKeyword } from './keywords.ts';
import type { InboundSms } from './twilio-webhook.ts';

/**
 * A text message in: stored in the sender's conversation like any other (once, however often
 * Twilio retries), and when it is a STOP or START keyword the number's opt-out changes, the
 * linked patient's SMS consent is recorded with source `sms-keyword`, and nobody is asked to
 * answer it (the carrier confirms those keywords itself).
 */
export async function receiveSms(
  orm: Orm,
  crypto: InboxCrypto,
  organizationId: string,
  sms: InboundSms,
  country: string,
): Promise<InboundResult & { keyword?: SmsKeyword }> {
  const from = normalizePhone(sms.from, country);
  const result = await receiveInbound(orm, crypto, {
    contact: { organizationId, channel: 'sms', address: from },
    body: sms.body,
    provider: 'twilio',
    providerMessageId: sms.providerMessageId,
    channelMetadata: { to: sms.to, ...(sms.mediaCount ? { mediaCount: sms.mediaCount } : {}) },
  });
  if (result.duplicate) return result;
  const keyword = smsKeyword(sms.body);
  if (keyword !== 'stop' && keyword !== 'start') return keyword ? { ...result, keyword } : result;

  const found = await findContactByAddress(orm, 'sms', from);
  if (found) await setOptedOut(orm, found.address.id, keyword === 'stop');
  const patientId = result.conversation.patientId ?? result.contact.patientId;
  if (patientId)
    await orm.insert(patientConsents).values({
      organizationId,
      patientId,
      channel: 'sms',
      status: keyword === 'stop' ? 'revoked' : 'granted',
      source: 'sms-keyword',
      note: `Texted "${sms.body.trim().slice(0, 40)}" from ${from}`,
    });
  await addToTimeline(orm, {
    organizationId,
    conversationId: result.conversation.id,
    kind: keyword === 'stop' ? 'opted-out' : 'opted-in',
    details: { channel: 'sms', address: from, keyword },
  });
  const [updated] = await orm
    .update(conversations)
    .set({ waitingSince: null, responseDueAt: null })
    .where(eq(conversations.id, result.conversation.id))
    .returning();
  return { ...result, conversation: updated!, keyword };
}
