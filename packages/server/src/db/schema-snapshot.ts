import type { SqlSession } from './connection.ts';

/**
 * A plain-text description of the `public` schema (tables, columns, constraints, indexes),
 * used to prove that the same migrations give the same schema on PGlite and on PostgreSQL.
 */
export async function describeSchema(session: SqlSession): Promise<string[]> {
  const columns = await session.query<{ line: string }>(`
    select table_name || '.' || column_name || ' ' || udt_name || case when is_nullable = 'NO' then ' not null' else '' end
      || coalesce(' default ' || column_default, '') as line
    from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`);
  const constraints = await session.query<{ line: string }>(`
    select c.conrelid::regclass::text || ' constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    -- Newer PostgreSQL (and PGlite) also list NOT NULL as constraints; the columns already say it.
    where n.nspname = 'public' and c.contype <> 'n' order by 1`);
  const indexes = await session.query<{ line: string }>(`
    select 'index ' || indexdef as line from pg_indexes where schemaname = 'public' order by indexname`);
  return [...columns.rows, ...constraints.rows, ...indexes.rows].map((row) => row.line);
}
