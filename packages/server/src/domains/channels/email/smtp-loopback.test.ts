import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboundEmail, startSmtpListener } from './smtp-listener.ts';
import { createSmtpSender, newMessageId, replyHeaders } from './smtp-sender.ts';

// Real SMTP on loopback: nodemailer sends, PatientDesk's own listener receives.
describe('email over SMTP on loopback', () => {
  const received: InboundEmail[] = [];
  let failNext = false;
  let listener: Awaited<ReturnType<typeof startSmtpListener>>;
  let sender: ReturnType<typeof createSmtpSender>;

  beforeAll(async () => {
    listener = await startSmtpListener({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 200_000,
      onMessage: async (email) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        received.push(email);
      },
    });
    sender = createSmtpSender({ host: '127.0.0.1', port: listener.port, secure: false });
  });
  afterAll(async () => {
    sender.close();
    await listener.close();
  });

  it("delivers a reply in the patient's thread, trimmed to what they wrote", async () => {
    const first = newMessageId('riverside.example');
    const second = newMessageId('mail.example.com');
    const ours = newMessageId('riverside.example');
    expect(ours).toMatch(/^<[0-9a-f-]{36}@riverside\.example>$/);
    await sender.send({
      from: 'Maria Lopez <maria@example.com>',
      to: 'desk@riverside.example',
      subject: 'Re: Your appointment',
      text: 'Friday morning is better for me.\n\nMaria\n\nOn Mon, Riverside <desk@riverside.example> wrote:\n> Can you come Tuesday?',
      messageId: ours,
      ...replyHeaders([first, second]),
    });
    const email = received.at(-1)!;
    expect(email).toMatchObject({
      providerMessageId: ours,
      from: { address: 'maria@example.com', name: 'Maria Lopez' },
      to: ['desk@riverside.example'],
      subject: 'Re: Your appointment',
      visibleText: 'Friday morning is better for me.\n\nMaria',
      inReplyTo: second,
      references: [first, second],
    });
    expect(email.text).toContain('> Can you come Tuesday?');
  });

  it('refuses a message over the size limit during the SMTP conversation', async () => {
    const before = received.length;
    await expect(
      sender.send({
        from: 'big@example.com',
        to: 'desk@riverside.example',
        subject: 'Scans',
        text: 'x'.repeat(300_000),
        messageId: newMessageId('example.com'),
      }),
    ).rejects.toThrow(/552|too large|size/i);
    expect(received.length).toBe(before);
  });

  it('tells the sending server to retry when the message cannot be stored, and takes it the second time', async () => {
    const messageId = newMessageId('example.com');
    const email = {
      from: 'ana@example.com',
      to: 'desk@riverside.example',
      subject: 'Refill',
      text: 'Hello',
      messageId,
    };
    failNext = true;
    await expect(sender.send(email)).rejects.toThrow(/451/);
    await sender.send(email);
    expect(received.filter((message) => message.providerMessageId === messageId)).toHaveLength(1);
  });
});
