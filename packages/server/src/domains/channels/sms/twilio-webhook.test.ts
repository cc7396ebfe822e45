import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { isSignedByTwilio, parseInboundSms, parseStatusCallback } from './twilio-webhook.ts';

const authToken = '12345678901234567890123456789012';
const url = 'https://desk.riverside.example/hooks/twilio/sms';
const inbound = {
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+16175550183',
  To: '+16175550100',
  Body: 'Can I move my appointment to Friday?',
  NumMedia: '0',
};

describe("Twilio's webhooks", () => {
  it("accepts a request signed with the account's token by Twilio's own SDK", () => {
    const signature = twilio.getExpectedTwilioSignature(authToken, url, inbound);
    expect(isSignedByTwilio(authToken, signature, url, inbound)).toBe(true);
  });

  it('refuses a missing signature, another token, another address, or a changed message', () => {
    const signature = twilio.getExpectedTwilioSignature(authToken, url, inbound);
    expect(isSignedByTwilio(authToken, undefined, url, inbound)).toBe(false);
    expect(isSignedByTwilio('another-token-another-token-12345', signature, url, inbound)).toBe(false);
    expect(isSignedByTwilio(authToken, signature, 'https://attacker.example/hooks/twilio/sms', inbound)).toBe(
      false,
    );
    expect(isSignedByTwilio(authToken, signature, url, { ...inbound, Body: 'STOP' })).toBe(false);
  });

  it('reads an inbound text, and names what is missing from a malformed one', () => {
    expect(parseInboundSms(inbound)).toEqual({
      providerMessageId: inbound.MessageSid,
      from: '+16175550183',
      to: '+16175550100',
      body: 'Can I move my appointment to Friday?',
      mediaCount: 0,
    });
    expect(() => parseInboundSms({ ...inbound, From: '' })).toThrow("Twilio's request has no From.");
  });

  it('reads delivery status callbacks, with the reason a text failed', () => {
    expect(parseStatusCallback({ MessageSid: 'SM1', MessageStatus: 'delivered' })).toEqual({
      providerMessageId: 'SM1',
      status: 'delivered',
    });
    expect(
      parseStatusCallback({
        MessageSid: 'SM2',
        MessageStatus: 'undelivered',
        ErrorCode: '30006',
        ErrorMessage: 'Landline or unreachable carrier',
      }),
    ).toEqual({
      providerMessageId: 'SM2',
      status: 'failed',
      failure: 'error 30006: Landline or unreachable carrier: undelivered',
    });
    expect(() => parseStatusCallback({ MessageSid: 'SM3', MessageStatus: 'teleported' })).toThrow(
      'Twilio reported a message status PatientDesk does not know: "teleported".',
    );
  });
});
