import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type Database,
  openEmbeddedDatabase,
  openPostgresDatabase,
} from '../../packages/server/src/db/connection.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { channelEndpoints } from '../../packages/server/src/domains/conversations/schema.ts';
import { createOrganization } from '../../packages/server/src/domains/organizations/service.ts';
import { createStaffMember } from '../../packages/server/src/domains/staff/service.ts';
import type { ScratchKind } from './scratch-database.ts';
import { startServerProcess, temporaryFolder } from './server-process.ts';

/**
 * A `patientdesk start` process with one clinic that receives texts through Twilio's webhook: the
 * clinic's number as an SMS channel endpoint, a supervisor who can sign in with a password, and
 * PUBLIC_URL and TWILIO_AUTH_TOKEN set so that requests signed like Twilio's are accepted. On the
 * embedded database (a data folder, as PatientDesk runs it) or on a fresh database of a
 * PostgreSQL server, dropped afterwards.
 */

/** What the webhook requests are signed with (Twilio signs over PUBLIC_URL + path). */
export const twilioAuthToken = 'bench0123456789abcdef0123456789ab';
export const publicUrl = 'https://desk.ingest-bench.example';
export const clinicNumber = '+16175550100';
export const supervisorPassword = 'inbox bench supervisor password';

export interface InboxServer {
  /** What the database is, for the report: "PGlite (...)" or "PostgreSQL 16.4 (...)". */
  label: string;
  address: string;
  supervisorEmail: string;
  /** Stops the server process (the embedded database can be read only after this). */
  stop(): Promise<void>;
  /** Which conversation each stored text (by Twilio MessageSid) went to; read after stop(). */
  conversationsByMessageSid(): Promise<Map<string, string>>;
  /** Removes the data folder or drops the PostgreSQL database. */
  drop(): Promise<void>;
}

/** The clinic, its number and its supervisor, in a migrated database. */
async function addClinic(database: Database): Promise<string> {
  await migrate(database);
  const clinic = await createOrganization(database.orm, {
    slug: `ingest-bench-${randomBytes(3).toString('hex')}`,
    name: 'Ingest Bench Clinic',
    timeZone: 'America/New_York',
    requireStaffMfa: false,
  });
  await database.orm
    .insert(channelEndpoints)
    .values({ organizationId: clinic.id, channel: 'sms', address: clinicNumber });
  const supervisor = await createStaffMember(database.orm, {
    organizationId: clinic.id,
    email: 'supervisor@ingest-bench.example',
    displayName: 'Bench Supervisor',
    role: 'supervisor',
    password: supervisorPassword,
  });
  return supervisor.email;
}

async function readConversationsByMessageSid(database: Database): Promise<Map<string, string>> {
  const { rows } = await database.query<{ provider_message_id: string; conversation_id: string }>(
    "select provider_message_id, conversation_id from conversation_messages where provider = 'twilio'",
  );
  return new Map(rows.map((row) => [row.provider_message_id, row.conversation_id]));
}

const serverEnvironment = {
  PUBLIC_URL: publicUrl,
  TWILIO_AUTH_TOKEN: twilioAuthToken,
  PATIENTDESK_DEMO_SEED: 'false',
};

async function startOnDataFolder(): Promise<InboxServer> {
  const dataDir = temporaryFolder('pd-bench-inbox-');
  const setup = await openEmbeddedDatabase({ dataDir, command: 'bench' });
  let supervisorEmail: string;
  try {
    supervisorEmail = await addClinic(setup);
  } finally {
    await setup.close();
  }
  const server = await startServerProcess({ dataDir, env: serverEnvironment });
  return {
    label: 'PGlite (embedded, data folder on disk)',
    address: server.address,
    supervisorEmail,
    stop: server.stop,
    conversationsByMessageSid: async () => {
      const database = await openEmbeddedDatabase({ dataDir, command: 'bench' });
      try {
        return await readConversationsByMessageSid(database);
      } finally {
        await database.close();
      }
    },
    // The folder goes when the benchmark process exits (server-process.ts).
    drop: async () => {},
  };
}

/** PatientDesk's default pool size, stated so the report can say it. */
const poolSize = 10;

async function startOnPostgres(postgresUrl: string): Promise<InboxServer> {
  const name = `patientdesk_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!
    .server_version;
  await admin.query(`create database ${name}`);
  await admin.end();
  const drop = async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    const setup = await openPostgresDatabase(url.toString(), 2);
    let supervisorEmail: string;
    try {
      supervisorEmail = await addClinic(setup);
    } finally {
      await setup.close();
    }
    const server = await startServerProcess({
      dataDir: temporaryFolder(),
      env: {
        ...serverEnvironment,
        DATABASE_URL: url.toString(),
        DATABASE_POOL_SIZE: String(poolSize),
        // Every process on PostgreSQL must be given the keys that protect PHI.
        PATIENTDESK_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      },
    });
    return {
      label: `PostgreSQL ${version.split(' ')[0]} (local server, pool of ${poolSize})`,
      address: server.address,
      supervisorEmail,
      stop: server.stop,
      conversationsByMessageSid: async () => {
        const database = await openPostgresDatabase(url.toString(), 2);
        try {
          return await readConversationsByMessageSid(database);
        } finally {
          await database.close();
        }
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

const localPostgres = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL server on this machine's default port, when one answers within a second. */
export async function localPostgresUrl(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: localPostgres, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return localPostgres;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts the server on a new database of that kind, ready for texts to `clinicNumber`. */
export function startInboxServer(kind: ScratchKind, postgresUrl?: string): Promise<InboxServer> {
  if (kind === 'pglite') return startOnDataFolder();
  if (!postgresUrl) throw new Error('A PostgreSQL benchmark needs --postgres-url or TEST_DATABASE_URL.');
  return startOnPostgres(postgresUrl);
}
