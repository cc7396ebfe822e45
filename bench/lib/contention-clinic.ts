import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../../packages/server/src/db/connection.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { createApiToken } from '../../packages/server/src/domains/identity/api-tokens.ts';
import {
  createLocation,
  createOrganization,
} from '../../packages/server/src/domains/organizations/service.ts';
import { computeFreeTime } from '../../packages/server/src/domains/scheduling/free-time.ts';
import {
  appointmentTypes,
  providerAppointmentTypes,
  providerLocations,
  providers,
  scheduleRules,
} from '../../packages/server/src/domains/scheduling/schema.ts';
import { createStaffMember } from '../../packages/server/src/domains/staff/service.ts';

/**
 * The booking-contention benchmark's clinic and clients: one provider working weekdays
 * 08:00-17:00 in New York, a 15-minute follow-up visit, 200 patients, and a scheduler's API
 * token; a client holds a time for its patient over HTTP and confirms it when it wins.
 */

export const clientCount = 200;
export const slotCount = 20;
export const zone = 'America/New_York';

export interface Clinic {
  organizationId: string;
  providerId: string;
  locationId: string;
  typeId: string;
  patientIds: string[];
  token: string;
}

export async function prepareClinic(database: Database, now: Date): Promise<Clinic> {
  await migrate(database);
  const organization = await createOrganization(database.orm, {
    slug: `contention-bench-${randomBytes(3).toString('hex')}`,
    name: 'Contention Bench Clinic',
    timeZone: zone,
    requireStaffMfa: false,
  });
  const organizationId = organization.id;
  const location = await createLocation(database.orm, {
    organizationId,
    name: 'Main Street Clinic',
    timeZone: zone,
  });
  const [provider] = await database.orm
    .insert(providers)
    .values({
      organizationId,
      givenName: 'Ana',
      familyName: 'Ruiz',
      prefix: 'Dr.',
      specialty: 'Family medicine',
    })
    .returning();
  await database.orm
    .insert(providerLocations)
    .values({ organizationId, providerId: provider!.id, locationId: location.id });
  const [type] = await database.orm
    .insert(appointmentTypes)
    .values({ organizationId, code: 'follow-up', name: 'Follow-up visit', durationMinutes: 15 })
    .returning();
  await database.orm
    .insert(providerAppointmentTypes)
    .values({ organizationId, providerId: provider!.id, appointmentTypeId: type!.id });
  const today = DateTime.fromJSDate(now, { zone });
  await database.orm.insert(scheduleRules).values({
    organizationId,
    providerId: provider!.id,
    locationId: location.id,
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    startsOn: today.toISODate()!,
    startTime: '08:00',
    endTime: '17:00',
  });
  await computeFreeTime(database.orm, provider!.id, today.plus({ days: 60 }).toISODate()!, now);
  const patients = await database.query<{ id: string }>(
    `insert into patients (organization_id, mrn, given_name, family_name, birth_date, sex)
     select $1, 'RACE-' || lpad(g::text, 4, '0'), 'Patient', 'Number ' || g, date '1970-01-01' + g * 40, 'female'
     from generate_series(1, ${clientCount}) as g
     returning id`,
    [organizationId],
  );
  const scheduler = await createStaffMember(database.orm, {
    organizationId,
    email: 'scheduler@contention-bench.example',
    displayName: 'Bench Scheduler',
    role: 'scheduler',
  });
  const { token } = await createApiToken(database.orm, {
    organizationId,
    staffMemberId: scheduler.id,
    name: 'booking-contention bench',
    expiresAt: null,
  });
  return {
    organizationId,
    providerId: provider!.id,
    locationId: location.id,
    typeId: type!.id,
    patientIds: patients.rows.map((row) => row.id),
    token,
  };
}

/** The 20 quarter hours from 09:00 on the `round`-th weekday at least two days ahead. */
export function slotsOfRound(now: Date, roundIndex: number): { day: string; starts: string[] } {
  const weekdays: DateTime[] = [];
  for (
    let day = DateTime.fromJSDate(now, { zone }).plus({ days: 2 }).startOf('day');
    weekdays.length <= roundIndex;
    day = day.plus({ days: 1 })
  )
    if (day.weekday <= 5) weekdays.push(day);
  const day = weekdays[roundIndex]!;
  const starts = Array.from(
    { length: slotCount },
    (_, index) =>
      day
        .set({ hour: 9 })
        .plus({ minutes: 15 * index })
        .toUTC()
        .toISO()!,
  );
  return { day: day.toISODate()!, starts };
}

export interface ClientResult {
  holdStatus: number;
  code?: string;
  offered: number;
  booked: boolean;
  holdMs: number;
  totalMs: number;
  finishedAt: number;
}

/** One client: holds the time for its patient and, when it wins, confirms it. */
export async function bookAsClient(
  address: string,
  clinic: Clinic,
  patientId: string,
  startsAt: string,
): Promise<ClientResult> {
  const headers = { authorization: `Bearer ${clinic.token}`, 'content-type': 'application/json' };
  const started = performance.now();
  const hold = await fetch(`${address}/api/appointments/holds`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      patientId,
      providerId: clinic.providerId,
      locationId: clinic.locationId,
      appointmentTypeId: clinic.typeId,
      startsAt,
    }),
  });
  const holdMs = performance.now() - started;
  const body = (await hold.json()) as { id?: string; error?: { code: string; nextFreeTimes?: unknown[] } };
  let booked = false;
  if (hold.status === 201 && body.id) {
    const confirm = await fetch(`${address}/api/appointments/${body.id}/confirm`, {
      method: 'POST',
      headers,
      body: JSON.stringify({}),
    });
    booked = confirm.status === 200;
    await confirm.arrayBuffer();
  }
  const finishedAt = performance.now();
  return {
    holdStatus: hold.status,
    ...(body.error ? { code: body.error.code } : {}),
    offered: body.error?.nextFreeTimes?.length ?? 0,
    booked,
    holdMs,
    totalMs: finishedAt - started,
    finishedAt,
  };
}

/** Every client at once; client i wants time i mod 20. */
export async function raceOnce(address: string, clinic: Clinic, starts: string[]) {
  const raceStarted = performance.now();
  const results = await Promise.all(
    clinic.patientIds.map((patientId, index) =>
      bookAsClient(address, clinic, patientId, starts[index % starts.length]!),
    ),
  );
  return { results, raceStarted, raceMs: performance.now() - raceStarted };
}

/**
 * The same requests one at a time, for comparison: 20 bookings of free times, then 20 holds of
 * the times just taken (each answered 409 with other times).
 */
export async function oneAtATime(address: string, clinic: Clinic, starts: string[]) {
  const won: ClientResult[] = [];
  const lost: ClientResult[] = [];
  for (const [index, startsAt] of starts.entries())
    won.push(await bookAsClient(address, clinic, clinic.patientIds[index]!, startsAt));
  for (const [index, startsAt] of starts.entries())
    lost.push(await bookAsClient(address, clinic, clinic.patientIds[starts.length + index]!, startsAt));
  return { won, lost };
}

/** What the table says about the day: live bookings, and pairs of the provider's visits that overlap. */
export async function tableSays(database: Database, clinic: Clinic, day: string) {
  const { rows } = await database.query<{ booked: number; held: number; overlaps: number }>(
    `select
       (select count(*)::int from appointments where provider_id = $1 and status = 'booked'
          and (starts_at at time zone '${zone}')::date = $2::date) as booked,
       (select count(*)::int from appointments where provider_id = $1 and status = 'held') as held,
       (select count(*)::int from appointments a join appointments b
          on a.provider_id = b.provider_id and a.id < b.id and a.blocked && b.blocked
          and a.status in ('held', 'booked', 'arrived') and b.status in ('held', 'booked', 'arrived')
        where a.provider_id = $1) as overlaps`,
    [clinic.providerId, day],
  );
  return rows[0]!;
}
