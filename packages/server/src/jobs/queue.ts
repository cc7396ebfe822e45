import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import type { Database } from '../db/connection.ts';
import type { ChannelSender } from '../domains/channels/outbound.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { FieldCipher } from '../security/field-encryption.ts';

/**
 * Background work in a Postgres-backed queue (pg-boss), so a job is never lost with a process.
 * pg-boss talks to our own connection: the node-postgres pool on a server, or the one PGlite
 * session in this process (whose query lock keeps pg-boss's transactions whole).
 */

export interface JobContext {
  database: Database;
  logger: Logger;
  /** For jobs whose work live screens should see (SLA warnings, ended snoozes). */
  events: EventBus;
  /** For jobs that send patients messages (reminders); absent where a queue only produces jobs. */
  services?: JobServices;
}

/** What a job needs to write PHI and send messages: the configuration, the field cipher and the channels. */
export interface JobServices {
  config: Config;
  cipher: FieldCipher;
  channels: ChannelSender;
}

/** A kind of background job: its queue name, optional cron schedule, and what it does. */
export interface JobDefinition<Payload extends object = object> {
  name: string;
  /** A 5-field cron expression (in UTC) to run it on a schedule. */
  schedule?: (settings: JobSettings) => string | undefined;
  /** How many times a failing job is tried again before it is left as failed. */
  retryLimit?: number;
  run(payload: Payload, context: JobContext): Promise<unknown>;
}

export interface JobSettings {
  retentionSweepCron: string;
}

export interface JobQueue {
  boss: PgBoss;
  /** Creates the queues and schedules; needed both by producers and by workers. */
  start(): Promise<void>;
  /** Starts taking jobs off the queues in this process. */
  startWorkers(): Promise<void>;
  send<Payload extends object>(job: JobDefinition<Payload>, payload: Payload): Promise<string | null>;
  stop(): Promise<void>;
}

function sqlAdapter(database: Database) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // pg-boss sends whole BEGIN ... COMMIT scripts without parameters; those need exec on
      // PGlite, which returns no rows (pg-boss reads none from them).
      if (database.kind === 'pglite' && (!values || values.length === 0) && text.includes(';')) {
        await database.exec(text);
        return { rows: [], rowCount: 0 };
      }
      return database.query(text, values);
    },
  };
}

export function createJobQueue(options: {
  database: Database;
  logger: Logger;
  events: EventBus;
  jobs: JobDefinition<never>[];
  settings: JobSettings;
  metrics?: Metrics;
  services?: JobServices;
}): JobQueue {
  const { database, logger, events, jobs, settings, services } = options;
  const boss = new PgBoss({
    db: sqlAdapter(database),
    schema: 'pgboss',
    // Embedded: one process owns the database, so pg-boss's own maintenance runs here too.
    supervise: true,
    schedule: true,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  let started = false;

  options.metrics?.addGauge(
    'patientdesk_job_queue_depth',
    'Jobs waiting in each queue',
    ['queue'],
    async (gauge) => {
      if (!started) return;
      for (const job of jobs) gauge.set({ queue: job.name }, await boss.getQueueSize(job.name));
    },
  );

  return {
    boss,
    async start() {
      await boss.start();
      for (const job of jobs) {
        await boss.createQueue(job.name, {
          name: job.name,
          retryLimit: job.retryLimit ?? 3,
          retryBackoff: true,
        });
        const cron = job.schedule?.(settings);
        if (cron) await boss.schedule(job.name, cron, {}, { tz: 'UTC' });
      }
      started = true;
    },
    async startWorkers() {
      for (const job of jobs) {
        await boss.work(job.name, async (batch) => {
          for (const item of batch) {
            const startedAt = performance.now();
            const result = await job.run(item.data as never, { database, logger, events, services });
            logger.info(
              { job: job.name, jobId: item.id, ms: Math.round(performance.now() - startedAt), result },
              'job done',
            );
          }
        });
      }
    },
    send: (job, payload) => boss.send(job.name, payload),
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
