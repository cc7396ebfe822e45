import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEncryptedSamples, storeEncryptedSamples } from '../testing/encrypted-samples.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer, testConfig } from '../testing/test-server.ts';
import { encryptedColumns } from './encrypted-columns.ts';
import { createFieldCipher } from './field-encryption.ts';
import { checkEncryptionKeys, EncryptionKeyError } from './key-check.ts';
import { countValuesToRotate, RotationError, retireUnusedKeys, rotateColumn } from './key-rotation.ts';

const keyA = Buffer.alloc(32, 11);
const keyB = Buffer.alloc(32, 22);
const onlyA = createFieldCipher(new Map([['a', keyA]]), 'a');
const both = createFieldCipher(
  new Map([
    ['a', keyA],
    ['b', keyB],
  ]),
  'b',
);
const onlyB = createFieldCipher(new Map([['b', keyB]]), 'b');
const environmentWith = (keys: [string, Buffer][]) =>
  testConfig({
    PATIENTDESK_ENCRYPTION_KEYS: keys.map(([id, key]) => `${id}:${key.toString('base64')}`).join(','),
  });

describe('rotating the encryption key', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('re-encrypts every value under the new key, after which the old key can be dropped', async () => {
    await checkEncryptionKeys(test.database, onlyA);
    const samples = await storeEncryptedSamples(test.database, onlyA);
    // The new key joins the configuration as the active one.
    await checkEncryptionKeys(test.database, both);

    // Dropping the old key now would leave data unreadable: start-up refuses, naming the key.
    const early = startTestServer(test.database, { config: environmentWith([['b', keyB]]) });
    await expect(early).rejects.toThrow(EncryptionKeyError);
    await expect(startTestServer(test.database, { config: environmentWith([['b', keyB]]) })).rejects.toThrow(
      /This database holds PHI encrypted with key\(s\) "a"/,
    );

    const before = await countValuesToRotate(test.database, both);
    expect(Object.fromEntries(before.map(({ column, values }) => [column.field, values]))).toEqual({
      'patients.government_id': 3,
      'patient_coverages.member_number': 1,
      'patient_notes.body': 1,
      'staff_members.mfa_secret': 1,
      'outbox_messages.body': 2,
      'outbox_messages.attachments': 0,
    });
    // Interrupted after one column: a second run picks up only what is left.
    const first = encryptedColumns[0]!;
    expect(await rotateColumn(test.database, both, first, { batchSize: 2 })).toBe(3);
    const remaining = await countValuesToRotate(test.database, both);
    expect(remaining.reduce((sum, { values }) => sum + values, 0)).toBe(5);
    const batches: number[] = [];
    for (const column of encryptedColumns)
      await rotateColumn(test.database, both, column, {
        batchSize: 1,
        onBatch: ({ rotated }) => batches.push(rotated),
      });
    expect(batches).toHaveLength(5);
    expect((await countValuesToRotate(test.database, both)).every(({ values }) => values === 0)).toBe(true);

    const retirement = await retireUnusedKeys(test.database, both);
    expect(retirement).toEqual({ retired: ['a'], removable: ['a'], stillUsed: new Map() });

    // Every value now reads with the new key alone, and start-up no longer asks for the old one.
    const read = await readEncryptedSamples(test.database, onlyB, samples);
    expect(read).toEqual(
      samples.map((sample) => ({ field: sample.field, keyId: 'b', plaintext: sample.plaintext })),
    );
    await checkEncryptionKeys(test.database, onlyB);
    const server = await startTestServer(test.database, { config: environmentWith([['b', keyB]]) });
    await server.close();
  });

  it('keeps a key that a value still uses, and says which', async () => {
    const stray = onlyA.encrypt('outbox_messages.body', 'written by a server that still had the old key');
    await test.database.query(
      "insert into outbox_messages (organization_id, channel, recipient, body_encrypted, purpose) select id, 'email', 'x@example.com', $1, 'test' from organizations limit 1",
      [stray],
    );
    const retirement = await retireUnusedKeys(test.database, both);
    expect(retirement.retired).toEqual([]);
    expect(retirement.removable).toEqual([]);
    expect(retirement.stillUsed).toEqual(new Map([['a', 1]]));
  });

  it('stops at a value no configured key decrypts, naming the column and row', async () => {
    const unknown = createFieldCipher(new Map([['z', Buffer.alloc(32, 99)]]), 'z').encrypt(
      'patient_notes.body',
      'x',
    );
    const {
      rows: [note],
    } = await test.database.query<{ id: string }>(
      'update patient_notes set body_encrypted = $1 returning id',
      [unknown],
    );
    const notes = encryptedColumns.find((column) => column.field === 'patient_notes.body')!;
    const attempt = rotateColumn(test.database, both, notes, { batchSize: 10 });
    await expect(attempt).rejects.toThrow(RotationError);
    await expect(rotateColumn(test.database, both, notes, { batchSize: 10 })).rejects.toThrow(
      `The value of patient_notes.body in patient_notes row ${note!.id} cannot be decrypted`,
    );
  });
});
