import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../testing/temporary-folder.ts';
import { createEmptyTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { bundledMigrations, type Migration, MigrationError, migrate, migrationStatus } from './migrate.ts';

function migrationsIn(files: Record<string, string>): Migration[] {
  const folder = temporaryFolder('pd-migrations-');
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), sql);
  return bundledMigrations(folder);
}

async function tableExists(test: TestDatabase, table: string): Promise<boolean> {
  const { rows } = await test.database.query<{ exists: boolean }>(
    'select to_regclass($1) is not null as exists',
    [table],
  );
  return rows[0]!.exists;
}

describe('migrations', () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createEmptyTestDatabase();
  });
  afterEach(async () => {
    await test.drop();
  });

  it('applies every bundled migration to an empty database, and nothing the second time', async () => {
    const first = await migrate(test.database);
    expect(first.map((m) => m.version)).toEqual(bundledMigrations().map((m) => m.version));
    expect(await tableExists(test, 'patients')).toBe(true);
    expect(await migrate(test.database)).toEqual([]);
    expect((await migrationStatus(test.database)).pending).toEqual([]);
  });

  it('reports pending migrations before they are applied', async () => {
    const status = await migrationStatus(test.database);
    expect(status.applied).toEqual([]);
    expect(status.pending[0]).toBe('0001_organizations_locations_teams');
  });

  it('rolls a failing migration back whole, keeping the ones before it', async () => {
    const migrations = migrationsIn({
      '0001_first.sql': 'create table first_table (id int);',
      '0002_breaks.sql':
        'create table half_done (id int); insert into half_done values (1); select * from no_such_table;',
    });
    await expect(migrate(test.database, { migrations })).rejects.toThrow(
      /Migration 0002_breaks failed and was rolled back, so the database is unchanged: .*no_such_table/,
    );
    expect(await tableExists(test, 'first_table')).toBe(true);
    expect(await tableExists(test, 'half_done')).toBe(false);
    expect((await migrationStatus(test.database, migrations)).pending).toEqual(['0002_breaks']);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    await migrate(test.database, {
      migrations: migrationsIn({ '0001_first.sql': 'create table a (id int);' }),
    });
    const edited = migrationsIn({ '0001_first.sql': 'create table a (id bigint);' });
    await expect(migrate(test.database, { migrations: edited })).rejects.toThrow(
      /Migration 0001_first was changed after it was applied.*new migration/,
    );
  });

  it('refuses to run an older release against a database migrated by a newer one', async () => {
    await migrate(test.database, {
      migrations: migrationsIn({ '0001_a.sql': 'select 1;', '0002_b.sql': 'select 2;' }),
    });
    await expect(
      migrate(test.database, { migrations: migrationsIn({ '0001_a.sql': 'select 1;' }) }),
    ).rejects.toBeInstanceOf(MigrationError);
  });

  it('rejects a migration file that is not named like 0001_what_it_does.sql', () => {
    expect(() => migrationsIn({ 'add-table.sql': 'select 1;' })).toThrow(
      /must be named like 0001_what_it_does.sql/,
    );
  });
});
