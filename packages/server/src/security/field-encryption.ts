import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

/**
 * Field-level encryption of PHI at rest (AES-256-GCM), on top of whatever the disk does. A value
 * is stored as `pd1.<key id>.<iv>.<ciphertext and tag>` (base64url parts), so each value names
 * the key that encrypted it and keys can be rotated one value at a time. The field's name is
 * bound in as additional data: a value copied into another column does not decrypt.
 */

const format = 'pd1';
const ivBytes = 12;
const tagBytes = 16;

/** A value that cannot be decrypted: wrong or missing key, or changed bytes. Never silent. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** Which column a value belongs to; bound into the ciphertext. */
export type EncryptedField =
  | 'patients.government_id'
  | 'patient_coverages.member_number'
  | 'patient_notes.body'
  | 'staff_members.mfa_secret'
  | 'outbox_messages.body'
  | 'encryption_key_checks.check_value'
  | (string & {});

export interface FieldCipher {
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  encrypt(field: EncryptedField, plaintext: string): string;
  decrypt(field: EncryptedField, stored: string): string;
  /** The key id a stored value was encrypted with. */
  keyIdOf(stored: string): string;
  /** Binary content (attachments): the same format, as bytes. */
  encryptBytes(field: EncryptedField, content: Buffer): Buffer;
  decryptBytes(field: EncryptedField, stored: Buffer): Buffer;
  /**
   * A key for another purpose (keyed hashes for search), derived with HKDF from one of the
   * configured keys (the active one by default), so it rotates with them.
   */
  derivedKey(purpose: string, keyId?: string): Buffer;
}

export function createFieldCipher(keys: ReadonlyMap<string, Buffer>, activeKeyId: string): FieldCipher {
  const activeKey = keys.get(activeKeyId);
  if (!activeKey) throw new Error(`The active encryption key "${activeKeyId}" is not among the keys.`);
  const parse = (stored: string) => {
    const parts = stored.split('.');
    if (parts.length !== 4 || parts[0] !== format)
      throw new DecryptionError('The stored value is not in PatientDesk’s encrypted format.');
    return { keyId: parts[1]!, iv: parts[2]!, sealed: parts[3]! };
  };
  return {
    activeKeyId,
    keyIds: [...keys.keys()],
    encrypt(field, plaintext) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      cipher.setAAD(Buffer.from(field));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [format, activeKeyId, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(field, stored) {
      const { keyId, iv, sealed } = parse(stored);
      const key = keys.get(keyId);
      if (!key)
        throw new DecryptionError(
          `A value is encrypted with key "${keyId}", which is not configured. Add it to PATIENTDESK_ENCRYPTION_KEYS.`,
        );
      const body = Buffer.from(sealed, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(field));
        decipher.setAuthTag(body.subarray(body.length - tagBytes));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - tagBytes)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new DecryptionError(
          `A value of ${field} does not decrypt with key "${keyId}": the key is not the one it was encrypted with, or the value was changed.`,
        );
      }
    },
    keyIdOf: (stored) => parse(stored).keyId,
    encryptBytes(field, content) {
      return Buffer.from(this.encrypt(field, content.toString('base64')), 'utf8');
    },
    decryptBytes(field, stored) {
      return Buffer.from(this.decrypt(field, stored.toString('utf8')), 'base64');
    },
    derivedKey(purpose, keyId = activeKeyId) {
      const key = keys.get(keyId);
      if (!key) throw new Error(`The encryption key "${keyId}" is not configured.`);
      return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `patientdesk:${purpose}`, 32));
    },
  };
}

const keyFileName = 'encryption-keys.json';

interface KeyFile {
  activeKeyId: string;
  keys: Record<string, string>;
}

/**
 * The keys of this installation: from the environment, or (embedded database, nothing
 * configured) from a key file in the data folder, made with a fresh random key on first start.
 * The file is the only copy: back it up with the data folder.
 */
export function loadFieldCipher(
  settings: Config['encryption'],
  onKeyFileCreated?: (file: string) => void,
): FieldCipher {
  if (settings.source === 'environment') return createFieldCipher(settings.keys, settings.activeKeyId);
  const file = path.join(settings.dataDir, keyFileName);
  if (!fs.existsSync(file)) {
    onKeyFileCreated?.(file);
    fs.mkdirSync(settings.dataDir, { recursive: true });
    const initial: KeyFile = { activeKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
    fs.writeFileSync(file, `${JSON.stringify(initial, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (error) {
    throw new Error(
      `The encryption key file ${file} cannot be read: ${(error as Error).message}. Restore it from your backup.`,
    );
  }
  const keys = new Map(Object.entries(parsed.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
  return createFieldCipher(keys, parsed.activeKeyId);
}

/** Adds a new key to the data folder's key file and makes it the active one (key rotation). */
export function addKeyToDataFolder(dataDir: string, keyId: string): void {
  const file = path.join(dataDir, keyFileName);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  if (parsed.keys[keyId]) throw new Error(`The key file already has a key "${keyId}".`);
  parsed.keys[keyId] = randomBytes(32).toString('base64');
  parsed.activeKeyId = keyId;
  fs.writeFileSync(file, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
}
