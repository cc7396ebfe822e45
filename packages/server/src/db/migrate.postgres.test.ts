import { describe, expect, it } from 'vitest';
import { createEmptyTestDatabase, createTestDatabase } from '../testing/test-database.ts';
import { migrate } from './migrate.ts';
import { describeSchema } from './schema-snapshot.ts';

describe('migrations on PGlite and PostgreSQL', () => {
  // Migrates two databases from nothing and reads both catalogues: slow on a busy machine, so it
  // gets more time than the default (this is no speed check).
  it('give the same schema on an empty PGlite and an empty PostgreSQL', { timeout: 120_000 }, async () => {
    const embedded = await createTestDatabase('pglite');
    const server = await createTestDatabase('postgres');
    try {
      const embeddedSchema = await describeSchema(embedded.database);
      const serverSchema = await describeSchema(server.database);
      expect(embeddedSchema.length).toBeGreaterThan(50);
      expect(serverSchema).toEqual(embeddedSchema);
    } finally {
      await embedded.drop();
      await server.drop();
    }
  });

  it('apply once when two processes start at the same moment', async () => {
    const test = await createEmptyTestDatabase('postgres');
    try {
      const [first, second] = await Promise.all([migrate(test.database), migrate(test.database)]);
      expect(first.length + second.length).toBe(
        (await test.database.query('select * from schema_migrations')).rowCount,
      );
      expect(Math.min(first.length, second.length)).toBe(0);
    } finally {
      await test.drop();
    }
  });
});
