import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { allTables } from './all-tables.ts';

// The SQL migrations are the truth; the Drizzle tables are how code reads them. A column added
// to one and not the other would fail at run time, so this test compares them.
describe('the Drizzle schema matches what the migrations create', () => {
  let test: TestDatabase;
  let databaseColumns: Map<string, string>;
  beforeAll(async () => {
    test = await createTestDatabase();
    const { rows } = await test.database.query<{
      table_name: string;
      column_name: string;
      type: string;
      nullable: string;
    }>(`
      select table_name, column_name, is_nullable as nullable,
        case when data_type = 'ARRAY' then substr(udt_name, 2) || '[]' else data_type end as type
      from information_schema.columns where table_schema = 'public' and table_name <> 'schema_migrations'`);
    databaseColumns = new Map(
      rows.map((row) => [
        `${row.table_name}.${row.column_name}`,
        `${row.type}${row.nullable === 'NO' ? ' not null' : ''}`,
      ]),
    );
  });
  afterAll(() => test.drop());

  it('has a Drizzle table for every table in the database, and the same columns', () => {
    const ormColumns = new Map<string, string>();
    for (const table of allTables) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        ormColumns.set(
          `${config.name}.${column.name}`,
          // Drizzle says `time` for what information_schema calls `time without time zone`, and
          // `integer[]` for an array the catalogue names by its element type, `int4[]`.
          `${column
            .getSQLType()
            .replace(/^time$/, 'time without time zone')
            .replace(/^integer\[\]$/, 'int4[]')}${column.notNull ? ' not null' : ''}`,
        );
      }
    }
    expect([...ormColumns.keys()].sort()).toEqual([...databaseColumns.keys()].sort());
    for (const [column, type] of ormColumns)
      expect({ column, type }).toEqual({ column, type: databaseColumns.get(column) });
  });
});
