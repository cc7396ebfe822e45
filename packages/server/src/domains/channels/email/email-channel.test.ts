import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import { encryptedFields } from '../../conversations/fields.ts';
import { channelEndpoints, messageAttachments } from '../../conversations/schema.ts';
import { organizations } from '../../organizations/schema.ts';
import type { Organization } from '../../organizations/service.ts';
import { callAs, signedInStaff } from '../../patients/test-fixtures.ts';
import { newMessageId, replyHeaders } from './smtp-sender.ts';

/**
 * The email channel end to end on loopback SMTP, nothing mocked: patients' mail goes through
 * nodemailer to PatientDesk's own listener, and the desk's replies leave through the SMTP driver
 * to a sink (another SMTP server) that reads them as the patient's mail program would.
 */

const clinicAddress = 'desk@lakeside.example';
const attachmentMaxBytes = 4096;

interface Summary {
  id: string;
  channel: string;
  subject: string | null;
  status: string;
  messagesCount: number;
  contact: { address: string | null; displayName: string | null };
}
interface Message {
  id: string;
  body: string;
  direction: string | null;
  deliveryStatus: string | null;
  attachments: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
}

/** An SMTP server standing in for the clinic's mail relay: it keeps what it is given. */
async function startSink() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(mail);
          done();
        }, done);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('email to the clinic and back, over loopback SMTP', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let patientMail: Transporter;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    sink = await startSink();
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: testConfig({
        PATIENTDESK_EMAIL_DRIVER: 'smtp',
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        PATIENTDESK_SMTP_LISTEN: '127.0.0.1:0',
        PATIENTDESK_ATTACHMENT_MAX_BYTES: String(attachmentMaxBytes),
        PUBLIC_URL: 'https://desk.lakeside.example',
      }),
    });
    clinic = await createTestClinic(test.database.orm, 'Lakeside Clinic');
    await test.database.orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'email', address: clinicAddress });
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    patientMail = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.smtpPort!,
      secure: false,
      ignoreTLS: true,
    });
  });
  afterAll(async () => {
    patientMail?.close();
    await server?.close();
    await sink?.close();
    await test?.drop();
  });

  const conversationsFrom = async (address: string): Promise<Summary[]> => {
    const response = await agent('GET', '/api/conversations?view=all&status=open,pending,snoozed,resolved');
    expect(response.statusCode).toBe(200);
    return response.json().items.filter((item: Summary) => item.contact.address === address);
  };
  const messagesOf = async (conversationId: string): Promise<Message[]> => {
    const response = await agent('GET', `/api/conversations/${conversationId}/messages`);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const reply = async (conversationId: string, body: string) => {
    const response = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'message',
      body,
    });
    expect(response.statusCode).toBe(201);
  };
  const resolve = async (conversationId: string) => {
    const response = await agent('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    expect(response.statusCode).toBe(200);
  };

  it("puts a patient's email in the inbox with its subject, trimmed to what they wrote", async () => {
    await patientMail.sendMail({
      from: 'Maria Lopez <maria@example.com>',
      to: clinicAddress,
      subject: 'Moving my visit',
      text: 'Could I come on Friday instead?\n\nMaria\n--\nMaria Lopez\n555-0100',
      messageId: newMessageId('example.com'),
    });
    const [conversation] = await conversationsFrom('maria@example.com');
    expect(conversation).toMatchObject({
      channel: 'email',
      subject: 'Moving my visit',
      status: 'open',
      messagesCount: 1,
      contact: { displayName: 'Maria Lopez' },
    });
    const [message] = await messagesOf(conversation!.id);
    expect(message).toMatchObject({
      direction: 'inbound',
      body: 'Could I come on Friday instead?\n\nMaria',
      deliveryStatus: 'received',
    });
  });

  it('stores a mail delivered twice (a sending server retrying) once', async () => {
    const mail = {
      from: 'tom@example.com',
      to: clinicAddress,
      subject: 'Parking',
      text: 'Is there parking at the clinic?',
      messageId: newMessageId('example.com'),
    };
    await patientMail.sendMail(mail);
    await patientMail.sendMail(mail);
    const found = await conversationsFrom('tom@example.com');
    expect(found).toHaveLength(1);
    expect(found[0]!.messagesCount).toBe(1);
    expect(await messagesOf(found[0]!.id)).toHaveLength(1);
  });

  it('refuses mail for an address no clinic uses while the sender is connected (550)', async () => {
    const refused = patientMail.sendMail({
      from: 'ana@example.com',
      to: 'nobody@lakeside.example',
      subject: 'Hello',
      text: 'Anyone there?',
    });
    await expect(refused).rejects.toMatchObject({ responseCode: 550 });
    await expect(refused).rejects.toThrow(/No clinic receives mail at nobody@lakeside\.example/);
    expect(await conversationsFrom('ana@example.com')).toHaveLength(0);
  });

  it('refuses for good a mail with no sender to answer, instead of having it retried', async () => {
    const refused = patientMail.sendMail({
      envelope: { from: 'bounces@example.com', to: [clinicAddress] },
      raw: `To: ${clinicAddress}\r\nSubject: No sender\r\nMessage-ID: ${newMessageId('example.com')}\r\n\r\nWho am I?\r\n`,
    });
    await expect(refused).rejects.toMatchObject({ responseCode: 550 });
    await expect(refused).rejects.toThrow(/cannot be answered/);
  });

  it("answers in the patient's thread, and the patient's reply joins the same conversation", async () => {
    const patientMessageId = newMessageId('mail.example.net');
    await patientMail.sendMail({
      from: 'Lee Chen <lee@example.net>',
      to: clinicAddress,
      subject: 'Opening hours',
      text: 'Are you open on Saturdays?',
      messageId: patientMessageId,
    });
    const [conversation] = await conversationsFrom('lee@example.net');

    await reply(conversation!.id, 'Yes, from 9 to 12. See you then.');
    const sent = sink.received.at(-1)!;
    expect(sent.from?.value[0]?.address).toBe(clinicAddress);
    expect(sent.to).toMatchObject({ value: [{ address: 'lee@example.net' }] });
    expect(sent.subject).toBe('Re: Opening hours');
    expect(sent.text?.trim()).toBe('Yes, from 9 to 12. See you then.');
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@lakeside\.example>$/);
    expect(sent.inReplyTo).toBe(patientMessageId);
    expect([sent.references ?? []].flat()).toEqual([patientMessageId]);
    expect((await messagesOf(conversation!.id)).at(-1)).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'sent',
    });
    // A second answer in a row still answers the patient's email, and lists the whole thread.
    await reply(conversation!.id, 'We are closed on Sundays.');
    const second = sink.received.at(-1)!;
    expect(second.inReplyTo).toBe(patientMessageId);
    expect([second.references ?? []].flat()).toEqual([patientMessageId, sent.messageId]);

    await patientMail.sendMail({
      from: 'Lee Chen <lee@example.net>',
      to: clinicAddress,
      subject: 'Re: Opening hours',
      text: `Great, thank you!\n\nOn Mon, Lakeside Clinic <${clinicAddress}> wrote:\n> Yes, from 9 to 12. See you then.`,
      messageId: newMessageId('mail.example.net'),
      ...replyHeaders([patientMessageId, sent.messageId!]),
    });
    const after = await conversationsFrom('lee@example.net');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: conversation!.id, messagesCount: 4 });
    expect((await messagesOf(conversation!.id)).at(-1)).toMatchObject({
      direction: 'inbound',
      body: 'Great, thank you!',
    });
  });

  it('reopens the resolved conversation a reply answers, not merely the latest one', async () => {
    const from = 'sam@example.org';
    await patientMail.sendMail({
      from,
      to: clinicAddress,
      subject: 'Flu shots',
      text: 'Do you have flu shots?',
    });
    const [first] = await conversationsFrom(from);
    await reply(first!.id, 'We do, every weekday morning.');
    const ours = sink.received.at(-1)!.messageId!;
    await resolve(first!.id);

    // With no reopening window, the next mail starts a second conversation, also resolved.
    await test.database.orm
      .update(organizations)
      .set({ conversationReopenHours: 0 })
      .where(eq(organizations.id, clinic.id));
    await patientMail.sendMail({
      from,
      to: clinicAddress,
      subject: 'Invoice',
      text: 'Where do I send the form?',
    });
    const second = (await conversationsFrom(from)).find((item) => item.id !== first!.id)!;
    await resolve(second.id);
    await test.database.orm
      .update(organizations)
      .set({ conversationReopenHours: 168 })
      .where(eq(organizations.id, clinic.id));

    await patientMail.sendMail({
      from,
      to: clinicAddress,
      subject: 'Re: Flu shots',
      text: 'Can I bring my son too?',
      ...replyHeaders([ours]),
    });
    const byId = new Map((await conversationsFrom(from)).map((item) => [item.id, item]));
    expect(byId.size).toBe(2);
    expect(byId.get(first!.id)).toMatchObject({ status: 'open', messagesCount: 3 });
    expect(byId.get(second.id)).toMatchObject({ status: 'resolved', messagesCount: 1 });
  });

  it("gives someone copied in their own conversation, not a place in the patient's", async () => {
    await patientMail.sendMail({
      from: 'rosa@example.com',
      to: clinicAddress,
      subject: 'My referral',
      text: 'Has the referral gone out?',
    });
    const [patients] = await conversationsFrom('rosa@example.com');
    await reply(patients!.id, 'It went out this morning.');
    const ours = sink.received.at(-1)!.messageId!;

    await patientMail.sendMail({
      from: 'rosa.daughter@example.com',
      to: clinicAddress,
      subject: 'Re: My referral',
      text: 'Which clinic was it sent to?',
      ...replyHeaders([ours]),
    });
    expect((await conversationsFrom('rosa@example.com'))[0]).toMatchObject({ messagesCount: 2 });
    expect(await conversationsFrom('rosa.daughter@example.com')).toHaveLength(1);
  });

  it('keeps attachments up to the limit encrypted, and notes the ones it drops', async () => {
    const photo = Buffer.alloc(1000, 1);
    await patientMail.sendMail({
      from: 'kim@example.com',
      to: clinicAddress,
      subject: 'Forms',
      text: 'Here are my forms.',
      attachments: [
        { filename: 'insurance-card.png', content: photo, contentType: 'image/png' },
        {
          filename: 'scan.pdf',
          content: Buffer.alloc(attachmentMaxBytes + 1, 2),
          contentType: 'application/pdf',
        },
      ],
    });
    const [conversation] = await conversationsFrom('kim@example.com');
    const [message] = await messagesOf(conversation!.id);
    expect(message!.body).toContain('Here are my forms.');
    expect(message!.body).toContain(
      `[Attachment not kept: "scan.pdf" is ${attachmentMaxBytes + 1} bytes, over the limit of ${attachmentMaxBytes} bytes.`,
    );
    expect(message!.attachments).toEqual([
      expect.objectContaining({ fileName: 'insurance-card.png', contentType: 'image/png', sizeBytes: 1000 }),
    ]);
    const [stored] = await test.database.orm
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, message!.id));
    expect(stored!.contentEncrypted!.includes(photo)).toBe(false);
    expect(server.cipher.decryptBytes(encryptedFields.attachment, stored!.contentEncrypted!)).toEqual(photo);
  });
});
