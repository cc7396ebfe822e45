import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../testing/temporary-folder.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  addKeyToDataFolder,
  createFieldCipher,
  DecryptionError,
  loadFieldCipher,
} from './field-encryption.ts';
import { checkEncryptionKeys, EncryptionKeyError } from './key-check.ts';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

describe('field-level encryption of PHI', () => {
  it('stores no plaintext, names its key, and reads back what was written', () => {
    const cipher = createFieldCipher(new Map([['a', keyA]]), 'a');
    const stored = cipher.encrypt('patient_coverages.member_number', 'BCB123456789');
    expect(stored).not.toContain('BCB123456789');
    expect(stored.startsWith('pd1.a.')).toBe(true);
    expect(cipher.decrypt('patient_coverages.member_number', stored)).toBe('BCB123456789');
    // The same value encrypts differently each time (random IV), so equal values do not show.
    expect(cipher.encrypt('patient_coverages.member_number', 'BCB123456789')).not.toBe(stored);
  });

  it('refuses a value moved into another column, a changed value, or the wrong key, loudly', () => {
    const cipher = createFieldCipher(new Map([['a', keyA]]), 'a');
    const stored = cipher.encrypt('patient_notes.body', 'Allergic to penicillin');
    expect(() => cipher.decrypt('patients.government_id', stored)).toThrow(DecryptionError);
    const position = stored.length - 2;
    const flipped = stored[position] === 'A' ? 'B' : 'A';
    const tampered = `${stored.slice(0, position)}${flipped}${stored.slice(position + 1)}`;
    expect(() => cipher.decrypt('patient_notes.body', tampered)).toThrow(DecryptionError);
    const impostor = createFieldCipher(new Map([['a', keyB]]), 'a');
    expect(() => impostor.decrypt('patient_notes.body', stored)).toThrow(/does not decrypt with key "a"/);
    const without = createFieldCipher(new Map([['b', keyB]]), 'b');
    expect(() => without.decrypt('patient_notes.body', stored)).toThrow(
      /encrypted with key "a", which is not configured/,
    );
  });

  it('makes a key file in the data folder on first start and reuses it after', () => {
    const dataDir = temporaryFolder();
    const first = loadFieldCipher({ source: 'data-folder', dataDir });
    const stored = first.encrypt('patient_notes.body', 'note');
    const file = path.join(dataDir, 'encryption-keys.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadFieldCipher({ source: 'data-folder', dataDir }).decrypt('patient_notes.body', stored)).toBe(
      'note',
    );
    addKeyToDataFolder(dataDir, 'k2');
    const rotated = loadFieldCipher({ source: 'data-folder', dataDir });
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.decrypt('patient_notes.body', stored)).toBe('note');
  });
});

describe('the start-up key check', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('accepts the keys that encrypted the data and refuses a missing or different key by name', async () => {
    await checkEncryptionKeys(test.database, createFieldCipher(new Map([['a', keyA]]), 'a'));
    // Same key again: fine.
    await checkEncryptionKeys(test.database, createFieldCipher(new Map([['a', keyA]]), 'a'));
    // The key was lost (only a new one is configured).
    await expect(
      checkEncryptionKeys(test.database, createFieldCipher(new Map([['b', keyB]]), 'b')),
    ).rejects.toThrow(EncryptionKeyError);
    await expect(
      checkEncryptionKeys(test.database, createFieldCipher(new Map([['b', keyB]]), 'b')),
    ).rejects.toThrow(/encrypted with key\(s\) "a"/);
    // Another key under the same id.
    await expect(
      checkEncryptionKeys(test.database, createFieldCipher(new Map([['a', keyB]]), 'a')),
    ).rejects.toThrow(/"a" is not the key that encrypted this database's data/);
    // Both, with the new one active: fine, and the new key is recorded.
    await checkEncryptionKeys(
      test.database,
      createFieldCipher(
        new Map([
          ['a', keyA],
          ['b', keyB],
        ]),
        'b',
      ),
    );
    const { rows } = await test.database.query<{ key_id: string }>(
      'select key_id from encryption_key_checks order by key_id',
    );
    expect(rows.map((row) => row.key_id)).toEqual(['a', 'b']);
  });
});
