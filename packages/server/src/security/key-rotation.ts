import type { Database } from '../db/connection.ts';
import { type EncryptedColumn, encryptedColumns } from './encrypted-columns.ts';
import { DecryptionError, type FieldCipher } from './field-encryption.ts';
import { retireEncryptionKey } from './key-check.ts';

/**
 * Key rotation: every encrypted value not yet under the active key is decrypted and encrypted
 * again with it, in batches, each batch its own short transaction (a running server is never
 * blocked for long). A value is under key K when it starts with `pd1.K.`, so a rotation that
 * stopped half-way simply runs again and picks up what is left.
 */

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const activePrefix = (cipher: FieldCipher) => `pd1.${cipher.activeKeyId}.`;
const lowestId = '00000000-0000-0000-0000-000000000000';
/** The stored ciphertext as text: a bytea column holds its UTF-8 bytes (see EncryptedColumn). */
const storedText = (column: EncryptedColumn) =>
  column.encoding === 'bytes' ? `convert_from(${quoted(column.column)}, 'UTF8')` : quoted(column.column);
/** Re-encrypts one stored value (as text) with the active key, through the API that wrote it. */
const reencrypt = (cipher: FieldCipher, column: EncryptedColumn, stored: string): string =>
  column.encoding === 'bytes'
    ? cipher
        .encryptBytes(column.field, cipher.decryptBytes(column.field, Buffer.from(stored, 'utf8')))
        .toString('utf8')
    : cipher.encrypt(column.field, cipher.decrypt(column.field, stored));
/**
 * At most this many bytes of stored values are re-encrypted in one transaction, whatever the
 * batch size: an attachment may be 50 MiB, and 500 of them would not fit in memory.
 */
export const defaultBatchBytes = 32 * 1024 * 1024;

/** A value that no configured key decrypts: rotation stops and says where it is. */
export class RotationError extends Error {
  override name = 'RotationError';
}

/** How many values of each column are still under another key than the active one. */
export async function countValuesToRotate(
  database: Database,
  cipher: FieldCipher,
): Promise<{ column: EncryptedColumn; values: number }[]> {
  const counts: { column: EncryptedColumn; values: number }[] = [];
  for (const column of encryptedColumns) {
    const { rows } = await database.query<{ total: number }>(
      `select count(*)::int as total from ${quoted(column.table)}
       where ${quoted(column.column)} is not null and not starts_with(${storedText(column)}, $1)`,
      [activePrefix(cipher)],
    );
    counts.push({ column, values: rows[0]!.total });
  }
  return counts;
}

export interface RotationProgress {
  column: EncryptedColumn;
  /** Values of this column re-encrypted so far. */
  rotated: number;
}

/**
 * Re-encrypts one column's values that are not under the active key, `batchSize` rows per
 * transaction (fewer when their values together exceed `batchBytes`, but always at least one),
 * walking the primary key so each row is read once. Rows are locked while their batch runs, so a
 * value the server changes at the same moment is not overwritten with its old content. Returns
 * how many values were re-encrypted.
 */
export async function rotateColumn(
  database: Database,
  cipher: FieldCipher,
  column: EncryptedColumn,
  options: { batchSize: number; batchBytes?: number; onBatch?: (progress: RotationProgress) => void },
): Promise<number> {
  const table = quoted(column.table);
  const value = quoted(column.column);
  const batchBytes = options.batchBytes ?? defaultBatchBytes;
  let afterId = lowestId;
  let rotated = 0;
  for (;;) {
    const batch = await database.transaction(async (session) => {
      // Lock the next rows to rotate and learn their sizes, then read only those that fit.
      const { rows: pending } = await session.query<{ id: string; size: number }>(
        `select id, octet_length(${value})::int as size from ${table}
         where ${value} is not null and not starts_with(${storedText(column)}, $1) and id > $2
         order by id limit $3 for update`,
        [activePrefix(cipher), afterId, options.batchSize],
      );
      let bytes = 0;
      const ids: string[] = [];
      for (const row of pending) {
        if (ids.length > 0 && bytes + row.size > batchBytes) break;
        bytes += row.size;
        ids.push(row.id);
      }
      if (ids.length === 0) return ids;
      const { rows } = await session.query<{ id: string; value: string }>(
        `select id, ${storedText(column)} as value from ${table} where id = any($1::uuid[]) order by id`,
        [ids],
      );
      const reencrypted = rows.map((row) => {
        try {
          return reencrypt(cipher, column, row.value);
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          throw new RotationError(
            `The value of ${column.field} in ${column.table} row ${row.id} cannot be decrypted: ${error.message} ` +
              'Nothing of this batch was changed; batches before it are done. Fix the key configuration and run rotate-key again.',
          );
        }
      });
      const newValue = column.encoding === 'bytes' ? "convert_to(source.value, 'UTF8')" : 'source.value';
      await session.query(
        `update ${table} as target set ${value} = ${newValue}
         from (select unnest($1::uuid[]) as id, unnest($2::text[]) as value) as source
         where target.id = source.id`,
        [rows.map((row) => row.id), reencrypted],
      );
      return ids;
    });
    if (batch.length === 0) return rotated;
    rotated += batch.length;
    afterId = batch.at(-1)!;
    options.onBatch?.({ column, rotated });
  }
}

/** Which key ids the stored values use, with how many values each. */
export async function keysInUse(database: Database): Promise<Map<string, number>> {
  const inUse = new Map<string, number>();
  for (const column of encryptedColumns) {
    const { rows } = await database.query<{ key_id: string; total: number }>(
      `select split_part(${storedText(column)}, '.', 2) as key_id, count(*)::int as total
       from ${quoted(column.table)} where ${quoted(column.column)} is not null group by 1`,
    );
    for (const row of rows) inUse.set(row.key_id, (inUse.get(row.key_id) ?? 0) + row.total);
  }
  return inUse;
}

export interface RetirementOutcome {
  /** Keys whose start-up check was removed: no value uses them. */
  retired: string[];
  /** Configured keys, other than the active one, that no value uses: safe to remove from configuration. */
  removable: string[];
  /** Keys other than the active one that values still use, with how many. */
  stillUsed: Map<string, number>;
}

/**
 * Ends a rotation: forgets the start-up check of every key no value uses any more (so start-up
 * no longer asks for it), and tells which configured keys may be removed.
 */
export async function retireUnusedKeys(database: Database, cipher: FieldCipher): Promise<RetirementOutcome> {
  const inUse = await keysInUse(database);
  const { rows } = await database.query<{ key_id: string }>('select key_id from encryption_key_checks');
  const retired: string[] = [];
  for (const { key_id: keyId } of rows) {
    if (keyId === cipher.activeKeyId || inUse.has(keyId)) continue;
    await retireEncryptionKey(database, keyId);
    retired.push(keyId);
  }
  const stillUsed = new Map([...inUse].filter(([keyId]) => keyId !== cipher.activeKeyId));
  const removable = cipher.keyIds.filter((keyId) => keyId !== cipher.activeKeyId && !inUse.has(keyId));
  return { retired: retired.sort(), removable, stillUsed };
}
