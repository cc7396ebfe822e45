import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type Database,
  openEmbeddedDatabase,
  openPostgresDatabase,
} from '../../packages/server/src/db/connection.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { temporaryFolder } from './server-process.ts';

/** A migrated database a benchmark may fill and throw away. */
export interface ScratchDatabase {
  database: Database;
  /** What it is, for the report: "PGlite (data folder)" or "PostgreSQL 16.4". */
  label: string;
  drop(): Promise<void>;
}

export type ScratchKind = 'pglite' | 'postgres';

/**
 * The embedded database in a new temporary data folder (on disk, as PatientDesk runs it), or a
 * new database on the PostgreSQL server at `postgresUrl`, dropped afterwards.
 */
export async function openScratchDatabase(kind: ScratchKind, postgresUrl?: string): Promise<ScratchDatabase> {
  if (kind === 'pglite') {
    const database = await openEmbeddedDatabase({
      dataDir: temporaryFolder('pd-bench-db-'),
      command: 'bench',
    });
    await migrate(database);
    return { database, label: 'PGlite (embedded, data folder on disk)', drop: () => database.close() };
  }
  if (!postgresUrl) throw new Error('A PostgreSQL benchmark needs --postgres-url or TEST_DATABASE_URL.');
  const name = `patientdesk_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!
    .server_version;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openPostgresDatabase(url.toString(), 20);
  await migrate(database);
  return {
    database,
    label: `PostgreSQL ${version.split(' ')[0]} (local server)`,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The databases to measure: PGlite always, PostgreSQL when a server is given. */
export function scratchKinds(postgresUrl: string | undefined): ScratchKind[] {
  return postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
}
