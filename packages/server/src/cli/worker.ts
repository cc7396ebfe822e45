import type { Command } from 'commander';
import { createChannelSender } from '../domains/channels/outbound.ts';
import { createOutboxSender } from '../domains/outbox/service.ts';
import { allJobs } from '../jobs/all-jobs.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createLogger } from '../observability/logger.ts';
import { createEventBus } from '../realtime/event-bus.ts';
import {
  CommandError,
  configFromEnvironment,
  log,
  openDatabaseFor,
  openFieldCipher,
  runCommand,
  stopOnSignals,
} from './shared.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run background workers (reminders, retention sweeps, ...) in this process, against the PostgreSQL server in ' +
        'DATABASE_URL. Start as many as you need; they share the queue.',
    )
    .action(() =>
      runCommand(async () => {
        const config = configFromEnvironment();
        if (config.database.kind === 'pglite') {
          throw new CommandError(
            'Workers run as separate processes only against a PostgreSQL server. On the embedded database, ' +
              '"patientdesk start" already runs them. Set DATABASE_URL to use separate workers.',
          );
        }
        const logger = createLogger({ level: config.logLevel });
        const database = await openDatabaseFor(config, 'worker');
        // Publishing needs no listener: the event bus here only sends NOTIFYs to the servers.
        const events = createEventBus(database, logger);
        // Jobs that send patients messages (reminders) encrypt what the outbox keeps, like the server.
        const cipher = await openFieldCipher(config, database);
        const channels = createChannelSender(createOutboxSender(cipher), config.channels);
        const queue = createJobQueue({
          database,
          logger,
          events,
          jobs: allJobs,
          settings: config.jobs,
          services: { config, cipher, channels },
        });
        await queue.start();
        await queue.startWorkers();
        stopOnSignals(async () => {
          await queue.stop();
          await channels.close();
          await database.close();
        });
        log(
          `PatientDesk worker is taking jobs from ${database.description} (${allJobs.map((job) => job.name).join(', ')}).`,
        );
      }),
    );
}
