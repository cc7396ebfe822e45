import twilio from 'twilio';
import { Invalid } from '../../../errors.ts';

/**
 * Twilio's webhooks, read with Twilio's own SDK: the `X-Twilio-Signature` header is an HMAC of
 * the absolute URL and the form fields under the account's auth token, so a request that was
 * not sent by Twilio (or was changed on the way) is refused before anything is stored.
 */

export type TwilioParams = Record<string, string>;

/** Whether Twilio signed this request (for the URL Twilio called, as configured with PUBLIC_URL). */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: TwilioParams,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** An inbound text message as Twilio describes it. */
export interface InboundSms {
  /** Twilio's MessageSid: the idempotency key (Twilio retries webhooks). */
  providerMessageId: string;
  from: string;
  to: string;
  body: string;
  mediaCount: number;
}

function required(params: TwilioParams, field: string): string {
  const value = params[field];
  if (!value)
    throw new Invalid(`Twilio's request has no ${field}.`, [{ field: `body.${field}`, message: 'required' }]);
  return value;
}

export function parseInboundSms(params: TwilioParams): InboundSms {
  return {
    providerMessageId: required(params, 'MessageSid'),
    from: required(params, 'From'),
    to: required(params, 'To'),
    body: params.Body ?? '',
    mediaCount: Number(params.NumMedia ?? '0') || 0,
  };
}

export type SmsDeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed';

/** A status callback for a text we sent. */
export interface SmsStatusUpdate {
  providerMessageId: string;
  status: SmsDeliveryStatus;
  /** Why it failed, in Twilio's words, with its error code. */
  failure?: string;
}

const statuses: Record<string, SmsDeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** Twilio's word for a message's state, in ours (undefined when Twilio invents a new one). */
export function twilioStatus(reported: string): SmsDeliveryStatus | undefined {
  return statuses[reported];
}

/**
 * How far along its way a text is. Twilio sends one callback per step but does not promise their
 * order, so a late `sent` may arrive after `delivered`; a report only ever moves a text forward.
 * `failed` is final like `delivered`: neither replaces the other.
 */
const stage: Record<SmsDeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 };

/** The stored statuses a report of `reported` may replace (none: it is old news). */
export function statusesOvertakenBy(reported: SmsDeliveryStatus): SmsDeliveryStatus[] {
  return (Object.keys(stage) as SmsDeliveryStatus[]).filter((status) => stage[status] < stage[reported]);
}

export function parseStatusCallback(params: TwilioParams): SmsStatusUpdate {
  const providerMessageId = required(params, 'MessageSid');
  const reported = required(params, 'MessageStatus');
  const status = statuses[reported];
  if (!status)
    throw new Invalid(`Twilio reported a message status PatientDesk does not know: "${reported}".`, [
      { field: 'body.MessageStatus', message: 'unknown status' },
    ]);
  const failure =
    status === 'failed'
      ? [params.ErrorCode && `error ${params.ErrorCode}`, params.ErrorMessage, reported]
          .filter(Boolean)
          .join(': ')
      : undefined;
  return { providerMessageId, status, ...(failure ? { failure } : {}) };
}
