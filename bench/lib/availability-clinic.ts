import { DateTime } from 'luxon';
import type { Database } from '../../packages/server/src/db/connection.ts';
import {
  createLocation,
  createOrganization,
} from '../../packages/server/src/domains/organizations/service.ts';
import { computeFreeTime } from '../../packages/server/src/domains/scheduling/free-time.ts';
import {
  appointmentTypes,
  providerAppointmentTypes,
  providerLocations,
  scheduleRules,
} from '../../packages/server/src/domains/scheduling/schema.ts';
import { progress } from './progress.ts';

/**
 * A large health system for the availability benchmark: 2,000 providers at 20 locations in three
 * time zones, each working two blocks a day on weekdays (at one location, or shared between
 * two), with half of every working day over the next 90 days booked in 30-minute visits at
 * random. The rows are made by the database itself (INSERT ... SELECT over generate_series,
 * seeded with setseed), and then free time is computed per provider by the product's own
 * computeFreeTime, as a change of hours would.
 */

export const providerCount = 2_000;
export const scheduleDays = 90;
const patientCount = 5_000;
const providersPerStatement = 100;

export const specialties = [
  'Family medicine',
  'Internal medicine',
  'Pediatrics',
  'Obstetrics and gynecology',
  'Cardiology',
  'Dermatology',
  'Orthopedics',
  'Psychiatry',
  'Endocrinology',
  'Gastroenterology',
];
/** Payer keys (payerKey) the providers accept, each with a little over even odds. */
export const payers = [
  'aetna',
  'blue-cross-blue-shield',
  'cigna',
  'humana',
  'kaiser',
  'medicaid',
  'medicare',
  'tricare',
  'unitedhealthcare',
];

const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

export interface AvailabilityClinic {
  organizationId: string;
  providerIds: string[];
  now: Date;
  /** Seconds to make the rows (providers, hours, appointments), and to compute free time. */
  buildSeconds: number;
  freeTimeSeconds: number;
  appointments: number;
  freeRanges: number;
}

const sqlText = (values: string[]) => `array[${values.map((value) => `'${value}'`).join(',')}]`;

async function addPeopleAndPlaces(database: Database, organizationId: string, count: number) {
  const locationIds: { id: string; timeZone: string }[] = [];
  for (let index = 0; index < 20; index++) {
    const timeZone = zones[index % zones.length]!;
    const location = await createLocation(database.orm, {
      organizationId,
      name: `Bench Clinic ${index + 1}`,
      timeZone,
      latitude: 30 + index,
      longitude: -120 + index * 2,
    });
    locationIds.push({ id: location.id, timeZone });
  }
  await database.exec(`
    select setseed(0.42);
    insert into providers (organization_id, given_name, family_name, credentials, specialty, languages,
      accepting_new_patients, offers_telehealth, accepted_insurance, npi)
    select '${organizationId}', 'Provider', 'Number ' || g, 'MD',
      (${sqlText(specialties)})[1 + floor(random() * ${specialties.length})::int],
      case when r < 0.25 then array['en', 'es'] when r < 0.30 then array['en', 'vi']
        when r < 0.34 then array['en', 'zh'] when r < 0.37 then array['en', 'pt'] else array['en'] end,
      random() < 0.8, random() < 0.4,
      -- correlated with g, so it is drawn again for every provider
      array(select payer from unnest(${sqlText(payers)}) as payer where g > 0 and random() < 0.55),
      lpad(g::text, 10, '0')
    from (select g, random() as r from generate_series(1, ${count}) as g) as drawn;
    insert into patients (organization_id, mrn, given_name, family_name, birth_date, sex)
    select '${organizationId}', 'BENCH-' || lpad(g::text, 6, '0'), 'Patient', 'Number ' || g,
      date '1940-01-01' + (g * 37) % 30000, case when g % 2 = 0 then 'female' else 'male' end
    from generate_series(1, ${patientCount}) as g;`);
  return locationIds;
}

/** Visits everyone offers, and the 30-minute office visit the booked half of the calendar is made of. */
async function addVisitKinds(database: Database, organizationId: string) {
  const rows = await database.orm
    .insert(appointmentTypes)
    .values([
      {
        organizationId,
        code: 'new-patient',
        name: 'New patient visit',
        durationMinutes: 40,
        bufferAfterMinutes: 10,
        patientStatus: 'new' as const,
      },
      { organizationId, code: 'follow-up', name: 'Follow-up visit', durationMinutes: 20 },
      { organizationId, code: 'sick-visit', name: 'Sick visit', durationMinutes: 15, minNoticeMinutes: 60 },
      {
        organizationId,
        code: 'video-visit',
        name: 'Video visit',
        durationMinutes: 20,
        mode: 'telehealth' as const,
      },
      {
        organizationId,
        code: 'office-visit',
        name: 'Office visit',
        durationMinutes: 30,
        bookableOnline: false,
      },
    ])
    .returning();
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** Where each provider works and when: one location all week, or two sharing the week. */
async function addHours(
  database: Database,
  organizationId: string,
  locations: { id: string; timeZone: string }[],
  types: Map<string, string>,
  today: string,
) {
  const providers = (
    await database.query<{ id: string; offers_telehealth: boolean }>(
      'select id, offers_telehealth from providers where organization_id = $1 order by npi',
      [organizationId],
    )
  ).rows;
  const links: (typeof providerLocations.$inferInsert)[] = [];
  const offers: (typeof providerAppointmentTypes.$inferInsert)[] = [];
  const rules: (typeof scheduleRules.$inferInsert)[] = [];
  const ruleDays: { providerId: string; locationId: string; zone: string; isodows: number[] }[] = [];
  const startsOn = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 7 }).toISODate()!;
  providers.forEach((provider, index) => {
    const home = locations[index % locations.length]!;
    const away = locations[(index * 7 + 3) % locations.length]!;
    const week: [typeof home, string, number[]][] =
      index % 10 < 3 && away.id !== home.id
        ? [
            [home, 'MO,WE,FR', [1, 3, 5]],
            [away, 'TU,TH', [2, 4]],
          ]
        : [[home, 'MO,TU,WE,TH,FR', [1, 2, 3, 4, 5]]];
    for (const [place, byDay, isodows] of week) {
      links.push({ organizationId, providerId: provider.id, locationId: place.id });
      for (const [startTime, endTime] of [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ] as const)
        rules.push({
          organizationId,
          providerId: provider.id,
          locationId: place.id,
          recurrence: `FREQ=WEEKLY;BYDAY=${byDay}`,
          startsOn,
          startTime,
          endTime,
        });
      ruleDays.push({ providerId: provider.id, locationId: place.id, zone: place.timeZone, isodows });
    }
    for (const code of [
      'new-patient',
      'follow-up',
      'sick-visit',
      ...(provider.offers_telehealth ? ['video-visit'] : []),
    ])
      offers.push({ organizationId, providerId: provider.id, appointmentTypeId: types.get(code)! });
  });
  for (let start = 0; start < rules.length; start += 1000)
    await database.orm.insert(scheduleRules).values(rules.slice(start, start + 1000));
  for (let start = 0; start < links.length; start += 1000)
    await database.orm.insert(providerLocations).values(links.slice(start, start + 1000));
  for (let start = 0; start < offers.length; start += 1000)
    await database.orm.insert(providerAppointmentTypes).values(offers.slice(start, start + 1000));
  return { providerIds: providers.map((provider) => provider.id), ruleDays };
}

/** Books half of the working time: each 30-minute slot of the next 90 days with even odds. */
async function bookHalf(
  database: Database,
  organizationId: string,
  officeVisitId: string,
  ruleDays: { providerId: string; locationId: string; zone: string; isodows: number[] }[],
  today: string,
  label: string,
) {
  for (let start = 0; start < ruleDays.length; start += providersPerStatement) {
    progress(`availability: ${label}: booking half the time, ${start} of ${ruleDays.length} schedules...`);
    const chunk = ruleDays.slice(start, start + providersPerStatement);
    const values = chunk
      .map(
        (day) =>
          `('${day.providerId}'::uuid, '${day.locationId}'::uuid, '${day.zone}', array[${day.isodows.join(',')}])`,
      )
      .join(',');
    await database.transaction((session) =>
      session.exec(`
        select setseed(${(start % 997) / 997});
        insert into appointments (organization_id, patient_id, provider_id, location_id, appointment_type_id,
          status, mode, starts_at, ends_at, blocked, booked_by_type, booked_at)
        select '${organizationId}', patients.ids[1 + floor(random() * array_length(patients.ids, 1))::int],
          slot.provider_id, slot.location_id, '${officeVisitId}', 'booked', 'in-person',
          slot.starts_at, slot.starts_at + interval '30 minutes',
          tstzrange(slot.starts_at, slot.starts_at + interval '30 minutes'), 'staff', now()
        from (select array_agg(id) as ids from patients where organization_id = '${organizationId}') as patients,
          (
            select w.provider_id, w.location_id,
              ((d::date + block.start_time + s * interval '30 minutes') at time zone w.zone) as starts_at
            from (values ${values}) as w (provider_id, location_id, zone, isodows)
            cross join generate_series(date '${today}', date '${today}' + ${scheduleDays - 1}, interval '1 day') as d
            cross join (values (time '08:00'), (time '13:00')) as block (start_time)
            cross join generate_series(0, 7) as s
            where extract(isodow from d)::int = any(w.isodows)
          ) as slot
        where random() < 0.5`),
    );
  }
}

/** Builds the clinic in `database` and computes every provider's free time. */
export async function buildAvailabilityClinic(
  database: Database,
  label: string,
  options: { now?: Date; providers?: number } = {},
): Promise<AvailabilityClinic> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const organization = await createOrganization(database.orm, {
    slug: `bench-availability-${Date.now().toString(36)}`,
    name: 'Availability Bench Health System',
    timeZone: 'America/Chicago',
  });
  const organizationId = organization.id;
  const today = DateTime.fromJSDate(now, { zone: 'America/New_York' }).toISODate()!;
  progress(`availability: ${label}: providers, locations, patients...`);
  const locations = await addPeopleAndPlaces(database, organizationId, options.providers ?? providerCount);
  const types = await addVisitKinds(database, organizationId);
  const { providerIds, ruleDays } = await addHours(database, organizationId, locations, types, today);
  await bookHalf(database, organizationId, types.get('office-visit')!, ruleDays, today, label);
  const buildSeconds = (performance.now() - started) / 1000;

  const freeStarted = performance.now();
  const through = DateTime.fromISO(today, { zone: 'utc' })
    .plus({ days: scheduleDays - 1 })
    .toISODate()!;
  let freeRanges = 0;
  // Two at a time on a server (two cores here); the embedded database runs one statement at a time anyway.
  const lanes = database.kind === 'postgres' ? 2 : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < providerIds.length) {
        const providerId = providerIds[next++]!;
        if (next % 100 === 0)
          progress(`availability: ${label}: free time of provider ${next} of ${providerIds.length}...`);
        const written = await database.orm.transaction((tx) => computeFreeTime(tx, providerId, through, now));
        freeRanges += written;
      }
    }),
  );
  const freeTimeSeconds = (performance.now() - freeStarted) / 1000;
  const [counted] = (
    await database.query<{ count: number }>(
      'select count(*)::int as count from appointments where organization_id = $1',
      [organizationId],
    )
  ).rows;
  return {
    organizationId,
    providerIds,
    now,
    buildSeconds,
    freeTimeSeconds,
    appointments: counted!.count,
    freeRanges,
  };
}
