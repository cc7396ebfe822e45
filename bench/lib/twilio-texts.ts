import http from 'node:http';
import twilio from 'twilio';
import { clinicNumber, publicUrl, twilioAuthToken } from './inbox-server.ts';

/**
 * Texts to the clinic as Twilio posts them: a form with a fresh MessageSid, each from its own
 * sender (so each starts its own conversation), signed with `X-Twilio-Signature` by the SDK's own
 * `getExpectedTwilioSignature` over PUBLIC_URL + path, as the server checks it.
 */

export const webhookPath = '/hooks/twilio/sms';

export interface SignedText {
  messageSid: string;
  /** The urlencoded form body. */
  form: string;
  headers: Record<string, string>;
}

/** The `number`th text of a run: sender and MessageSid are unique for every number below 8,000,000. */
export function signedText(number: number): SignedText {
  const params = {
    MessageSid: `SM${number.toString(16).padStart(32, '0')}`,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: `+1617${2_000_000 + number}`,
    To: clinicNumber,
    Body: `Hello, this is text ${number}. Can I book a flu shot this week?`,
    NumMedia: '0',
  };
  return {
    messageSid: params.MessageSid,
    form: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        twilioAuthToken,
        `${publicUrl}${webhookPath}`,
        params,
      ),
    },
  };
}

/** Hands out text numbers in order, so no two requests of one server's run share a sender. */
export function textNumbering(): () => number {
  let next = 0;
  return () => next++;
}

export interface TextPoster {
  /** Posts the text; resolves with the HTTP status (0 when the connection failed). */
  post(text: SignedText): Promise<number>;
  close(): void;
}

/**
 * Posts over kept-alive connections, at most `maxSockets` at once (more wait in the client, as
 * they would at Twilio): node:http costs the sender less than fetch, so the client keeps time.
 */
export function textPoster(address: string, maxSockets = 256): TextPoster {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(address);
  return {
    post: (text) =>
      new Promise((resolve) => {
        const request = http.request(
          {
            agent,
            hostname,
            port,
            method: 'POST',
            path: webhookPath,
            headers: { ...text.headers, 'content-length': Buffer.byteLength(text.form) },
          },
          (response) => {
            response.resume();
            response.once('end', () => resolve(response.statusCode ?? 0));
            response.once('error', () => resolve(0));
          },
        );
        request.once('error', () => resolve(0));
        request.end(text.form);
      }),
    close: () => agent.destroy(),
  };
}
