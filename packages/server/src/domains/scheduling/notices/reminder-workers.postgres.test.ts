import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgresDatabase } from '../../../db/connection.ts';
import { migrate } from '../../../db/migrate.ts';
import { allJobs } from '../../../jobs/all-jobs.ts';
import { createJobQueue, type JobQueue } from '../../../jobs/queue.ts';
import { createLogger } from '../../../observability/logger.ts';
import { createEventBus } from '../../../realtime/event-bus.ts';
import { killHard, spawnPatientDesk, waitForOutput } from '../../../testing/child-process.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createEmptyPostgresDatabase } from '../../../testing/test-database.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';
import { dispatchRemindersJob } from './jobs.ts';
import { insertDueReminders, reminderDeliveries } from './test-reminders.ts';

/**
 * Exactly once, with a crash: `patientdesk worker` processes dispatch a few thousand due
 * reminders through the outbox; one is killed with SIGKILL in the middle, others take over, and
 * every reminder has gone out exactly once. At the moment of the kill, too, every reminder
 * marked sent has its message and no message lacks its mark: a batch commits whole or not at all.
 */

const count = 3000;
const minute = 60_000;

describe('reminders dispatched by worker processes', () => {
  let server: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let database: Database;
  let producer: JobQueue;
  let fixture: SchedulingFixture;
  const workers: ReturnType<typeof spawnPatientDesk>[] = [];
  // Later than the real clock, so the workers' own every-minute runs leave these reminders alone
  // and only the jobs this test sends (dispatching "as of" this time) take them.
  const asOf = new Date(Date.now() + 3 * 24 * 60 * minute);

  beforeAll(async () => {
    server = await createEmptyPostgresDatabase();
    database = await openPostgresDatabase(server.url, 3);
    await migrate(database);
    const logger = createLogger({ level: 'silent' });
    producer = createJobQueue({
      database,
      logger,
      events: createEventBus(database, logger),
      jobs: allJobs,
      settings: { retentionSweepCron: '15 3 * * *' },
    });
    await producer.start();
    const clinic = await createTestClinic(database.orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(database.orm, clinic.id);
    await insertDueReminders(database, {
      organizationId: clinic.id,
      locationId: fixture.locationId,
      providerIds: [fixture.providerId],
      appointmentTypeId: fixture.types.followUp.id,
      firstStart: new Date(asOf.getTime() + 24 * 60 * minute),
      count,
      dueAt: new Date(asOf.getTime() - minute),
      label: 'W',
    });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await killHard(worker);
    await producer.stop();
    await database.close();
    await server.drop();
  });

  const startWorker = async () => {
    const worker = spawnPatientDesk(['worker'], { DATABASE_URL: server.url });
    workers.push(worker);
    await waitForOutput(worker, /worker is taking jobs/);
    return worker;
  };
  // Small batches, so the kill lands with most of the work still to do.
  const dispatchAsOf = () => producer.send(dispatchRemindersJob, { now: asOf.toISOString(), batchSize: 20 });
  const deliveries = () => reminderDeliveries(database, fixture.organizationId, 'W');

  it('sends every reminder exactly once although a worker is killed half way through', async () => {
    const doomed = await startWorker();
    await dispatchAsOf();
    let atKill = await deliveries();
    const deadline = Date.now() + 60_000;
    while (atKill.sent === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      atKill = await deliveries();
    }
    await killHard(doomed);
    const afterKill = await deliveries();
    // Killed in the middle: some sent, not all.
    expect(afterKill.sent).toBeGreaterThan(0);
    expect(afterKill.sent).toBeLessThan(count);
    // What committed is whole: each reminder marked sent has exactly one message, and no other has any.
    expect(afterKill.messages).toBe(afterKill.sent);
    expect(afterKill.duplicated).toBe(0);

    // Two workers take over, each running a dispatch at the same time.
    await Promise.all([startWorker(), startWorker()]);
    await Promise.all([dispatchAsOf(), dispatchAsOf()]);
    let final = await deliveries();
    while (final.sent < count && Date.now() < deadline + 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      final = await deliveries();
    }
    expect(final).toEqual({ reminders: count, sent: count, missing: 0, duplicated: 0, messages: count });
  }, 180_000);
});
