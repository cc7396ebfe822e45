import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import type { DemoClinicSummary } from './demo/seed-demo-clinic.ts';
import { type AuditTrail, createAuditTrail } from './domains/audit/audit-trail.ts';
import { startEmailInbox } from './domains/channels/email/email-inbox.ts';
import { type ChannelSender, createChannelSender } from './domains/channels/outbound.ts';
import { createMessageSearch } from './domains/conversations/message-search.ts';
import { countOrganizations } from './domains/organizations/service.ts';
import { createOutboxSender } from './domains/outbox/service.ts';
import { rollFreeTimeJob } from './domains/scheduling/admin/jobs.ts';
import { buildApp } from './http/app.ts';
import { allJobs } from './jobs/all-jobs.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createEventBus, type EventBus } from './realtime/event-bus.ts';
import { type FieldCipher, loadFieldCipher } from './security/field-encryption.ts';
import { checkEncryptionKeys } from './security/key-check.ts';

/** A running PatientDesk server: its address and the parts tests and commands reach into. */
export interface RunningServer {
  address: string;
  app: FastifyInstance;
  database: Database;
  events: EventBus;
  audit: AuditTrail;
  cipher: FieldCipher;
  jobs: JobQueue;
  logger: Logger;
  /** Set when this start created the demo clinic. */
  demo: DemoClinicSummary | undefined;
  /** The built-in SMTP listener's port, when PATIENTDESK_SMTP_LISTEN turned it on. */
  smtpPort: number | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Reports start-up steps to a person at a terminal. */
  onProgress?: (message: string) => void;
  /** Listen on the configured port; tests pass false and use `app.inject`. */
  listen?: boolean;
  /** An already opened database (tests); otherwise the configured one is opened. */
  database?: Database;
  /** Where outgoing SMS and email go (tests); otherwise the configured drivers. */
  channels?: ChannelSender;
}

/**
 * The composition root: config -> database -> migrations -> demo data -> realtime -> jobs ->
 * HTTP. Everything a process needs is created here and handed down.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const progress = options.onProgress ?? (() => {});
  progress(
    `Opening ${config.database.kind === 'pglite' ? `the embedded database in ${config.database.dataDir}` : 'PostgreSQL'}`,
  );
  const database = options.database ?? (await openDatabase(config.database, 'patientdesk start'));
  const closers: (() => Promise<void>)[] = [];
  try {
    const cipher = loadFieldCipher(config.encryption, (file) =>
      progress(`Created the encryption key for PHI in ${file}; back it up with the data folder`),
    );
    // A migration may encrypt values stored before their column was encrypted.
    const applied = await migrate(database, { fieldCipher: () => cipher });
    if (applied.length > 0) progress(`Applied ${applied.length} database migration(s)`);
    await checkEncryptionKeys(database, cipher);
    const audit = createAuditTrail(database);
    closers.push(() => audit.drain());

    let demo: DemoClinicSummary | undefined;
    if (config.demo.seedOnFirstStart && (await countOrganizations(database.orm)) === 0) {
      progress('Creating the demo clinic (first start only)');
      // Loaded only when needed: the generator and its name lists take a while to import.
      const { seedDemoClinic } = await import('./demo/seed-demo-clinic.ts');
      demo = await seedDemoClinic(database, {
        seed: config.demo.seedNumber,
        password: config.demo.password,
        cipher,
        freeTimeDays: config.scheduling.freeTimeDays,
      });
    }

    const metrics = createMetrics(() => database.poolStatistics());
    const events = createEventBus(database, logger);
    await events.start();
    closers.push(() => events.stop());

    const sender = createOutboxSender(cipher);
    const channels = options.channels ?? createChannelSender(sender, config.channels);
    closers.push(() => channels.close());

    const jobs = createJobQueue({
      database,
      logger,
      events,
      jobs: allJobs,
      settings: config.jobs,
      metrics,
      services: { config, cipher, channels },
    });
    await jobs.start();
    closers.push(() => jobs.stop());
    // Providers never computed, or behind after the server was down, get their free time now.
    await jobs.send(rollFreeTimeJob, {});
    if (config.jobs.runInProcess) await jobs.startWorkers();
    const search = createMessageSearch(cipher);
    const app = await buildApp({
      config,
      database,
      logger,
      metrics,
      events,
      audit,
      cipher,
      sender,
      channels,
      search,
    });
    closers.push(() => app.close());
    const mail = config.channels.smtpListen
      ? await startEmailInbox({
          database,
          crypto: { cipher, search, channels, publicUrl: config.publicUrl },
          events,
          logger,
          listen: config.channels.smtpListen,
          attachmentMaxBytes: config.channels.attachmentMaxBytes,
        })
      : undefined;
    if (mail) closers.push(mail.close);
    let address = '';
    if (options.listen !== false) {
      await app.listen({ host: config.http.host, port: config.http.port });
      const port = (app.server.address() as { port: number }).port;
      const host = ['0.0.0.0', '127.0.0.1', '::', '::1'].includes(config.http.host)
        ? 'localhost'
        : config.http.host;
      address = `http://${host}:${port}`;
    }
    await app.ready();

    let closed = false;
    return {
      address,
      app,
      database,
      events,
      audit,
      cipher,
      jobs,
      logger,
      demo,
      smtpPort: mail?.port,
      async close() {
        if (closed) return;
        closed = true;
        for (const close of closers.reverse())
          await close().catch((error) => logger.error({ err: error }, 'error while stopping'));
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (!options.database) await database.close().catch(() => {});
    throw error;
  }
}
