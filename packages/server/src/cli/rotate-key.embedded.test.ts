import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { loadFieldCipher } from '../security/field-encryption.ts';
import { checkEncryptionKeys, EncryptionKeyError } from '../security/key-check.ts';
import { spawnPatientDesk, waitForExit } from '../testing/child-process.ts';
import { readEncryptedSamples, storeEncryptedSamples } from '../testing/encrypted-samples.ts';
import { temporaryFolder } from '../testing/temporary-folder.ts';

// The embedded database with its key file in the data folder (nothing configured): one command
// makes a new key, makes it active and re-encrypts everything with it.
describe('patientdesk rotate-key --new-key (keys in the data folder)', () => {
  it('adds a key to the key file, re-encrypts with it, and lets the old key be removed', async () => {
    const dataDir = temporaryFolder('pd-rotate-folder-');
    const settings = { source: 'data-folder' as const, dataDir };
    const environment = { PATIENTDESK_DATA_DIR: dataDir, DATABASE_URL: '', PATIENTDESK_ENCRYPTION_KEYS: '' };
    let database = await openEmbeddedDatabase({ dataDir });
    await migrate(database);
    const original = loadFieldCipher(settings);
    await checkEncryptionKeys(database, original);
    const samples = await storeEncryptedSamples(database, original);
    await database.close();

    const result = await waitForExit(spawnPatientDesk(['rotate-key', '--new-key', 'k2'], environment));
    expect(result.code, result.output).toBe(0);
    const keyFile = path.join(dataDir, 'encryption-keys.json');
    expect(result.output).toContain(`Added a new random key "k2" to ${keyFile} and made it the active key.`);
    expect(result.output).toMatch(
      /No data uses key\(s\) "k1" any more: you may remove them from .*encryption-keys\.json/,
    );

    // Take the old key out of the file, as the command suggests: everything still reads.
    const file = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(file.activeKeyId).toBe('k2');
    delete file.keys.k1;
    fs.writeFileSync(keyFile, JSON.stringify(file));
    database = await openEmbeddedDatabase({ dataDir });
    try {
      const current = loadFieldCipher(settings);
      await checkEncryptionKeys(database, current);
      expect((await readEncryptedSamples(database, current, samples)).map((read) => read.keyId)).toEqual(
        samples.map(() => 'k2'),
      );
    } finally {
      await database.close();
    }

    const twice = await waitForExit(spawnPatientDesk(['rotate-key', '--new-key', 'k2'], environment));
    expect(twice.code).toBe(1);
    expect(twice.output).toMatch(
      /Key "k2" is already the active key\. If an earlier rotation stopped half-way, run "patientdesk rotate-key" without --new-key/,
    );
  }, 90_000);

  it('refuses to start when a key that still protects data is missing from the key file, naming it', async () => {
    const dataDir = temporaryFolder('pd-rotate-missing-');
    const settings = { source: 'data-folder' as const, dataDir };
    const database = await openEmbeddedDatabase({ dataDir });
    try {
      await migrate(database);
      const original = loadFieldCipher(settings);
      await checkEncryptionKeys(database, original);
      await storeEncryptedSamples(database, original);
      const keyFile = path.join(dataDir, 'encryption-keys.json');
      fs.writeFileSync(
        keyFile,
        JSON.stringify({ activeKeyId: 'k9', keys: { k9: Buffer.alloc(32, 9).toString('base64') } }),
      );
      const attempt = checkEncryptionKeys(database, loadFieldCipher(settings));
      await expect(attempt).rejects.toThrow(EncryptionKeyError);
      await expect(checkEncryptionKeys(database, loadFieldCipher(settings))).rejects.toThrow(
        /encrypted with key\(s\) "k1"/,
      );
    } finally {
      await database.close();
    }
  });
});
