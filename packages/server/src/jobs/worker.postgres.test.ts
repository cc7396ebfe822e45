import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgresDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { sweepExpiredSessionsJob } from '../domains/identity/jobs.ts';
import { sessions } from '../domains/identity/schema.ts';
import { createLogger } from '../observability/logger.ts';
import { createEventBus } from '../realtime/event-bus.ts';
import { killHard, spawnPatientDesk, waitForOutput } from '../testing/child-process.ts';
import { createTestClinic, createTestStaff } from '../testing/clinic.ts';
import { createEmptyPostgresDatabase } from '../testing/test-database.ts';
import { allJobs } from './all-jobs.ts';
import { createJobQueue, type JobQueue } from './queue.ts';

describe('patientdesk worker', () => {
  let server: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let database: Database;
  let producer: JobQueue;
  let worker: ReturnType<typeof spawnPatientDesk>;

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
    worker = spawnPatientDesk(['worker'], { DATABASE_URL: server.url });
    await waitForOutput(worker, /worker is taking jobs/);
  }, 120_000);

  afterAll(async () => {
    await killHard(worker);
    await producer.stop();
    await database.close();
    await server.drop();
  });

  it('runs jobs that another process put on the queue', async () => {
    const clinic = await createTestClinic(database.orm);
    const staff = await createTestStaff(database.orm, clinic.id);
    await database.orm.insert(sessions).values({
      organizationId: clinic.id,
      subjectType: 'staff',
      subjectId: staff.id,
      tokenHash: randomBytes(32),
      idleExpiresAt: new Date(Date.now() - 60_000),
      expiresAt: new Date(Date.now() + 60_000),
    });
    const jobId = await producer.send(sweepExpiredSessionsJob, {});
    const deadline = Date.now() + 30_000;
    let state: string | undefined;
    while (state !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = (await producer.boss.getJobById(sweepExpiredSessionsJob.name, jobId!))?.state;
    }
    expect(state).toBe('completed');
    expect(await database.orm.select().from(sessions)).toEqual([]);
  });

  it('refuses to run on the embedded database, where start already runs the workers', async () => {
    const refused = spawnPatientDesk(['worker'], {
      DATABASE_URL: '',
      PATIENTDESK_DATA_DIR: '/tmp/pd-worker-refused',
    });
    const output = await waitForOutput(refused, /only against a PostgreSQL server/);
    expect(output).toContain('Set DATABASE_URL');
  });
});
