import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openEmbeddedDatabase, openPostgresDatabase } from '../db/connection.ts';
import { createEmptyPostgresDatabase, testDatabaseKind } from './test-database.ts';

/**
 * An empty database that a `patientdesk` command started as a child process can use: a data
 * folder on the embedded database (which one process at a time opens), or a fresh database on
 * the test PostgreSQL. `environment` points the command at it; `open` lets the test look inside
 * between commands (close it again before the next command on the embedded database).
 */
export interface CommandTestDatabase {
  environment: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createCommandTestDatabase(folderPrefix = 'pd-command-'): Promise<CommandTestDatabase> {
  if (testDatabaseKind() === 'postgres') {
    const created = await createEmptyPostgresDatabase();
    return {
      environment: { DATABASE_URL: created.url },
      open: () => openPostgresDatabase(created.url, 3),
      drop: created.drop,
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  return {
    environment: { PATIENTDESK_DATA_DIR: dataDir, DATABASE_URL: '' },
    open: () => openEmbeddedDatabase({ dataDir }),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
