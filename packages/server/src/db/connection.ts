import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockDataFolder } from './embedded-lock.ts';
import { PostgresListener } from './postgres-listener.ts';

/** The query builder every domain uses (Drizzle over PGlite or node-postgres). */
export type Orm = PgDatabase<PgQueryResultHKT>;

/** The rows of an `orm.execute(sql...)` result, which the two drivers shape alike. */
export const rowsOf = <Row>(result: unknown): Row[] =>
  Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);

export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Plain SQL on one session: the database itself, or one transaction. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<Row>>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface PoolStatistics {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * One open PostgreSQL: embedded (PGlite, a single session inside this process) or a real server
 * reached through a node-postgres pool. Both speak the same SQL, so the rest of the code does
 * not care which.
 */
export interface Database extends SqlSession {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for people: a folder, or host:port/database without the password. */
  readonly description: string;
  readonly orm: Orm;
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Receives NOTIFY payloads sent on `channel` by any process; returns the function that stops. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  poolStatistics(): PoolStatistics;
  close(): Promise<void>;
}

/** Opens the configured database. On the embedded one, this process takes its data folder. */
export async function openDatabase(settings: Config['database'], command = 'patientdesk'): Promise<Database> {
  return settings.kind === 'pglite'
    ? openEmbeddedDatabase({ dataDir: settings.dataDir, command })
    : openPostgresDatabase(settings.url, settings.poolSize);
}

/** Opens PGlite in a folder (locked to this process) or, with no folder, in memory. */
export async function openEmbeddedDatabase(options: {
  dataDir?: string;
  command?: string;
}): Promise<Database> {
  const unlock = options.dataDir
    ? lockDataFolder(options.dataDir, options.command ?? 'patientdesk')
    : () => {};
  let client: PGlite;
  try {
    // pg_trgm gives patient search its typo tolerance, btree_gist the constraint against double
    // booking; the real server has both in postgresql-contrib.
    client = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { pg_trgm, btree_gist } });
  } catch (error) {
    unlock();
    throw error;
  }
  let pending = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    pending++;
    try {
      return await work();
    } finally {
      pending--;
    }
  };
  const session = (target: Pick<PGlite, 'query' | 'exec'>): SqlSession => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await target.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(text: string) {
      await target.exec(text);
    },
  });
  const direct = session(client);
  return {
    kind: 'pglite',
    description: options.dataDir
      ? `embedded PostgreSQL (PGlite) in ${options.dataDir}`
      : 'embedded PostgreSQL (PGlite) in memory',
    orm: drizzlePglite(client) as unknown as Orm,
    query: (text, params) => counted(() => direct.query(text, params)),
    exec: (text) => counted(() => direct.exec(text)),
    transaction: (work) => counted(() => client.transaction((tx) => work(session(tx)))),
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return async () => stop();
    },
    notify: async (channel, payload) => {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    // PGlite is one backend: "pool" here means the one session and the queries queued for it.
    poolStatistics: () => ({ total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1) }),
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/** Connects to a real PostgreSQL server through a node-postgres pool. */
export async function openPostgresDatabase(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'patientdesk' });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new Error(
      `Could not connect to ${describePostgresUrl(url)}: ${(error as Error).message}. ` +
        'Check that the server is running and that DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.',
    );
  }
  const listener = new PostgresListener(url);
  const session = (target: pg.Pool | pg.PoolClient): SqlSession => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await target.query(text, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async exec(text: string) {
      await target.query(text);
    },
  });
  const direct = session(pool);
  return {
    kind: 'postgres',
    description: describePostgresUrl(url),
    orm: drizzleNodePostgres(pool) as unknown as Orm,
    query: direct.query,
    exec: direct.exec,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(session(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    notify: async (channel, payload) => {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    poolStatistics: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}
