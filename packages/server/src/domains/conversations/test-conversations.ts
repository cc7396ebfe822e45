import twilio from 'twilio';
import type { Orm } from '../../db/connection.ts';
import type { RunningServer } from '../../main.ts';
import { testConfig } from '../../testing/test-server.ts';
import type { callAs } from '../patients/test-fixtures.ts';
import { channelEndpoints } from './schema.ts';

/** Helpers for inbox API tests (not a test file itself): conversations started by a signed text. */

const authToken = '0123456789abcdef0123456789abcdef';
const publicUrl = 'https://desk.inbox-test.example';

/** A server configuration whose Twilio webhook accepts the texts `textIn` signs. */
export const inboxTestConfig = (overrides: Record<string, string> = {}) =>
  testConfig({ TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: publicUrl, ...overrides });
export const inboxTestPublicUrl = publicUrl;

/** Gives the clinic an SMS number (unique across the installation). */
export async function addClinicNumber(orm: Orm, organizationId: string, number: string): Promise<void> {
  await orm.insert(channelEndpoints).values({ organizationId, channel: 'sms', address: number });
}

let sids = 0;
let phones = 0;

/** A phone number no other test in this process has used. */
export const newPhone = () => `+1617555${String(3000 + ++phones).padStart(4, '0')}`;

/** A text from `from` to the clinic number `to`, posted by "Twilio" with a real signature. */
export async function textIn(server: RunningServer, to: string, from: string, body: string): Promise<void> {
  const params = {
    MessageSid: `SM${String(++sids).padStart(32, '0')}`,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: from,
    To: to,
    Body: body,
    NumMedia: '0',
  };
  const response = await server.app.inject({
    method: 'POST',
    url: '/hooks/twilio/sms',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        authToken,
        `${publicUrl}/hooks/twilio/sms`,
        params,
      ),
    },
    payload: new URLSearchParams(params).toString(),
  });
  if (response.statusCode !== 200)
    throw new Error(`the text was refused (${response.statusCode}): ${response.body}`);
}

/** The id of the conversation a phone's texts are in, as the caller's inbox lists it. */
export async function conversationIdOf(caller: ReturnType<typeof callAs>, phone: string): Promise<string> {
  const response = await caller('GET', '/api/conversations?view=all&status=open,pending,snoozed,resolved');
  const found = response
    .json()
    .items.find((item: { contact: { address: string | null } }) => item.contact.address === phone);
  if (!found) throw new Error(`no conversation from ${phone}`);
  return found.id;
}
