import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, type SignedInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { messageAttachments } from './schema.ts';
import { type FilePart, multipart, samples } from './test-attachment-files.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  newPhone,
  textIn,
} from './test-conversations.ts';

/**
 * Files in the inbox: an agent uploads one (its real type read from its content, its size
 * limited), sends it with a reply, and colleagues download it with access checked and audited.
 * Nothing is stored for a refused upload, and another clinic never reaches a file.
 */

const maxBytes = 4096;
const clinicNumber = '+16175550150';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

describe('attachments', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agentHeaders: SignedInHeaders;
  let agent: ReturnType<typeof callAs>;
  let agentId: string;
  let colleagueHeaders: SignedInHeaders;
  let colleague: ReturnType<typeof callAs>;
  let strangerHeaders: SignedInHeaders;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: inboxTestConfig({ PATIENTDESK_ATTACHMENT_MAX_BYTES: String(maxBytes) }),
    });
    clinic = await createTestClinic(test.database.orm, 'Birch Hill Medical');
    await addClinicNumber(test.database.orm, clinic.id, clinicNumber);
    const signedIn = await signedInStaff(server, clinic.id, 'agent');
    agentHeaders = signedIn;
    agentId = signedIn.staffMemberId;
    agent = callAs(server, agentHeaders);
    colleagueHeaders = await signedInStaff(server, clinic.id, 'agent');
    colleague = callAs(server, colleagueHeaders);
    const other = await createTestClinic(test.database.orm, 'Faraway Clinic');
    strangerHeaders = await signedInStaff(server, other.id, 'supervisor');
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const upload = (headers: SignedInHeaders, conversationId: string, files: FilePart[]) => {
    const body = multipart(files);
    return server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/attachments`,
      headers: {
        cookie: headers.cookie,
        'x-csrf-token': headers['x-csrf-token'],
        'content-type': body.contentType,
      },
      payload: body.payload,
    });
  };
  const uploaded = async (
    conversationId: string,
    file: FilePart,
    headers = agentHeaders,
  ): Promise<Attachment> => {
    const response = await upload(headers, conversationId, [file]);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const download = (headers: SignedInHeaders, url: string) =>
    server.app.inject({ method: 'GET', url, headers: { cookie: headers.cookie } });
  const storedFor = async (conversationId: string) =>
    test.database.orm
      .select({ id: messageAttachments.id, messageId: messageAttachments.messageId })
      .from(messageAttachments)
      .where(eq(messageAttachments.conversationId, conversationId));
  const newConversation = async (body: string) => {
    const phone = newPhone();
    await textIn(server, clinicNumber, phone, body);
    return { phone, conversationId: await conversationIdOf(agent, phone) };
  };

  it('takes each allowed type by its content, whatever the file says it is', async () => {
    const { conversationId } = await newConversation('Here are my forms');
    const expected: [keyof typeof samples, string][] = [
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
      ['gif', 'image/gif'],
      ['webp', 'image/webp'],
      ['heic', 'image/heic'],
      ['pdf', 'application/pdf'],
      ['text', 'text/plain'],
      ['docx', docxType],
    ];
    for (const [kind, type] of expected) {
      const stored = await uploaded(conversationId, { fileName: `scan.${kind}`, content: samples[kind] });
      expect(stored, kind).toMatchObject({ contentType: type, sizeBytes: samples[kind].length });
    }
    // A PNG sent as a "PDF" named like a program is stored as the PNG it is, with a PNG's name.
    const disguised = await uploaded(conversationId, {
      fileName: 'C:\\Users\\me\\report\u202egnp.exe',
      type: 'application/pdf',
      content: samples.png,
    });
    expect(disguised).toMatchObject({ contentType: 'image/png', fileName: 'reportgnp.exe.png' });
  });

  it('refuses a program, a macro document or an unknown file with 415 naming it, and stores nothing', async () => {
    const { conversationId } = await newConversation('Sending my records');
    const program = await upload(agentHeaders, conversationId, [
      { fileName: 'records.pdf', type: 'application/pdf', content: samples.exe },
    ]);
    expect(program.statusCode).toBe(415);
    expect(program.json().error).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringContaining('application/x-msdownload'),
    });
    const macros = await upload(agentHeaders, conversationId, [
      { fileName: 'letter.docx', content: samples.docm },
    ]);
    expect(macros.statusCode).toBe(415);
    expect(macros.json().error.message).toContain('macroenabled');
    const noise = await upload(agentHeaders, conversationId, [
      { fileName: 'notes.txt', type: 'text/plain', content: Buffer.from([0, 159, 146, 150, 1, 2, 3, 4]) },
    ]);
    expect(noise.statusCode).toBe(415);
    expect(noise.json().error.message).toContain('says text/plain');
    expect(await storedFor(conversationId)).toEqual([]);
  });

  it('refuses a file over the limit with 413 naming the limit, and bad uploads with 4xx', async () => {
    const { conversationId } = await newConversation('A big photo');
    const big = await upload(agentHeaders, conversationId, [
      { fileName: 'photo.txt', content: Buffer.alloc(maxBytes + 1, 'a') },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('4096 bytes'),
    });

    const two = await upload(agentHeaders, conversationId, [
      { fileName: 'a.txt', content: samples.text },
      { fileName: 'b.txt', content: samples.text, field: 'second' },
    ]);
    expect(two.statusCode).toBe(400);
    expect(two.json().error.message).toContain('one file');
    const empty = await upload(agentHeaders, conversationId, [
      { fileName: 'empty.txt', content: Buffer.alloc(0) },
    ]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ field: 'file', message: 'is empty' }]);
    const json = await agent('POST', `/api/conversations/${conversationId}/attachments`, {
      file: 'aGVsbG8=',
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.message).toContain('multipart/form-data');
    const noFile = multipart([]);
    const withoutFile = await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/attachments`,
      headers: { ...agentHeaders, 'content-type': noFile.contentType },
      payload: noFile.payload,
    });
    expect(withoutFile.statusCode).toBe(400);
    expect(withoutFile.json().error.details).toEqual([{ field: 'file', message: 'is required' }]);
    expect(
      (await upload(agentHeaders, 'not-a-uuid', [{ fileName: 'a.txt', content: samples.text }])).statusCode,
    ).toBe(400);
    expect(await storedFor(conversationId)).toEqual([]);
  });

  it('sends files with a note or a secure reply, lists them with the message, and keeps them off plain SMS', async () => {
    const phone = newPhone();
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Tomasz',
      familyName: 'Nowak',
      birthDate: '1966-11-02',
      phone,
    });
    await textIn(server, clinicNumber, phone, 'Can you send me the referral letter?');
    const conversationId = await conversationIdOf(agent, phone);
    const letter = await uploaded(conversationId, { fileName: 'referral.pdf', content: samples.pdf });

    const bySms = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Here is your letter.',
      attachmentIds: [letter.id],
    });
    expect(bySms.statusCode).toBe(400);
    expect(bySms.json().error.details).toContainEqual(
      expect.objectContaining({ field: 'body.attachmentIds' }),
    );

    const scan = await uploaded(conversationId, { fileName: 'insurance card.jpg', content: samples.jpeg });
    const note = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'note',
      body: 'Scan of the card for billing',
      attachmentIds: [scan.id],
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().message.attachments).toEqual([scan]);

    const verified = await agent('POST', `/api/conversations/${conversationId}/verify-identity`, {
      patientId: patient.id,
      identifiers: { name: 'Tomasz Nowak', birthDate: '1966-11-02' },
      method: 'sms',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const sent = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Your referral letter is attached.',
      deliverSecurely: true,
      attachmentIds: [letter.id],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().message.attachments).toEqual([letter]);

    const messages = (await agent('GET', `/api/conversations/${conversationId}/messages`)).json().items;
    expect(
      messages.map((m: { body: string; attachments: Attachment[] }) => [m.body, m.attachments.length]),
    ).toEqual([
      ['Can you send me the referral letter?', 0],
      ['Scan of the card for billing', 1],
      ['Your referral letter is attached.', 1],
    ]);
    // A file goes out once.
    const again = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'note',
      body: 'Same letter again',
      attachmentIds: [letter.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].message).toContain('already sent');
  });

  it('sends only files the agent uploaded to this conversation, and at most five', async () => {
    const { conversationId } = await newConversation('Photos of my insurance card');
    const other = await newConversation('Another question');
    const theirs = await uploaded(
      conversationId,
      { fileName: 'theirs.png', content: samples.png },
      colleagueHeaders,
    );
    const elsewhere = await uploaded(other.conversationId, {
      fileName: 'elsewhere.png',
      content: samples.png,
    });
    for (const attachmentIds of [[theirs.id], [elsewhere.id], [randomUUID()]]) {
      const response = await agent('POST', `/api/conversations/${conversationId}/messages`, {
        kind: 'note',
        body: 'See attached',
        attachmentIds,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0]).toMatchObject({
        field: 'body.attachmentIds',
        message: expect.stringContaining(attachmentIds[0]!),
      });
    }
    const six = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'note',
      body: 'Many files',
      attachmentIds: Array.from({ length: 6 }, () => randomUUID()),
    });
    expect(six.statusCode).toBe(400);
    expect(six.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.attachmentIds' }));
    const notes = (await agent('GET', `/api/conversations/${conversationId}/messages`)).json().items;
    expect(notes).toHaveLength(1);
    expect((await storedFor(conversationId)).every((row) => row.messageId === null)).toBe(true);
  });

  it('downloads a file as an attachment with a safe name, audited with who took which file', async () => {
    const { conversationId } = await newConversation('My lab sheet');
    const sheet = await uploaded(conversationId, {
      fileName: 'lab "results"; ünïcode.txt',
      content: samples.text,
    });

    const response = await download(colleagueHeaders, sheet.url);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(samples.text)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="lab _results__ unicode.txt"; filename*=UTF-8''${encodeURIComponent('lab "results"; ünïcode.txt')}`,
    );

    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'conversation.attachment.download');
    expect(event).toMatchObject({
      resourceType: 'message-attachment',
      resourceId: sheet.id,
      actorType: 'staff',
      details: expect.objectContaining({ conversationId, contentType: 'text/plain' }),
    });
    expect(event!.actorId).not.toBe(agentId);
  });

  it("keeps another clinic's staff away from a conversation's files, and a file to its own conversation", async () => {
    const { conversationId } = await newConversation('My insurance card');
    const card = await uploaded(conversationId, { fileName: 'card.png', content: samples.png });
    const other = await newConversation('Something else');
    const downloadsBefore = (
      await auditEventsOf(test.database.orm, clinic.id, 'conversation.attachment.download')
    ).length;

    const theirDownload = await download(strangerHeaders, card.url);
    expect(theirDownload.statusCode).toBe(404);
    expect(theirDownload.rawPayload.includes(samples.png)).toBe(false);
    const theirUpload = await upload(strangerHeaders, conversationId, [
      { fileName: 'x.txt', content: samples.text },
    ]);
    expect(theirUpload.statusCode).toBe(404);
    const wrongConversation = await download(
      agentHeaders,
      `/api/conversations/${other.conversationId}/attachments/${card.id}`,
    );
    expect(wrongConversation.statusCode).toBe(404);
    expect(
      (await download(agentHeaders, `/api/conversations/${conversationId}/attachments/${randomUUID()}`))
        .statusCode,
    ).toBe(404);

    expect((await storedFor(conversationId)).map((row) => row.id)).toEqual([card.id]);
    expect(
      (await auditEventsOf(test.database.orm, clinic.id, 'conversation.attachment.download')).length,
    ).toBe(downloadsBefore);
    expect((await colleague('GET', card.url)).statusCode).toBe(200);
  });

  it('keeps file contents encrypted in the database', async () => {
    const { conversationId } = await newConversation('My diary');
    const secret = Buffer.from('Diary of Philomena Brightwater: migraines on Tuesdays\n');
    const diary = await uploaded(conversationId, { fileName: 'diary.txt', content: secret });
    const { rows } = (await test.database.orm.execute(
      sql`select content_encrypted from message_attachments where id = ${diary.id}`,
    )) as unknown as { rows: { content_encrypted: Uint8Array }[] };
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.content_encrypted).includes('Philomena')).toBe(false);
    expect((await download(agentHeaders, diary.url)).rawPayload.equals(secret)).toBe(true);
  });
});
