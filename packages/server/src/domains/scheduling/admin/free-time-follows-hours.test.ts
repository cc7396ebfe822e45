import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import {
  createTestClinic,
  createTestStaff,
  type SignedInHeaders,
  signInHeaders,
} from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import { locations } from '../../organizations/schema.ts';
import { addPatient, auditEventsOf } from '../../patients/test-fixtures.ts';
import { refreshFreeTime } from '../free-time.ts';
import { scheduleExceptions, waitlistEntries, waitlistOffers } from '../schema.ts';
import { bookTestAppointment, createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';

/**
 * A change of hours shows in the free times patients see at once: a rule added (a Saturday
 * morning) brings its times to the provider's calendar, a rule removed takes them away, extra
 * hours add one day's times, and hours stay at the same local time across a daylight-saving
 * change. The desk's week view shows the same hours, the visits and the time off.
 */

interface Calendar {
  days: { date: string; times: { startsAt: string; locationId: string }[] }[];
}

const zone = 'America/New_York';

/** The next `weekday` (1 = Monday) at least two days ahead, as a local date. */
function nextWeekday(weekday: number, after = DateTime.now().setZone(zone).plus({ days: 2 })): string {
  let day = after.startOf('day');
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** The Sunday on which New York next changes its clock (always a Sunday in the United States). */
function nextClockChange(): string {
  let day = DateTime.now().setZone(zone).plus({ days: 8 }).startOf('day');
  while (day.offset === day.plus({ days: 1 }).offset) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

const localTimes = (calendar: Calendar, date: string) =>
  (calendar.days.find((day) => day.date === date)?.times ?? []).map((time) =>
    DateTime.fromISO(time.startsAt, { zone }).toFormat('HH:mm'),
  );

describe('free time follows the working hours', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: SchedulingFixture;
  let scheduler: SignedInHeaders;
  let admin: SignedInHeaders;
  let agent: SignedInHeaders;

  beforeAll(async () => {
    test = await createTestDatabase();
    // Long enough a horizon to reach the next daylight-saving change from any day of the year.
    server = await startTestServer(test.database, {
      config: testConfig({ PATIENTDESK_FREE_TIME_DAYS: '250' }),
    });
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm);
    fixture = await createSchedulingFixture(orm, clinic.id);
    scheduler = await signInHeaders(server.app, (await createTestStaff(orm, clinic.id, 'scheduler')).email);
    admin = await signInHeaders(server.app, (await createTestStaff(orm, clinic.id, 'admin')).email);
    agent = await signInHeaders(server.app, (await createTestStaff(orm, clinic.id, 'agent')).email);
    // Follow-ups may be booked up to a year ahead, so the calendar reaches the clock change.
    const patched = await server.app.inject({
      method: 'PATCH',
      url: `/api/scheduling/appointment-types/${fixture.types.followUp.id}`,
      headers: scheduler,
      payload: { bookingHorizonDays: 365 },
    });
    expect(patched.statusCode).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: SignedInHeaders = scheduler,
    payload?: object,
  ) => server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const calendar = async (from: string, days = 7): Promise<Calendar> => {
    const response = await call(
      'GET',
      `/api/providers/${fixture.providerId}/calendar?appointmentType=follow-up&from=${from}&days=${days}`,
    );
    expect(response.statusCode).toBe(200);
    return response.json() as Calendar;
  };
  const rulesUrl = () => `/api/scheduling/providers/${fixture.providerId}/rules`;
  const saturdayMornings = (startsOn: string) => ({
    locationId: fixture.locationId,
    recurrence: 'FREQ=WEEKLY;BYDAY=SA',
    startsOn,
    startTime: '09:00',
    endTime: '11:00',
  });

  it('offers a Saturday morning as soon as the rule is added, and no longer once it is removed', async () => {
    const saturday = nextWeekday(6);
    expect(localTimes(await calendar(saturday, 1), saturday)).toEqual([]);

    const added = await call('POST', rulesUrl(), scheduler, saturdayMornings(saturday));
    expect(added.statusCode).toBe(201);
    const times = localTimes(await calendar(saturday, 1), saturday);
    expect(times[0]).toBe('09:00');
    expect(times.at(-1)).toBe('10:45');
    expect(times).toHaveLength(8);
    // Every Saturday after it too, and Sundays stay closed.
    const weekLater = DateTime.fromISO(saturday).plus({ days: 7 }).toISODate()!;
    const nextWeek = await calendar(weekLater, 2);
    expect(localTimes(nextWeek, weekLater)).toHaveLength(8);
    expect(localTimes(nextWeek, DateTime.fromISO(weekLater).plus({ days: 1 }).toISODate()!)).toEqual([]);

    const removed = await call('DELETE', `${rulesUrl()}/${(added.json() as { id: string }).id}`);
    expect(removed.statusCode).toBe(204);
    for (const action of ['schedule-rule.create', 'schedule-rule.delete'])
      expect(await auditEventsOf(test.database.orm, fixture.organizationId, action)).toHaveLength(1);
    expect(localTimes(await calendar(saturday, 1), saturday)).toEqual([]);
  });

  it('moves the times when a rule changes hours, and keeps booked visits out of them', async () => {
    const saturday = nextWeekday(6);
    const added = await call('POST', rulesUrl(), scheduler, saturdayMornings(saturday));
    const ruleId = (added.json() as { id: string }).id;
    const afternoon = DateTime.fromISO(`${saturday}T14:30`, { zone }).toJSDate();
    // Not working time yet: the provider is not seeing patients then.
    await expect(bookTestAppointment(test.database.orm, fixture, afternoon)).rejects.toMatchObject({
      statusCode: 422,
    });

    const changed = await call('PUT', `${rulesUrl()}/${ruleId}`, scheduler, {
      ...saturdayMornings(saturday),
      startTime: '14:00',
      endTime: '15:00',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      startTime: '14:00',
      endTime: '15:00',
      recurrence: 'FREQ=WEEKLY;BYDAY=SA',
    });
    await bookTestAppointment(test.database.orm, fixture, afternoon);
    expect(localTimes(await calendar(saturday, 1), saturday)).toEqual(['14:00', '14:15', '14:45']);
    await call('DELETE', `${rulesUrl()}/${ruleId}`);
  });

  it('adds extra hours on one day, and takes them away when removed', async () => {
    const sunday = nextWeekday(7);
    const extra = await call(
      'POST',
      `/api/scheduling/providers/${fixture.providerId}/extra-hours`,
      scheduler,
      {
        locationId: fixture.locationId,
        date: sunday,
        startTime: '10:00',
        endTime: '11:00',
        reason: 'Flu clinic',
      },
    );
    expect(extra.statusCode).toBe(201);
    expect(extra.json()).toMatchObject({
      date: sunday,
      startTime: '10:00',
      endTime: '11:00',
      reason: 'Flu clinic',
    });
    expect(localTimes(await calendar(sunday, 1), sunday)).toEqual(['10:00', '10:15', '10:30', '10:45']);
    const profile = await call('GET', `/api/scheduling/providers/${fixture.providerId}`, agent);
    expect(
      (profile.json() as { extraHours: { date: string }[] }).extraHours.map((hours) => hours.date),
    ).toEqual([sunday]);

    const removed = await call(
      'DELETE',
      `/api/scheduling/providers/${fixture.providerId}/extra-hours/${(extra.json() as { id: string }).id}`,
    );
    expect(removed.statusCode).toBe(204);
    expect(localTimes(await calendar(sunday, 1), sunday)).toEqual([]);
  });

  it('keeps 09:00 at 09:00 local time across the daylight-saving change', async () => {
    const change = nextClockChange();
    const sundayBefore = DateTime.fromISO(change).minus({ days: 7 }).toISODate()!;
    const added = await call('POST', rulesUrl(), scheduler, {
      locationId: fixture.locationId,
      recurrence: 'FREQ=WEEKLY;BYDAY=SU',
      startsOn: sundayBefore,
      startTime: '09:00',
      endTime: '10:00',
    });
    expect(added.statusCode).toBe(201);
    const days = await calendar(sundayBefore, 9);
    expect(localTimes(days, sundayBefore)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    expect(localTimes(days, change)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    const mondayAfter = DateTime.fromISO(change).plus({ days: 1 }).toISODate()!;
    expect(localTimes(days, mondayAfter)[0]).toBe('09:00');
    // The same local hour is a different UTC hour on each side of the change.
    const utcHour = (date: string) =>
      new Date(days.days.find((day) => day.date === date)!.times[0]!.startsAt).getUTCHours();
    expect(Math.abs(utcHour(sundayBefore) - utcHour(change))).toBe(1);
    await call('DELETE', `${rulesUrl()}/${(added.json() as { id: string }).id}`);
  });

  it('refuses rules it cannot place, naming the field, and changes nothing', async () => {
    const saturday = nextWeekday(6);
    const cases: [object, string][] = [
      [{ ...saturdayMornings(saturday), startTime: '12:00', endTime: '09:00' }, 'body.endTime'],
      [{ ...saturdayMornings(saturday), recurrence: 'FREQ=WEEKLY;BYDAY=XX' }, 'body.recurrence'],
      [{ ...saturdayMornings(saturday), recurrence: 'FREQ=WEEKLY;BYDAY=SA;BYHOUR=9' }, 'body.recurrence'],
      [
        { ...saturdayMornings(saturday), recurrence: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' },
        'body.recurrence',
      ],
      [{ ...saturdayMornings(saturday), endsOn: '2020-01-01' }, 'body.endsOn'],
      [{ ...saturdayMornings(saturday), startTime: '9am' }, 'body.startTime'],
    ];
    for (const [payload, field] of cases) {
      const response = await call('POST', rulesUrl(), scheduler, payload);
      expect(response.statusCode).toBe(400);
      const details = (response.json() as { error: { details: { field: string }[] } }).error.details;
      expect(details.map((detail) => detail.field)).toContain(field);
    }
    const [elsewhere] = await test.database.orm
      .insert(locations)
      .values({ organizationId: fixture.organizationId, name: 'Not linked', timeZone: zone })
      .returning();
    const notTheirs = await call('POST', rulesUrl(), scheduler, {
      ...saturdayMornings(saturday),
      locationId: elsewhere!.id,
    });
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.body).toContain('body.locationId');
    const rules = await call('GET', rulesUrl(), agent);
    expect((rules.json() as { items: unknown[] }).items).toHaveLength(2);
  });

  it('refuses hours at a second location that overlap the hours at the first (409)', async () => {
    const [branch] = await test.database.orm
      .insert(locations)
      .values({
        organizationId: fixture.organizationId,
        name: 'Lakeside Branch',
        timeZone: 'America/Chicago',
      })
      .returning();
    await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
      locations: [{ locationId: branch!.id, active: true }],
    });
    const monday = nextWeekday(1);
    // 10:00 in Chicago is 11:00 in New York, when the provider is at Main Street.
    const overlapping = await call('POST', rulesUrl(), scheduler, {
      locationId: branch!.id,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      startsOn: monday,
      startTime: '10:00',
      endTime: '11:00',
    });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.body).toContain('Main Street Clinic');
    // 11:00-12:00 in Chicago is the New York lunch hour: allowed.
    const lunchtime = await call('POST', rulesUrl(), scheduler, {
      locationId: branch!.id,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      startsOn: monday,
      startTime: '11:00',
      endTime: '12:00',
    });
    expect(lunchtime.statusCode).toBe(201);
    const times = (await calendar(monday, 1)).days[0]!.times.filter((time) => time.locationId === branch!.id);
    expect(
      times.map((time) => DateTime.fromISO(time.startsAt, { zone: 'America/Chicago' }).toFormat('HH:mm')),
    ).toEqual(['11:00', '11:15', '11:30', '11:45']);
    await call('DELETE', `${rulesUrl()}/${(lunchtime.json() as { id: string }).id}`);
  });

  it('lets an agent read the hours but not change them', async () => {
    const refused = await call('POST', rulesUrl(), agent, saturdayMornings(nextWeekday(6)));
    expect(refused.statusCode).toBe(403);
    expect((await call('GET', rulesUrl(), agent)).statusCode).toBe(200);
  });

  it("shows the week: hours, free time, visits with the patient's name for record readers only, and time off", async () => {
    const monday = nextWeekday(1, DateTime.now().setZone(zone).plus({ days: 7 }));
    const booked = await bookTestAppointment(
      test.database.orm,
      fixture,
      DateTime.fromISO(`${monday}T10:00`, { zone }).toJSDate(),
    );
    const tuesday = DateTime.fromISO(monday).plus({ days: 1 });
    // Time off as the "provider unavailable" flow marks it: the row, then the free time.
    const away = {
      startsAt: DateTime.fromISO(`${tuesday.toISODate()}T13:00`, { zone }).toJSDate(),
      endsAt: DateTime.fromISO(`${tuesday.toISODate()}T17:00`, { zone }).toJSDate(),
    };
    await test.database.orm.insert(scheduleExceptions).values({
      organizationId: fixture.organizationId,
      providerId: fixture.providerId,
      locationId: null,
      kind: 'unavailable',
      ...away,
      reason: 'Conference',
    });
    await refreshFreeTime(test.database.orm, fixture.providerId, away.startsAt, away.endsAt);

    const week = await call('GET', `/api/providers/${fixture.providerId}/week?from=${monday}`);
    expect(week.statusCode).toBe(200);
    const body = week.json() as {
      from: string;
      to: string;
      workingBlocks: { localDate: string; startsAt: string }[];
      freeTime: { localDate: string; startsAt: string; endsAt: string }[];
      appointments: {
        id: string;
        patient: { displayName: string } | null;
        appointmentType: { name: string };
      }[];
      timeOff: { reason: string }[];
    };
    expect(body.from).toBe(monday);
    expect(body.to).toBe(DateTime.fromISO(monday).plus({ days: 6 }).toISODate());
    // Monday to Friday, mornings and afternoons.
    expect(body.workingBlocks).toHaveLength(10);
    expect(body.appointments).toEqual([
      expect.objectContaining({
        id: booked.id,
        patient: expect.objectContaining({ displayName: 'Maria Lopez' }),
      }),
    ]);
    expect(body.appointments[0]!.appointmentType.name).toBe('Follow-up visit');
    expect(body.timeOff.map((off) => off.reason)).toEqual(['Conference']);
    const local = (instant: string) => DateTime.fromISO(instant, { zone }).toFormat('HH:mm');
    const mondayFree = body.freeTime
      .filter((range) => range.localDate === monday)
      .map((range) => local(range.startsAt));
    expect(mondayFree).toEqual(['09:00', '10:15', '13:00']);
    expect(body.freeTime.filter((range) => range.localDate === tuesday.toISODate())).toHaveLength(1);

    // Reading the patients' names is on record, with whose they were.
    const [read] = await auditEventsOf(test.database.orm, fixture.organizationId, 'appointment.list');
    expect(read).toMatchObject({ resourceType: 'provider-week', patientIds: [fixture.patientId] });

    const asAdmin = await call('GET', `/api/providers/${fixture.providerId}/week?from=${monday}`, admin);
    expect(asAdmin.statusCode).toBe(200);
    expect((asAdmin.json() as typeof body).appointments[0]!.patient).toBeNull();
    expect(asAdmin.body).not.toContain('Lopez');
  });

  it('offers hours just added to a patient waiting for the provider on that day', async () => {
    const orm = test.database.orm;
    const patient = await addPatient(orm, fixture.organizationId, {
      givenName: 'Rosa',
      familyName: 'Waits',
      phone: '+12125550188',
    });
    const [entry] = await orm
      .insert(waitlistEntries)
      .values({
        organizationId: fixture.organizationId,
        patientId: patient.id,
        providerId: fixture.providerId,
        appointmentTypeId: fixture.types.followUp.id,
        weekdays: [6],
        createdByType: 'patient',
        createdById: patient.id,
      })
      .returning();
    const saturday = nextWeekday(6);
    const added = await call('POST', rulesUrl(), scheduler, saturdayMornings(saturday));
    expect(added.statusCode).toBe(201);
    const offers = await orm.select().from(waitlistOffers).where(eq(waitlistOffers.entryId, entry!.id));
    expect(offers).toHaveLength(1);
    expect(DateTime.fromJSDate(offers[0]!.startsAt, { zone }).toFormat('ccc HH:mm')).toBe('Sat 09:00');
    await call('DELETE', `${rulesUrl()}/${(added.json() as { id: string }).id}`);
  });
});
