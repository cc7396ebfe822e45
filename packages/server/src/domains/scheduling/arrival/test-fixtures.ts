import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { type AppointmentStatus, appointments, providers } from '../schema.ts';
import type { SchedulingFixture } from '../test-fixtures.ts';
import { timeRangeLiteral } from '../time-ranges.ts';

/** Helpers for the arrival tests (not a test file itself). */

let codes = 0;

/**
 * An appointment put straight into the table, at any time (today's early hours, a weekend):
 * the visit-day tests need visits on the day they run, whatever the provider's hours. The
 * database still refuses an overlap with another live visit.
 */
export async function addVisit(
  orm: Orm,
  fixture: SchedulingFixture,
  startsAt: Date,
  options: {
    patientId?: string;
    providerId?: string;
    locationId?: string;
    status?: AppointmentStatus;
    mode?: 'in-person' | 'telehealth';
    typeId?: string;
    checkInCode?: string;
    minutes?: number;
  } = {},
) {
  const endsAt = new Date(startsAt.getTime() + (options.minutes ?? 15) * 60_000);
  const [row] = await orm
    .insert(appointments)
    .values({
      organizationId: fixture.organizationId,
      patientId: options.patientId ?? fixture.patientId,
      providerId: options.providerId ?? fixture.providerId,
      locationId: options.locationId ?? fixture.locationId,
      appointmentTypeId: options.typeId ?? fixture.types.followUp.id,
      status: options.status ?? 'booked',
      mode: options.mode ?? 'in-person',
      startsAt,
      endsAt,
      blocked: timeRangeLiteral(startsAt, endsAt),
      checkInCode: options.checkInCode ?? `T${String(++codes).padStart(5, '0')}`.slice(0, 6),
      bookedByType: 'staff',
      bookedAt: new Date(),
    })
    .returning();
  return row!;
}

/** Today's date in the fixture's zone at `hour:minute` (local), which may be past or ahead. */
export function todayAt(
  fixture: Pick<SchedulingFixture, 'timeZone'>,
  hour: number,
  minute = 0,
  now = new Date(),
) {
  return DateTime.fromJSDate(now, { zone: fixture.timeZone })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
}

/** Another provider of the fixture's clinic, so a test's visits cannot overlap another test's. */
export async function addProvider(orm: Orm, fixture: SchedulingFixture, familyName: string) {
  const [row] = await orm
    .insert(providers)
    .values({ organizationId: fixture.organizationId, givenName: 'Sam', familyName, prefix: 'Dr.' })
    .returning();
  return row!;
}
