import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openEmbeddedDatabase, openPostgresDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';

/**
 * Test databases. Each test file gets its own, migrated: in-memory PGlite, or (in the
 * `postgres` test project, when TEST_DATABASE_URL is set) a fresh database on that server,
 * dropped afterwards. Tests never share data, so they can run in parallel.
 */

export type TestDatabaseKind = 'pglite' | 'postgres';

/** Which database this test run uses. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.PATIENTDESK_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';
}

export function testPostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL must be set to run tests on PostgreSQL.');
  return url;
}

export interface TestDatabase {
  database: Database;
  /** The connection URL (PostgreSQL only), for tests that start other processes. */
  url?: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test PostgreSQL server and returns its URL. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = testPostgresUrl();
  const name = `patientdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** An empty database of this run's kind, not yet migrated. */
export async function createEmptyTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openEmbeddedDatabase({});
    return { database, drop: () => database.close() };
  }
  const { url, drop } = await createEmptyPostgresDatabase();
  const database = await openPostgresDatabase(url, 5);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await drop();
    },
  };
}

/** A migrated, empty database of this run's kind. */
export async function createTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  const test = await createEmptyTestDatabase(kind);
  await migrate(test.database);
  return test;
}
