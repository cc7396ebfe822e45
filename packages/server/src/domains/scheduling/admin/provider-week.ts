import type { ProviderWeek } from '@patientdesk/contracts';
import { and, asc, eq, gt, gte, inArray, lt, lte, ne, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ActorScope } from '../../access/actor-scope.ts';
import { locations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import { findProvider, providerDisplayName } from '../directory.ts';
import {
  appointments,
  appointmentTypes,
  providerFreeTime,
  providerLocations,
  scheduleExceptions,
  scheduleRules,
} from '../schema.ts';
import { localInstant, workingBlocks } from '../working-hours.ts';
import { organizationTimeZone } from './free-time-upkeep.ts';
import { extraHoursView, timeOffView } from './hours-views.ts';

/**
 * A provider's week as the desk shows it: the hours they work (rules and extra hours), what is
 * still free, the visits booked or held, and their time off. The patients' names are health
 * information, so only staff who read appointments get them, and reading them is audited.
 */

/** Visits that take (or took) the provider's time; expired holds are not shown. */
const shownStatuses = ['held', 'booked', 'arrived', 'fulfilled', 'noshow'] as const;

export async function providerWeek(
  scope: ActorScope,
  providerId: string,
  query: { from?: string; days: number },
  now = new Date(),
): Promise<ProviderWeek> {
  await scope.authorize('schedule.read');
  const { orm } = scope;
  const organizationId = scope.actor.organizationId;
  const provider = await findProvider(orm, organizationId, providerId);
  const timeZone = await organizationTimeZone(orm, organizationId);
  // luxon's weeks start on Monday (ISO 8601).
  const from = query.from ?? DateTime.fromJSDate(now, { zone: timeZone }).startOf('week').toISODate()!;
  const to = DateTime.fromISO(from, { zone: 'utc' })
    .plus({ days: query.days - 1 })
    .toISODate()!;

  const places = await orm
    .select({
      id: locations.id,
      name: locations.name,
      timeZone: locations.timeZone,
      closedDates: locations.closedDates,
    })
    .from(providerLocations)
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(and(eq(providerLocations.providerId, providerId), eq(providerLocations.active, true)))
    .orderBy(asc(locations.name));
  const zones = [timeZone, ...places.map((place) => place.timeZone)];
  const windowStart = new Date(Math.min(...zones.map((zone) => localInstant(from, '00:00', zone))));
  const windowEnd = new Date(Math.max(...zones.map((zone) => localInstant(to, '24:00', zone))));

  const rules = await orm.select().from(scheduleRules).where(eq(scheduleRules.providerId, providerId));
  const changes = await orm
    .select()
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.providerId, providerId),
        lt(scheduleExceptions.startsAt, windowEnd),
        gt(scheduleExceptions.endsAt, windowStart),
      ),
    )
    .orderBy(asc(scheduleExceptions.startsAt));
  const free = await orm
    .select()
    .from(providerFreeTime)
    .where(
      and(
        eq(providerFreeTime.providerId, providerId),
        gte(providerFreeTime.localDate, from),
        lte(providerFreeTime.localDate, to),
      ),
    )
    .orderBy(asc(providerFreeTime.startsAt));
  const visits = await orm
    .select({ row: appointments, typeName: appointmentTypes.name })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
    .where(
      and(
        eq(appointments.providerId, providerId),
        lt(appointments.startsAt, windowEnd),
        gt(appointments.endsAt, windowStart),
        inArray(appointments.status, [...shownStatuses]),
        or(ne(appointments.status, 'held'), gt(appointments.holdExpiresAt, now)),
      ),
    )
    .orderBy(asc(appointments.startsAt));

  const extraHours = changes.filter((change) => change.kind === 'extra-hours');
  const blocks = workingBlocks({ rules, changes: extraHours, locations: places, from, to });
  const zoneOf = new Map(places.map((place) => [place.id, place.timeZone]));
  // Visits at a location the provider no longer works at still show, with the location named.
  const missing = [...new Set(visits.map((visit) => visit.row.locationId))].filter((id) => !zoneOf.has(id));
  const formerPlaces =
    missing.length > 0
      ? await orm
          .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
          .from(locations)
          .where(inArray(locations.id, missing))
      : [];

  const seesPatients = visits.length > 0 && (await scope.allows('appointment.read'));
  const patientIds = [...new Set(visits.map((visit) => visit.row.patientId))];
  const names = new Map<string, string>();
  if (seesPatients) {
    const rows = await orm
      .select({
        id: patients.id,
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
      })
      .from(patients)
      .where(inArray(patients.id, patientIds));
    for (const row of rows) names.set(row.id, `${row.preferredName ?? row.givenName} ${row.familyName}`);
    scope.record({
      action: 'appointment.list',
      resourceType: 'provider-week',
      resourceId: providerId,
      patientIds,
      outcome: 'allowed',
      details: { from, to, appointments: visits.length },
    });
  }

  const block = (item: { locationId: string; localDate: string; start: number; end: number }) => ({
    locationId: item.locationId,
    localDate: item.localDate,
    startsAt: new Date(item.start).toISOString(),
    endsAt: new Date(item.end).toISOString(),
  });
  return {
    providerId,
    displayName: providerDisplayName(provider),
    timeZone,
    from,
    to,
    locations: [...places, ...formerPlaces].map((place) => ({
      id: place.id,
      name: place.name,
      timeZone: place.timeZone,
    })),
    workingBlocks: blocks.map(block),
    freeTime: free.map((range) =>
      block({
        locationId: range.locationId,
        localDate: range.localDate,
        start: range.startsAt.getTime(),
        end: range.endsAt.getTime(),
      }),
    ),
    appointments: visits.map(({ row, typeName }) => ({
      id: row.id,
      status: row.status,
      locationId: row.locationId,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      mode: row.mode,
      appointmentType: { id: row.appointmentTypeId, name: typeName },
      patient: seesPatients ? { id: row.patientId, displayName: names.get(row.patientId) ?? '' } : null,
    })),
    timeOff: changes.filter((change) => change.kind === 'unavailable').map(timeOffView),
    extraHours: extraHours
      .filter((change) => change.locationId && zoneOf.has(change.locationId))
      .map((change) => extraHoursView(change, zoneOf.get(change.locationId!)!)),
  };
}
