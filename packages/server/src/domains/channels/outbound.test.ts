import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { outboxMessages } from '../outbox/schema.ts';
import { createOutboxSender, listOutbox, readOutboxAttachment } from '../outbox/service.ts';
import { type InboundEmail, startSmtpListener } from './email/smtp-listener.ts';
import { createChannelSender, type SystemMessage } from './outbound.ts';

/**
 * Notices to patients (confirmations, reminders) leave through the same sender as replies: kept
 * in the outbox with their attachments encrypted, or sent by SMTP with the attachment as a real
 * MIME part (here to PatientDesk's own listener on loopback).
 */

const calendar = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';

describe('system messages to patients', () => {
  let test: TestDatabase;
  let organizationId: string;
  const received: InboundEmail[] = [];
  let listener: Awaited<ReturnType<typeof startSmtpListener>>;

  beforeAll(async () => {
    test = await createTestDatabase();
    organizationId = (await createTestClinic(test.database.orm)).id;
    listener = await startSmtpListener({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 200_000,
      onMessage: async (email) => {
        received.push(email);
      },
    });
  });
  afterAll(async () => {
    await listener.close();
    await test.drop();
  });

  const confirmation = (channel: 'sms' | 'email'): SystemMessage => ({
    organizationId,
    channel,
    to: channel === 'sms' ? '+16175550142' : 'june@example.com',
    from: channel === 'sms' ? '+16175550100' : 'desk@harbor.example',
    purpose: 'appointment-confirmation',
    subject: 'Your appointment on Oct 14 is booked',
    body: 'Your appointment is booked.',
    ...(channel === 'email'
      ? {
          attachments: [
            {
              filename: 'appointment.ics',
              contentType: 'text/calendar; method=REQUEST; charset=utf-8',
              content: calendar,
            },
          ],
        }
      : {}),
  });

  it('keeps notices in the outbox, the attachment encrypted and downloadable as it was', async () => {
    const cipher = testCipher();
    const outbox = createChannelSender(createOutboxSender(cipher), {
      sms: { driver: 'outbox' },
      email: { driver: 'outbox' },
    });
    const sent = await outbox.sendSystemMessages(test.database.orm, [
      confirmation('email'),
      confirmation('sms'),
    ]);
    expect(sent.map((result) => ('error' in result ? result.error : result.driver))).toEqual([
      'outbox',
      'outbox',
    ]);

    const stored = (await test.database.orm.select().from(outboxMessages)).find(
      (row) => row.channel === 'email',
    );
    expect(stored!.attachmentsEncrypted).toMatch(/^\S+$/);
    expect(stored!.attachmentsEncrypted).not.toContain('VCALENDAR');
    const kept = await listOutbox(test.database.orm, cipher, organizationId);
    const email = kept.find((message) => message.channel === 'email')!;
    expect(email).toMatchObject({
      recipient: 'june@example.com',
      subject: 'Your appointment on Oct 14 is booked',
      purpose: 'appointment-confirmation',
      attachments: [
        {
          index: 0,
          filename: 'appointment.ics',
          contentType: 'text/calendar; method=REQUEST; charset=utf-8',
          size: calendar.length,
        },
      ],
    });
    expect(kept.find((message) => message.channel === 'sms')).toMatchObject({
      subject: null,
      attachments: [],
    });
    const file = await readOutboxAttachment(test.database.orm, cipher, organizationId, email.id, 0);
    expect(file.content.toString()).toBe(calendar);
    await expect(
      readOutboxAttachment(test.database.orm, cipher, organizationId, email.id, 1),
    ).rejects.toThrow('There is no such attachment in the outbox.');
  });

  it('sends a notice by SMTP with its calendar file attached', async () => {
    const smtp = createChannelSender(createOutboxSender(testCipher()), {
      sms: { driver: 'outbox' },
      email: { driver: 'smtp', smtp: { host: '127.0.0.1', port: listener.port, secure: false } },
    });
    try {
      const sent = await smtp.sendSystemMessage(test.database.orm, confirmation('email'));
      expect(sent.driver).toBe('smtp');
      const email = received.at(-1)!;
      expect(email).toMatchObject({
        from: { address: 'desk@harbor.example' },
        to: ['june@example.com'],
        subject: 'Your appointment on Oct 14 is booked',
        providerMessageId: sent.providerMessageId,
      });
      expect(email.text.trim()).toBe('Your appointment is booked.');
      expect(email.attachments).toHaveLength(1);
      expect(email.attachments[0]).toMatchObject({ filename: 'appointment.ics' });
      expect(email.attachments[0]!.contentType).toMatch(/^text\/calendar/);
      expect(email.attachments[0]!.content.toString()).toBe(calendar);
    } finally {
      await smtp.close();
    }
  });

  it('refuses an attachment on a text message', async () => {
    const outbox = createChannelSender(createOutboxSender(testCipher()), {
      sms: { driver: 'outbox' },
      email: { driver: 'outbox' },
    });
    await expect(
      outbox.sendSystemMessage(test.database.orm, {
        ...confirmation('sms'),
        attachments: confirmation('email').attachments!,
      }),
    ).rejects.toThrow('A text message cannot carry attachments; send them by email.');
  });
});
