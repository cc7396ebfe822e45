import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FieldCipher } from '../security/field-encryption.ts';
import { checkEncryptionKeys } from '../security/key-check.ts';
import type { Database, SqlSession } from './connection.ts';
import { encryptCheckInNotes } from './migrations/0020_check_in_notes_encrypted.ts';

/**
 * Forward-only SQL migrations from `migrations/`, applied in name order. Each one runs in its
 * own transaction together with its row in `schema_migrations`, so a migration that fails
 * leaves the database exactly as it was before it started.
 */

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
  /** Work in TypeScript that runs first, in the same transaction (see DataStep). */
  dataStep?: DataStep;
}

/**
 * What SQL cannot do for a migration: encrypting values already stored, with keys the database
 * never holds. It runs in the migration's transaction before the SQL, so the SQL may rely on it
 * and a failure of either leaves the database as it was.
 */
export type DataStep = (session: SqlSession, context: DataStepContext) => Promise<void>;

export interface DataStepContext {
  /**
   * The configured field cipher, checked against the keys the stored data already uses. Ask for
   * it only when there is something to encrypt: a new database is migrated without keys.
   */
  cipher(): Promise<FieldCipher>;
}

/** The data steps of the bundled migrations, by migration. */
const dataSteps: Record<string, DataStep> = {
  '0020_check_in_notes_encrypted': encryptCheckInNotes,
};

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Raised when the database and the migration files disagree in a way only a person can settle. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const migrationsFolder = path.join(import.meta.dirname, 'migrations');
const fileNamePattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same in every PatientDesk process.
const migrationLockKey = 7_412_019_001;

let shipped: Migration[] | undefined;

/** Reads the migration files that ship with this version of PatientDesk (read once, then kept). */
export function bundledMigrations(folder = migrationsFolder): Migration[] {
  if (folder === migrationsFolder) {
    shipped ??= readMigrations(folder).map((migration) => {
      const dataStep = dataSteps[`${migration.version}_${migration.name}`];
      return dataStep ? { ...migration, dataStep } : migration;
    });
    return shipped;
  }
  return readMigrations(folder);
}

function readMigrations(folder: string): Migration[] {
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = fileNamePattern.exec(file);
      if (!match)
        throw new MigrationError(`Migration file ${file} must be named like 0001_what_it_does.sql.`);
      const sql = fs.readFileSync(path.join(folder, file), 'utf8');
      return {
        version: match[1]!,
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

async function ensureLedger(session: SqlSession): Promise<void> {
  await session.exec(`
    create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
}

async function appliedMigrations(session: SqlSession): Promise<Map<string, string>> {
  const { rows } = await session.query<{ version: string; checksum: string }>(
    'select version, checksum from schema_migrations order by version',
  );
  return new Map(rows.map((row) => [row.version, row.checksum]));
}

function checkHistory(migrations: Migration[], applied: Map<string, string>): void {
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const [version, checksum] of applied) {
    const migration = known.get(version);
    if (!migration) {
      throw new MigrationError(
        `The database has migration ${version}, which this version of PatientDesk does not know. ` +
          'It was probably migrated by a newer release: run that release, or restore a backup taken before the upgrade.',
      );
    }
    if (migration.checksum !== checksum) {
      throw new MigrationError(
        `Migration ${version}_${migration.name} was changed after it was applied to this database. ` +
          'Migrations are forward-only: restore the file as it was and put the change in a new migration.',
      );
    }
  }
}

/** Which bundled migrations the database has, and which it still needs. */
export async function migrationStatus(
  database: Database,
  migrations = bundledMigrations(),
): Promise<MigrationStatus> {
  const { rows } = await database.query<{ exists: boolean }>(
    "select to_regclass('schema_migrations') is not null as exists",
  );
  const applied = rows[0]?.exists ? await appliedMigrations(database) : new Map<string, string>();
  return {
    applied: [...applied.keys()],
    pending: migrations.filter((m) => !applied.has(m.version)).map((m) => `${m.version}_${m.name}`),
  };
}

/** The cipher a data step asks for: loaded when first needed, and checked before it is used. */
function dataStepContext(
  session: SqlSession,
  migration: Migration,
  loadCipher: (() => FieldCipher) | undefined,
): DataStepContext {
  let checked: FieldCipher | undefined;
  return {
    async cipher() {
      if (!loadCipher)
        throw new MigrationError(
          `Migration ${migration.version}_${migration.name} encrypts data already stored, which needs the encryption keys, and this command does not load them. ` +
            'Run "patientdesk migrate" or start the server once, then run this command again.',
        );
      if (!checked) {
        const cipher = loadCipher();
        // A wrong key here would encrypt the data with a key nobody has configured.
        await checkEncryptionKeys(session, cipher);
        checked = cipher;
      }
      return checked;
    },
  };
}

/**
 * Applies every pending migration. On a real server an advisory lock keeps two processes that
 * start together from applying the same migration twice. `fieldCipher` gives the configured
 * encryption keys to data steps that encrypt stored values.
 */
export async function migrate(
  database: Database,
  options: {
    migrations?: Migration[];
    onApplied?: (migration: Migration) => void;
    fieldCipher?: () => FieldCipher;
  } = {},
): Promise<Migration[]> {
  const migrations = options.migrations ?? bundledMigrations();
  const applyPending = async (): Promise<Migration[]> => {
    await ensureLedger(database);
    const applied = await appliedMigrations(database);
    checkHistory(migrations, applied);
    const done: Migration[] = [];
    for (const migration of migrations.filter((m) => !applied.has(m.version))) {
      try {
        await database.transaction(async (tx) => {
          if (migration.dataStep)
            await migration.dataStep(tx, dataStepContext(tx, migration, options.fieldCipher));
          await tx.exec(migration.sql);
          await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
        });
      } catch (error) {
        throw new MigrationError(
          `Migration ${migration.version}_${migration.name} failed and was rolled back, so the database is unchanged: ${(error as Error).message}`,
          { cause: error },
        );
      }
      done.push(migration);
      options.onApplied?.(migration);
    }
    return done;
  };
  if (database.kind === 'pglite') return applyPending();
  return withAdvisoryLock(database, applyPending);
}

async function withAdvisoryLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  // A transaction-scoped lock would end with the first migration's transaction, so the lock is
  // taken in its own transaction that stays open while the migrations run on other connections.
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = database.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
    locked();
    await released;
  });
  await Promise.race([lockTaken, holder]);
  try {
    return await work();
  } finally {
    release();
    await holder;
  }
}
