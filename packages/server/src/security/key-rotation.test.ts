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

  it('knows every encrypted column of the schema, how it is stored, and the key it walks', async () => {
    const { rows: columns } = await test.database.query<{ name: string; type: string }>(
      `select table_name || '.' || column_name as name, data_type as type from information_schema.columns
       where table_schema = current_schema() and column_name like '%\\_encrypted' order by 1`,
    );
    const listed = new Set(encryptedColumns.map((column) => `${column.table}.${column.column}`));
    // A column named *_encrypted that rotation does not know would keep its values under the old key.
    const forgotten = columns.map(({ name }) => name).filter((name) => !listed.has(name));
    expect(forgotten, 'add these columns to encryptedColumns in security/encrypted-columns.ts').toEqual([]);
    const types = new Map(columns.map(({ name, type }) => [name, type]));
    expect(
      encryptedColumns.map(
        (column) => `${column.table}.${column.column}: ${types.get(`${column.table}.${column.column}`)}`,
      ),
    ).toEqual(
      encryptedColumns.map(
        (column) => `${column.table}.${column.column}: ${column.encoding === 'bytes' ? 'bytea' : 'text'}`,
      ),
    );
    // Rotation walks each table by its `id`: a table keyed otherwise needs rotateColumn to change.
    const { rows: keys } = await test.database.query<{ table: string; key: string }>(
      `select constraints.table_name as table, string_agg(used.column_name || ' ' || columns.data_type, ', ') as key
       from information_schema.table_constraints as constraints
       join information_schema.key_column_usage as used
         on used.constraint_schema = constraints.constraint_schema and used.constraint_name = constraints.constraint_name
       join information_schema.columns as columns
         on columns.table_schema = constraints.table_schema and columns.table_name = constraints.table_name
         and columns.column_name = used.column_name
       where constraints.constraint_type = 'PRIMARY KEY' and constraints.table_schema = current_schema()
       group by 1`,
    );
    const keyOf = new Map(keys.map(({ table, key }) => [table, key]));
    const tables = [...new Set(encryptedColumns.map((column) => column.table))];
    expect(tables.map((table) => `${table}: ${keyOf.get(table)}`)).toEqual(
      tables.map((table) => `${table}: id uuid`),
    );
  });

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
      'conversations.subject': 1,
      'conversation_messages.body': 1,
      'conversation_messages.triage_reasons': 1,
      'message_attachments.content': 1,
      'triage_corrections.text': 1,
      'appointments.reason': 1,
      'appointments.intake_answers': 1,
      'appointments.follow_up': 1,
      'appointments.check_in_notes': 1,
    });
    // Interrupted after one column: a second run picks up only what is left.
    const first = encryptedColumns[0]!;
    expect(await rotateColumn(test.database, both, first, { batchSize: 2 })).toBe(3);
    const remaining = await countValuesToRotate(test.database, both);
    expect(remaining.reduce((sum, { values }) => sum + values, 0)).toBe(14);
    const batches: number[] = [];
    for (const column of encryptedColumns)
      await rotateColumn(test.database, both, column, {
        batchSize: 1,
        onBatch: ({ rotated }) => batches.push(rotated),
      });
    expect(batches).toHaveLength(14);
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

  it('re-encrypts large values a few at a time, however many rows a batch may have', async () => {
    const { rows: messages } = await test.database.query<{ id: string; organization_id: string }>(
      'select id, organization_id from conversation_messages limit 1',
    );
    const scan = Buffer.alloc(4000, 'x');
    for (const fileName of ['scan-1.png', 'scan-2.png', 'scan-3.png'])
      await test.database.query(
        `insert into message_attachments (organization_id, message_id, file_name, content_type, size_bytes, content_encrypted)
         values ($1, $2, $3, 'image/png', $4, $5)`,
        [
          messages[0]!.organization_id,
          messages[0]!.id,
          fileName,
          scan.length,
          onlyA.encryptBytes('message_attachments.content', scan),
        ],
      );
    const attachments = encryptedColumns.find((column) => column.field === 'message_attachments.content')!;
    const stored = onlyA.encryptBytes('message_attachments.content', scan).length;
    const batches: number[] = [];
    const rotated = await rotateColumn(test.database, both, attachments, {
      batchSize: 100,
      batchBytes: 2 * stored,
      onBatch: ({ rotated }) => batches.push(rotated),
    });
    expect(rotated).toBe(3);
    expect(batches).toEqual([2, 3]);
    const { rows: contents } = await test.database.query<{ content: Uint8Array }>(
      "select content_encrypted as content from message_attachments where file_name like 'scan-%'",
    );
    expect(
      contents.map(({ content }) => onlyB.decryptBytes('message_attachments.content', Buffer.from(content))),
    ).toEqual([scan, scan, scan]);
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
