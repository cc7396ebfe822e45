import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { sweepExpiredSessionsJob } from './jobs.ts';
import { sweepExpiredSignInData } from './retention.ts';
import { portalSignInCodes, sessions, staffOneTimeLinks } from './schema.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

describe('the nightly retention sweep of sessions', () => {
  let test: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('is scheduled every night', async () => {
    const schedules = await server.jobs.boss.getSchedules();
    // Other domains schedule their own jobs beside it.
    expect(schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'sweep-expired-sessions', cron: '15 3 * * *' }),
      ]),
    );
  });

  it('deletes ended and expired sessions through the job queue and keeps live ones', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const hour = 3_600_000;
    const now = Date.now();
    const session = (label: string, idleExpiresIn: number, expiresIn: number, ended = false) => ({
      organizationId: clinic.id,
      subjectType: 'staff' as const,
      subjectId: staff.id,
      tokenHash: randomBytes(32),
      userAgent: label,
      idleExpiresAt: new Date(now + idleExpiresIn),
      expiresAt: new Date(now + expiresIn),
      endedAt: ended ? new Date(now - hour) : null,
    });
    await test.database.orm
      .insert(sessions)
      .values([
        session('live', hour, 10 * hour),
        session('idle too long', -hour, 10 * hour),
        session('past lifetime', hour, -hour),
        session('signed out', hour, 10 * hour, true),
      ]);

    const jobId = await server.jobs.send(sweepExpiredSessionsJob, {});
    expect(jobId).toBeTruthy();
    const deadline = Date.now() + 20_000;
    let job = await server.jobs.boss.getJobById(sweepExpiredSessionsJob.name, jobId!);
    while (job?.state !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = await server.jobs.boss.getJobById(sweepExpiredSessionsJob.name, jobId!);
    }
    expect(job?.state).toBe('completed');
    const left = await test.database.orm.select({ label: sessions.userAgent }).from(sessions);
    expect(left).toEqual([{ label: 'live' }]);
  });

  it('deletes spent portal codes and one-time links, and keeps the ones still in use', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const now = Date.now();
    const day = 24 * 3_600_000;
    await test.database.orm.insert(portalSignInCodes).values([
      {
        organizationId: clinic.id,
        contact: 'email:fresh@example.com',
        codeHash: randomBytes(32),
        expiresAt: new Date(now + 600_000),
      },
      {
        organizationId: clinic.id,
        contact: 'email:stale@example.com',
        codeHash: randomBytes(32),
        expiresAt: new Date(now - 2 * day),
      },
    ]);
    await test.database.orm.insert(staffOneTimeLinks).values([
      {
        organizationId: clinic.id,
        staffMemberId: staff.id,
        purpose: 'invitation',
        tokenHash: randomBytes(32),
        expiresAt: new Date(now + day),
      },
      {
        organizationId: clinic.id,
        staffMemberId: staff.id,
        purpose: 'password-reset',
        tokenHash: randomBytes(32),
        expiresAt: new Date(now + day),
        usedAt: new Date(now),
      },
      {
        organizationId: clinic.id,
        staffMemberId: staff.id,
        purpose: 'password-reset',
        tokenHash: randomBytes(32),
        expiresAt: new Date(now - 1000),
      },
    ]);
    const swept = await sweepExpiredSignInData(test.database.orm);
    expect(swept).toMatchObject({ removedSignInCodes: 1, removedOneTimeLinks: 2 });
    const codes = await test.database.orm
      .select({ contact: portalSignInCodes.contact })
      .from(portalSignInCodes);
    expect(codes).toEqual([{ contact: 'email:fresh@example.com' }]);
    const links = await test.database.orm
      .select({ purpose: staffOneTimeLinks.purpose })
      .from(staffOneTimeLinks);
    expect(links).toEqual([{ purpose: 'invitation' }]);
  });
});
