import type { LiveEvent } from '@patientdesk/contracts';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../observability/logger.ts';
import { createEventBus, type EventBus } from '../../../realtime/event-bus.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { testConfig } from '../../../testing/test-server.ts';
import { createAuditTrail } from '../../audit/audit-trail.ts';
import { auditEvents } from '../../audit/schema.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { appointments, schedulingSettings } from '../schema.ts';
import {
  createSchedulingFixture,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { markNoShowsJob } from './jobs.ts';
import { markOverdueNoShows } from './no-shows.ts';
import { addVisit } from './test-fixtures.ts';

const minute = 60_000;

describe('the no-show check', () => {
  let test: TestDatabase;
  let events: EventBus;
  let fixture: SchedulingFixture;
  let strict: SchedulingFixture;
  const logger = createLogger({ level: 'silent' });
  const scheduling = testSchedulingDependencies();

  beforeAll(async () => {
    test = await createTestDatabase();
    events = createEventBus(test.database, logger);
    await events.start();
    const orm = test.database.orm;
    fixture = await createSchedulingFixture(orm, (await createTestClinic(orm, 'Grace Clinic')).id);
    // Another clinic gives late patients half an hour.
    strict = await createSchedulingFixture(orm, (await createTestClinic(orm, 'Patient Clinic')).id);
    await orm
      .insert(schedulingSettings)
      .values({ organizationId: strict.organizationId, noShowGraceMinutes: 30 });
  });
  afterAll(async () => {
    await events.stop();
    await test.drop();
  });

  const orm = () => test.database.orm;
  const statusOf = async (ids: string[]) =>
    Object.fromEntries(
      (
        await orm()
          .select({ id: appointments.id, status: appointments.status, noshowAt: appointments.noshowAt })
          .from(appointments)
          .where(inArray(appointments.id, ids))
      ).map((row) => [row.id, row]),
    );

  it('marks in-person visits not checked in by start plus the grace time, each clinic with its own grace', async () => {
    const now = new Date('2031-03-12T15:02:00Z');
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * minute);
    const patient = await addPatient(orm(), fixture.organizationId, { givenName: 'Ola', familyName: 'Late' });
    const late = await addVisit(orm(), fixture, at(20), { patientId: patient.id });
    const withinGrace = await addVisit(orm(), fixture, at(5), { patientId: patient.id });
    const arrived = await addVisit(orm(), fixture, at(60), { patientId: patient.id, status: 'arrived' });
    const video = await addVisit(orm(), fixture, at(90), { patientId: patient.id, mode: 'telehealth' });
    const longAgo = await addVisit(orm(), fixture, at(8 * 24 * 60), { patientId: patient.id });
    const other = await addPatient(orm(), strict.organizationId, { givenName: 'Pia', familyName: 'Slow' });
    const strictWithinGrace = await addVisit(orm(), strict, at(20), { patientId: other.id });
    const strictLate = await addVisit(orm(), strict, at(40), { patientId: other.id });

    const heard: LiveEvent[] = [];
    const stop = events.subscribe(fixture.organizationId, (event) => heard.push(event));
    const audit = createAuditTrail(test.database);
    const run = await markOverdueNoShows({ database: test.database, events, audit, logger, scheduling }, now);
    expect(run).toEqual({ marked: 2, failedOrganizations: 0 });

    const statuses = await statusOf([
      late.id,
      withinGrace.id,
      arrived.id,
      video.id,
      longAgo.id,
      strictWithinGrace.id,
      strictLate.id,
    ]);
    expect(statuses[late.id]).toEqual({ id: late.id, status: 'noshow', noshowAt: now });
    expect(statuses[strictLate.id]!.status).toBe('noshow');
    for (const untouched of [withinGrace, arrived, video, longAgo, strictWithinGrace])
      expect(statuses[untouched.id]!.status).toBe(untouched.status);

    await vi.waitFor(() =>
      expect(heard).toContainEqual({
        type: 'appointment.changed',
        appointmentId: late.id,
        locationId: fixture.locationId,
        change: 'noshow',
      }),
    );
    stop();
    await audit.drain();
    const [event] = await orm().select().from(auditEvents).where(eq(auditEvents.resourceId, late.id));
    expect(event).toMatchObject({
      action: 'appointment.noshow',
      actorType: 'system',
      actorName: 'No-show check',
      patientIds: [patient.id],
      details: { via: 'grace-time', startsAt: late.startsAt.toISOString() },
    });

    // A second run at the same moment finds nothing more to do.
    expect(
      await markOverdueNoShows({ database: test.database, events, audit, logger, scheduling }, now),
    ).toEqual({
      marked: 0,
      failedOrganizations: 0,
    });
  });

  it('runs as the scheduled job with the services the worker gives it', async () => {
    const now = new Date('2031-05-06T14:00:00Z');
    const patient = await addPatient(orm(), fixture.organizationId, { givenName: 'Quin', familyName: 'Job' });
    const late = await addVisit(orm(), fixture, new Date(now.getTime() - 45 * minute), {
      patientId: patient.id,
    });
    expect(markNoShowsJob.schedule?.({ retentionSweepCron: '' })).toBe('*/5 * * * *');
    const result = await markNoShowsJob.run(
      { now: now.toISOString() },
      {
        database: test.database,
        logger,
        events,
        services: { config: testConfig(), cipher: scheduling.cipher, channels: scheduling.channels },
      },
    );
    expect(result).toEqual({ marked: 1, failedOrganizations: 0 });
    expect((await statusOf([late.id]))[late.id]!.status).toBe('noshow');
    const services = { config: testConfig(), cipher: scheduling.cipher, channels: scheduling.channels };
    await expect(
      markNoShowsJob.run({ now: 'yesterday' }, { database: test.database, logger, events, services }),
    ).rejects.toThrow('cannot read');
    await expect(markNoShowsJob.run({}, { database: test.database, logger, events })).rejects.toThrow(
      'needs the encryption keys',
    );
  });
});
