import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { createFieldCipher } from '../security/field-encryption.ts';
import { checkEncryptionKeys } from '../security/key-check.ts';
import { spawnPatientDesk, waitForExit } from '../testing/child-process.ts';
import { createCommandTestDatabase } from '../testing/command-test-database.ts';
import {
  type EncryptedSample,
  readEncryptedSamples,
  storeEncryptedSamples,
} from '../testing/encrypted-samples.ts';
import { testEncryptionKeys } from '../testing/test-server.ts';

// The real `patientdesk rotate-key` with keys in the environment, the way a deployment on
// PostgreSQL rotates: add the new key, make it active, run the command.
describe('patientdesk rotate-key (keys in the environment)', () => {
  let environment: Record<string, string>;
  let open: () => Promise<Database>;
  let cleanUp: () => Promise<void>;
  let samples: EncryptedSample[];
  const oldCipher = createFieldCipher(new Map([['test1', Buffer.alloc(32, 7)]]), 'test1');
  const newKey = Buffer.alloc(32, 8);
  const rotated = createFieldCipher(new Map([['k2', newKey]]), 'k2');
  const run = (args: string[], extra: Record<string, string> = {}) =>
    waitForExit(spawnPatientDesk(['rotate-key', ...args], { ...environment, ...extra }));

  beforeAll(async () => {
    const target = await createCommandTestDatabase('pd-rotate-');
    environment = target.environment;
    open = target.open;
    cleanUp = target.drop;
    const database = await open();
    try {
      await migrate(database);
      await checkEncryptionKeys(database, oldCipher);
      samples = await storeEncryptedSamples(database, oldCipher);
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(() => cleanUp());

  it('re-encrypts everything with the new active key and says the old one may go', async () => {
    const result = await run(['--batch-size', '2'], {
      PATIENTDESK_ENCRYPTION_KEYS: `${testEncryptionKeys},k2:${newKey.toString('base64')}`,
      PATIENTDESK_ENCRYPTION_KEY_ID: 'k2',
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(
      `Re-encrypting ${samples.length} value(s) with key "k2", 2 per transaction.`,
    );
    expect(result.output).toContain('patients.government_id: 3 value(s) re-encrypted');
    expect(result.output).toContain('Retired key(s) "test1": start-up no longer asks for them.');
    expect(result.output).toMatch(
      /No data uses key\(s\) "test1" any more: you may remove them from PATIENTDESK_ENCRYPTION_KEYS/,
    );

    const database = await open();
    try {
      expect(await readEncryptedSamples(database, rotated, samples)).toEqual(
        samples.map((sample) => ({ field: sample.field, keyId: 'k2', plaintext: sample.plaintext })),
      );
      await checkEncryptionKeys(database, rotated);
    } finally {
      await database.close();
    }
    // A second run finds nothing left to do.
    const again = await run([], { PATIENTDESK_ENCRYPTION_KEYS: `k2:${newKey.toString('base64')}` });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(
      'Every encrypted value already uses the active key "k2"; nothing to re-encrypt.',
    );
  }, 60_000);

  it('explains the environment flow, and refuses --new-key when keys come from the environment', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/--new-key <id>/);
    expect(help.output).toMatch(/--batch-size <rows>.*\(default: 500\)/);
    expect(help.output).toContain('3. Make it the active key:   PATIENTDESK_ENCRYPTION_KEY_ID=k2');
    const refused = await run(['--new-key', 'k3'], {
      PATIENTDESK_ENCRYPTION_KEYS: `k2:${newKey.toString('base64')}`,
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /this installation takes its keys from PATIENTDESK_ENCRYPTION_KEYS\. Add the new key there instead/,
    );
  }, 60_000);
});
