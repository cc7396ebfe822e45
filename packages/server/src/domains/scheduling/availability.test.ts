import type { ProviderSearchQuery, ProviderSearchResult } from '@patientdesk/contracts';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { providerCalendar, searchProviders } from './availability.ts';
import { computeFreeTime } from './free-time.ts';
import { providerAppointmentTypes, providerLocations, providers, scheduleRules } from './schema.ts';
import { createSchedulingFixture, type SchedulingFixture } from './test-fixtures.ts';

// A Monday at 06:00 in New York, a week or more ahead: with the follow-up's two hours' notice,
// the first bookable moment is 08:00.
const zone = 'America/New_York';
let monday = DateTime.now().setZone(zone).plus({ weeks: 1 }).startOf('week');
const now = monday.set({ hour: 6 }).toJSDate();
monday = monday.startOf('day');
const at = (time: string) => DateTime.fromISO(`${monday.toISODate()}T${time}`, { zone }).toUTC().toISO();

// Cardiologists who work one Monday each, in blocks that make their first free times differ.
// All see patients for follow-ups but one, who offers only video visits.
const cardiologists: { name: string; blocks: [string, string][]; video?: true }[] = [
  { name: 'Amy Late', blocks: [['10:00', '12:00']] },
  { name: 'Bea Half', blocks: [['08:30', '12:00']] },
  { name: 'Ann Half', blocks: [['08:30', '12:00']] },
  { name: 'Dan Nine', blocks: [['09:00', '12:00']] },
  // 09:05-09:25 is long enough for 15 minutes, but no quarter hour fits in it.
  {
    name: 'Eve Short',
    blocks: [
      ['09:05', '09:25'],
      ['11:00', '12:00'],
    ],
  },
  { name: 'Gus Early', blocks: [['07:00', '12:00']] },
  { name: 'Fay Early', blocks: [['07:30', '12:00']] },
  { name: 'Hal Noon', blocks: [['13:00', '17:00']] },
  { name: 'Ivy Video', blocks: [['08:45', '12:00']], video: true },
];

describe('availability', () => {
  let test: TestDatabase;
  let fixture: SchedulingFixture;
  const idOf = new Map<string, string>();
  beforeAll(async () => {
    test = await createTestDatabase();
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm);
    fixture = await createSchedulingFixture(orm, clinic.id, { now });
    for (const { name, blocks, video } of cardiologists) {
      const [givenName, familyName] = name.split(' ') as [string, string];
      const [provider] = await orm
        .insert(providers)
        .values({
          organizationId: clinic.id,
          givenName,
          familyName,
          specialty: 'Cardiology',
          languages: ['en'],
        })
        .returning();
      idOf.set(name, provider!.id);
      const mine = { organizationId: clinic.id, providerId: provider!.id };
      await orm.insert(providerLocations).values({ ...mine, locationId: fixture.locationId });
      const offered = video ? fixture.types.video : fixture.types.followUp;
      await orm.insert(providerAppointmentTypes).values({ ...mine, appointmentTypeId: offered.id });
      await orm.insert(scheduleRules).values(
        blocks.map(([startTime, endTime]) => ({
          ...mine,
          locationId: fixture.locationId,
          recurrence: 'FREQ=WEEKLY;BYDAY=MO',
          startsOn: monday.toISODate()!,
          endsOn: monday.toISODate()!,
          startTime,
          endTime,
        })),
      );
      await computeFreeTime(orm, provider!.id, monday.plus({ days: 7 }).toISODate()!, now);
    }
  });
  afterAll(() => test.drop());

  const search = (limit: number, more: Partial<ProviderSearchQuery> = {}) =>
    searchProviders(
      test.database.orm,
      fixture.organizationId,
      {
        specialty: 'cardiology',
        appointmentType: 'follow-up',
        withinDays: 7,
        timesPerProvider: 2,
        limit,
        ...more,
      },
      { onlineOnly: true, now },
    );
  const shown = (result: ProviderSearchResult) =>
    result.items.map((hit) => [hit.provider.displayName, ...hit.nextFreeTimes.map((time) => time.startsAt)]);

  it('lists the providers free soonest first, the same first time by name, each with their next times', async () => {
    const found = await search(20);
    expect(shown(found)).toEqual([
      ['Fay Early', at('08:00'), at('08:15')],
      ['Gus Early', at('08:00'), at('08:15')],
      ['Ann Half', at('08:30'), at('08:45')],
      ['Bea Half', at('08:30'), at('08:45')],
      ['Dan Nine', at('09:00'), at('09:15')],
      ['Amy Late', at('10:00'), at('10:15')],
      ['Eve Short', at('11:00'), at('11:15')],
      ['Hal Noon', at('13:00'), at('13:15')],
    ]);
    expect(found.items[0]!.nextFreeTimes[0]).toEqual({
      startsAt: at('08:00'),
      endsAt: at('08:15'),
      providerId: idOf.get('Fay Early'),
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
    });
    // Asked for one time each, Eve's first free range (no quarter hour fits) is all that is read
    // at first; her time is found further on.
    expect(shown(await search(20, { timesPerProvider: 1 }))).toEqual(
      shown(found).map(([name, first]) => [name, first]),
    );
  });

  it('shows each provider for the shortest kind of visit they offer', async () => {
    const found = await search(20, { appointmentType: undefined });
    expect(found.items.map((hit) => [hit.provider.displayName, hit.appointmentType.name])).toEqual([
      ['Fay Early', 'Follow-up visit'],
      ['Gus Early', 'Follow-up visit'],
      ['Ann Half', 'Follow-up visit'],
      ['Bea Half', 'Follow-up visit'],
      ['Ivy Video', 'Video visit'],
      ['Dan Nine', 'Follow-up visit'],
      ['Amy Late', 'Follow-up visit'],
      ['Eve Short', 'Follow-up visit'],
      ['Hal Noon', 'Follow-up visit'],
    ]);
    expect(found.items[4]!.nextFreeTimes.map((time) => [time.startsAt, time.endsAt])).toEqual([
      [at('08:45'), at('09:05')],
      [at('09:00'), at('09:20')],
    ]);
  });

  it('shows only the first page of many matching providers, the same ones in the same order', async () => {
    for (const more of [{}, { appointmentType: undefined }, { timesPerProvider: 1 }]) {
      const all = (await search(20, more)).items;
      expect(all.length).toBeGreaterThan(5);
      for (let limit = 1; limit <= all.length; limit++)
        expect((await search(limit, more)).items, `a page of ${limit}`).toEqual(all.slice(0, limit));
    }
  });

  it('gives the calendar the times that fit, leaving out a free range no quarter hour fits in', async () => {
    const calendar = await providerCalendar(test.database.orm, fixture.organizationId, {
      providerId: idOf.get('Eve Short')!,
      appointmentType: 'follow-up',
      from: monday.toISODate()!,
      days: 2,
      onlineOnly: true,
      now,
    });
    expect(calendar.timeZone).toBe(zone);
    expect(calendar.days.map((day) => [day.date, day.times.map((time) => time.startsAt)])).toEqual([
      [monday.toISODate(), [at('11:00'), at('11:15'), at('11:30'), at('11:45')]],
      [monday.plus({ days: 1 }).toISODate(), []],
    ]);
  });
});
