import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../db/tenant-scope.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { receiveInbound } from './inbound.ts';
import { sweepUnsentUploads, unsentUploadLifetimeMs } from './jobs.ts';
import { createMessageSearch } from './message-search.ts';
import { messageAttachments } from './schema.ts';

describe('the sweep of unsent uploads', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('deletes files uploaded but never sent once a day has passed, and keeps sent and recent ones', async () => {
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Maple Street Clinic');
    const cipher = testCipher();
    const { conversation, message } = await inTenant(test.database, clinic.id, (tx) =>
      receiveInbound(
        tx,
        { cipher, search: createMessageSearch(cipher) },
        {
          contact: { organizationId: clinic.id, channel: 'sms', address: '+16175550177' },
          body: 'Here is my insurance card',
          provider: 'twilio',
          providerMessageId: 'SM-sweep-1',
        },
      ),
    );
    const now = new Date();
    const longAgo = new Date(now.getTime() - unsentUploadLifetimeMs - 60_000);
    const file = (name: string, fields: Partial<typeof messageAttachments.$inferInsert>) => ({
      organizationId: clinic.id,
      conversationId: conversation.id,
      fileName: name,
      contentType: 'application/pdf',
      sizeBytes: 3,
      contentEncrypted: Buffer.from('pdf'),
      ...fields,
    });
    await orm
      .insert(messageAttachments)
      .values([
        file('abandoned.pdf', { createdAt: longAgo }),
        file('still-being-written.pdf', { createdAt: now }),
        file('sent.pdf', { createdAt: longAgo, messageId: message.id }),
      ]);

    expect(await sweepUnsentUploads(orm, now)).toEqual({ deleted: 1 });
    const left = await orm.select({ name: messageAttachments.fileName }).from(messageAttachments);
    expect(left.map((row) => row.name).sort()).toEqual(['sent.pdf', 'still-being-written.pdf']);
    expect(await sweepUnsentUploads(orm, now)).toEqual({ deleted: 0 });
  });
});
