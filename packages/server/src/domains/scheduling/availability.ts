import type {
  FreeTime,
  ProviderCalendar,
  ProviderSearchHit,
  ProviderSearchQuery,
  ProviderSearchResult,
} from '@patientdesk/contracts';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../errors.ts';
import {
  type AppointmentTypeRow,
  findAppointmentType,
  providerDisplayName,
  providerSummary,
} from './directory.ts';
import { freeStarts, localDate } from './free-starts.ts';
import { bookingWindow, locationZones } from './next-free-times.ts';
import { describeProviders, matchingProviders, searchPlaces } from './search-candidates.ts';
import { type SearchCandidate, soonestPage } from './soonest-free.ts';

// Booking, the waitlist, rebooking and FHIR slots read free times through here.
export { bookingWindow, freeTimesFor } from './next-free-times.ts';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Provider search like a booking site's: filter by specialty, insurance, language, location or
 * distance, new patients and telehealth; each result has its next free times; soonest first.
 * Providers with no free time within the window are left out ("available within N days").
 */
export async function searchProviders(
  orm: Orm,
  organizationId: string,
  query: ProviderSearchQuery,
  options: { onlineOnly: boolean; now?: Date },
): Promise<ProviderSearchResult> {
  const now = options.now ?? new Date();
  const asked = query.appointmentType
    ? await findAppointmentType(orm, organizationId, query.appointmentType)
    : undefined;
  if (asked && options.onlineOnly && !asked.bookableOnline)
    throw new Invalid(
      `"${asked.name}" visits are booked by the clinic's staff. Call or message the clinic to book one.`,
      [{ field: 'query.appointmentType', message: 'is not bookable online' }],
    );
  if (asked && query.telehealth !== undefined && (asked.mode === 'telehealth') !== query.telehealth)
    throw new Invalid(
      `"${asked.name}" is ${asked.mode === 'telehealth' ? 'a video visit' : 'an in-person visit'}.`,
      [{ field: 'query.telehealth', message: 'does not match the appointment type' }],
    );
  const zones = await locationZones(orm, organizationId);
  if (query.locationId && !zones.has(query.locationId))
    throw new Invalid('There is no such location at this clinic.', [
      { field: 'query.locationId', message: 'must be one of the clinic’s locations' },
    ]);
  const { origin, distances, allowedLocations } = searchPlaces(zones.values(), query);
  const found = await matchingProviders(orm, organizationId, query, {
    onlineOnly: options.onlineOnly,
    asked,
    allowedLocations,
  });
  if (!found) return emptyResult(now, query, asked);

  const candidates: SearchCandidate[] = [];
  let windowFrom = now;
  let windowUntil = now;
  for (const { type, providers: group } of found.byType.values()) {
    const window = bookingWindow(type, now, query.withinDays);
    windowFrom = window.from;
    windowUntil = window.until;
    for (const provider of group) candidates.push({ providerId: provider.id, type, ...window });
  }
  const page = await soonestPage(orm, candidates, {
    organizationId,
    zones,
    perProvider: query.timesPerProvider,
    locationIds: allowedLocations,
    limit: query.limit,
    names: new Map(found.providers.map((row) => [row.id, providerDisplayName(row)])),
  });
  const { rowOf, locationsOf, typesOf } = await describeProviders(
    orm,
    page.map(({ candidate }) => candidate.providerId),
  );
  const items = page.map(({ candidate: { providerId, type }, times }): ProviderSearchHit => {
    const places = locationsOf.get(providerId) ?? [];
    const nearest = places
      .map((id) => distances.get(id))
      .filter((value): value is number => value !== undefined);
    return {
      provider: providerSummary(rowOf.get(providerId)!, {
        locationIds: places,
        appointmentTypeIds: (typesOf.get(providerId) ?? []).filter((id) => {
          const offered = found.typeById.get(id);
          return offered !== undefined && (!options.onlineOnly || offered.bookableOnline);
        }),
      }),
      appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
      distanceKm: origin && nearest.length > 0 ? Math.round(Math.min(...nearest) * 10) / 10 : null,
      nextFreeTimes: times,
    };
  });
  return {
    items,
    from: (asked ? bookingWindow(asked, now, query.withinDays).from : windowFrom).toISOString(),
    until: (asked ? bookingWindow(asked, now, query.withinDays).until : windowUntil).toISOString(),
  };
}

function emptyResult(
  now: Date,
  query: ProviderSearchQuery,
  asked: AppointmentTypeRow | undefined,
): ProviderSearchResult {
  const window = asked
    ? bookingWindow(asked, now, query.withinDays)
    : { from: now, until: new Date(now.getTime() + query.withinDays * 24 * 60 * minute) };
  return { items: [], from: window.from.toISOString(), until: window.until.toISOString() };
}

/** One provider's free times for a kind of visit, day by day in the location's time zone. */
export async function providerCalendar(
  orm: Orm,
  organizationId: string,
  input: {
    providerId: string;
    appointmentType: string;
    from?: string;
    days: number;
    locationId?: string;
    onlineOnly: boolean;
    now?: Date;
  },
): Promise<ProviderCalendar> {
  const now = input.now ?? new Date();
  const type = await findAppointmentType(orm, organizationId, input.appointmentType, 'query.appointmentType');
  if (input.onlineOnly && !type.bookableOnline)
    throw new Invalid(`"${type.name}" visits are booked by the clinic's staff.`, [
      { field: 'query.appointmentType', message: 'is not bookable online' },
    ]);
  const window = bookingWindow(type, now);
  // The calendar's days start at midnight in a zone not read yet, UTC-12 to UTC+14: the free
  // ranges are read from a little before to a little after, and the times kept are those of
  // the exact days below.
  const firstDate = input.from ? DateTime.fromISO(input.from, { zone: 'utc' }) : undefined;
  const readFrom = Math.max(window.from.getTime(), firstDate ? firstDate.toMillis() - 14 * hour : 0);
  const readUntil = Math.min(
    window.until.getTime(),
    (firstDate?.toMillis() ?? now.getTime()) + input.days * 24 * hour + 14 * hour,
  );
  // The provider, whether they offer the visit, the zones and the free ranges, in one
  // statement: the calendar is read at every step of booking.
  const [provider] = rowsOf<{
    id: string;
    organization_zone: string;
    location_zone: string | null;
    offers: boolean;
    ranges: [string, string, string, string][] | null;
  }>(
    await orm.execute(sql`
      select p.id, o.time_zone as organization_zone,
        exists (
          select 1 from provider_appointment_types pat
          where pat.provider_id = p.id and pat.appointment_type_id = ${type.id}
        ) as offers,
        ${
          input.locationId
            ? sql`(select time_zone from locations where id = ${input.locationId} and organization_id = ${organizationId})`
            : sql`null::text`
        } as location_zone,
        (
          select json_agg(json_build_array(f.location_id, l.time_zone, f.starts_at, f.ends_at) order by f.starts_at)
          from provider_free_time f join locations l on l.id = f.location_id
          where f.provider_id = p.id
            and f.starts_at >= ${new Date(readFrom)}::timestamptz - interval '25 hours'
            and f.starts_at < ${new Date(readUntil)}
            and f.ends_at > ${new Date(readFrom)}
            ${input.locationId ? sql`and f.location_id = ${input.locationId}` : sql``}
        ) as ranges
      from providers p join organizations o on o.id = p.organization_id
      where p.id = ${input.providerId} and p.organization_id = ${organizationId}`),
  );
  if (!provider)
    throw new NotFound(
      `There is no provider ${input.providerId} at this clinic. Search for providers again.`,
    );
  if (!provider.offers)
    throw new Invalid(`This provider does not offer "${type.name}" visits.`, [
      { field: 'query.appointmentType', message: 'is not offered by this provider' },
    ]);
  const timeZone = provider.location_zone ?? provider.organization_zone ?? 'UTC';
  const firstDay = input.from ?? localDate(now.getTime(), timeZone);
  const dayStart = DateTime.fromISO(firstDay, { zone: timeZone });
  const from = new Date(Math.max(dayStart.toMillis(), window.from.getTime()));
  const until = new Date(Math.min(dayStart.plus({ days: input.days }).toMillis(), window.until.getTime()));
  const rows =
    from < until
      ? (provider.ranges ?? []).map(([location_id, time_zone, starts_at, ends_at]) => ({
          location_id,
          time_zone,
          starts_at,
          ends_at,
        }))
      : [];
  const days = new Map<string, FreeTime[]>();
  // Calendar dates only: counted in UTC, where every day has 24 hours.
  const firstUtcDate = DateTime.fromISO(firstDay, { zone: 'utc' });
  for (let day = 0; day < input.days; day++) days.set(firstUtcDate.plus({ days: day }).toISODate()!, []);
  for (const row of rows) {
    const rangeStart = new Date(row.starts_at).getTime();
    // A free range lies within one local day of its location: in the calendar's own zone all
    // its times share that day's date (else each time is placed on its own).
    const rangeDate = row.time_zone === timeZone ? localDate(rangeStart, timeZone) : undefined;
    for (const start of freeStarts(
      { start: rangeStart, end: new Date(row.ends_at).getTime() },
      type,
      row.time_zone,
      from.getTime(),
      until.getTime() - 1,
      Number.POSITIVE_INFINITY,
    ))
      days.get(rangeDate ?? localDate(start, timeZone))?.push({
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + type.durationMinutes * minute).toISOString(),
        providerId: provider.id,
        locationId: row.location_id,
        appointmentTypeId: type.id,
      });
  }
  return {
    providerId: provider.id,
    appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
    timeZone,
    days: [...days].map(([date, times]) => ({
      date,
      // ISO instants of one format sort as text
      times: times.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0)),
    })),
  };
}
