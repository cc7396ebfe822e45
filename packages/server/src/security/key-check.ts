import type { Database, SqlSession } from '../db/connection.ts';
import { DecryptionError, type FieldCipher } from './field-encryption.ts';

const checkField = 'encryption_key_checks.check_value';
const checkPlaintext = 'PatientDesk encryption key check';

/** Start-up refuses to run without the keys its data needs; this says which and what to do. */
export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

/**
 * Makes sure every key that has encrypted data here is configured and is the same key: each
 * key leaves a known value encrypted under it, and this decrypts them all. A lost or wrong key
 * stops the start with a message, instead of PHI that cannot be read later. Records the active
 * key the first time it is used.
 */
export async function checkEncryptionKeys(database: SqlSession, cipher: FieldCipher): Promise<void> {
  const { rows } = await database.query<{ key_id: string; check_value: string }>(
    'select key_id, check_value from encryption_key_checks order by created_at',
  );
  const missing = rows.filter((row) => !cipher.keyIds.includes(row.key_id)).map((row) => row.key_id);
  if (missing.length > 0) {
    throw new EncryptionKeyError(
      `This database holds PHI encrypted with key(s) ${missing.map((id) => `"${id}"`).join(', ')}, which the configuration does not have ` +
        `(it has: ${cipher.keyIds.join(', ')}). Restore the key(s) in PATIENTDESK_ENCRYPTION_KEYS (or the data folder's encryption-keys.json) and start again. ` +
        'Without them that data cannot be read.',
    );
  }
  for (const row of rows) {
    let plaintext: string;
    try {
      plaintext = cipher.decrypt(checkField, row.check_value);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      plaintext = '';
    }
    if (plaintext !== checkPlaintext) {
      throw new EncryptionKeyError(
        `The configured key "${row.key_id}" is not the key that encrypted this database's data. ` +
          'Restore the original key under that id in PATIENTDESK_ENCRYPTION_KEYS (or encryption-keys.json) and start again.',
      );
    }
  }
  if (!rows.some((row) => row.key_id === cipher.activeKeyId)) {
    await database.query(
      'insert into encryption_key_checks (key_id, check_value) values ($1, $2) on conflict (key_id) do nothing',
      [cipher.activeKeyId, cipher.encrypt(checkField, checkPlaintext)],
    );
  }
}

/** Forgets a retired key once no value uses it any more (the end of a rotation). */
export async function retireEncryptionKey(database: Database, keyId: string): Promise<void> {
  await database.query('delete from encryption_key_checks where key_id = $1', [keyId]);
}
