import type {
  FreeTime,
  ProviderCalendar,
  ProviderSearchHit,
  ProviderSearchQuery,
  ProviderSearchResult,
} from '@patientdesk/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { locations } from '../organizations/schema.ts';
import {
  type AppointmentTypeRow,
  findAppointmentType,
  type ProviderRow,
  providerLinks,
  providerSummary,
} from './directory.ts';
import { freeStarts } from './free-starts.ts';
import { payerKey } from './insurance.ts';
import { appointmentTypes, providers } from './schema.ts';

/**
 * Free times read from the precomputed free ranges: for each provider, the first few ranges
 * long enough for the visit (an index walk that stops at the answer), then the round start
 * times inside them. The cost grows with the number of times asked for, not with how full or
 * how long the calendar is.
 */

const minute = 60_000;

/** How long a visit of this type keeps the provider busy, buffers included. */
const neededMinutes = (type: AppointmentTypeRow) =>
  type.durationMinutes + type.bufferBeforeMinutes + type.bufferAfterMinutes;

interface FreeRangeRow {
  provider_id: string;
  location_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
}

/** Where each location is and in which zone. */
async function locationZones(orm: Orm, organizationId: string) {
  const rows = await orm
    .select({
      id: locations.id,
      timeZone: locations.timeZone,
      latitude: locations.latitude,
      longitude: locations.longitude,
    })
    .from(locations)
    .where(eq(locations.organizationId, organizationId));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The first free ranges of each provider that can hold the visit, from `from` on. */
async function firstFreeRanges(
  orm: Orm,
  input: {
    providerIds: string[];
    from: Date;
    until: Date;
    needed: number;
    perProvider: number;
    locationIds?: string[];
  },
): Promise<FreeRangeRow[]> {
  if (input.providerIds.length === 0) return [];
  const needed = `${input.needed} minutes`;
  const locationFilter = input.locationIds
    ? sql`and f.location_id = any(${sql.param(input.locationIds)}::uuid[])`
    : sql``;
  return rowsOf<FreeRangeRow>(
    await orm.execute(sql`
      select p.provider_id, f.location_id, f.starts_at, f.ends_at
      from unnest(${sql.param(input.providerIds)}::uuid[]) as p (provider_id)
      cross join lateral (
        select location_id, starts_at, ends_at from provider_free_time f
        where f.provider_id = p.provider_id
          -- a free range lies within one local day, so none that ends after 'from' starts
          -- more than 25 hours before it: the index walk starts there
          and f.starts_at >= ${input.from}::timestamptz - interval '25 hours'
          and f.starts_at < ${input.until}
          and f.ends_at - greatest(f.starts_at, ${input.from}::timestamptz) >= ${needed}::interval
          ${locationFilter}
        order by f.starts_at
        limit ${input.perProvider}
      ) f`),
  );
}

export interface FreeTimeRequest {
  organizationId: string;
  /** The organisation's locations, when the caller has read them already. */
  zones?: Map<string, { timeZone: string }>;
  providerIds: string[];
  type: AppointmentTypeRow;
  from: Date;
  until: Date;
  perProvider: number;
  locationIds?: string[];
}

/** The earliest free start times of each provider for a kind of visit, soonest first per provider. */
export async function freeTimesFor(orm: Orm, request: FreeTimeRequest): Promise<Map<string, FreeTime[]>> {
  const zones = request.zones ?? (await locationZones(orm, request.organizationId));
  const found = new Map<string, FreeTime[]>();
  let pending = request.providerIds;
  // A range can hold several starts, or (rarely, when the step does not line up) none; ask for
  // as many ranges as times first, and again for the few providers that came up short.
  for (let ranges = request.perProvider; pending.length > 0; ranges *= 4) {
    const rows = await firstFreeRanges(orm, {
      providerIds: pending,
      from: request.from,
      until: request.until,
      needed: neededMinutes(request.type),
      perProvider: ranges,
      ...(request.locationIds ? { locationIds: request.locationIds } : {}),
    });
    const rangesOf = new Map<string, FreeRangeRow[]>();
    for (const row of rows) rangesOf.set(row.provider_id, [...(rangesOf.get(row.provider_id) ?? []), row]);
    const short: string[] = [];
    for (const providerId of pending) {
      const times: FreeTime[] = [];
      const mine = rangesOf.get(providerId) ?? [];
      for (const range of mine) {
        const zone = zones.get(range.location_id)?.timeZone ?? 'UTC';
        for (const start of freeStarts(
          { start: new Date(range.starts_at).getTime(), end: new Date(range.ends_at).getTime() },
          request.type,
          zone,
          request.from.getTime(),
          request.until.getTime() - 1,
          request.perProvider - times.length,
        ))
          times.push({
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + request.type.durationMinutes * minute).toISOString(),
            providerId,
            locationId: range.location_id,
            appointmentTypeId: request.type.id,
          });
        if (times.length >= request.perProvider) break;
      }
      found.set(providerId, times);
      if (times.length < request.perProvider && mine.length === ranges) short.push(providerId);
    }
    pending = short;
  }
  return found;
}

/** When a kind of visit can be booked: after its notice, up to its horizon. */
export function bookingWindow(type: AppointmentTypeRow, now: Date, withinDays?: number) {
  const from = new Date(now.getTime() + type.minNoticeMinutes * minute);
  const horizon = now.getTime() + type.bookingHorizonDays * 24 * 60 * minute;
  const asked = withinDays === undefined ? horizon : now.getTime() + withinDays * 24 * 60 * minute;
  return { from, until: new Date(Math.min(horizon, asked)) };
}

/** Great-circle distance in kilometres. */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

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
  const origin =
    query.latitude !== undefined && query.longitude !== undefined
      ? { latitude: query.latitude, longitude: query.longitude }
      : undefined;
  const distances = new Map<string, number>();
  if (origin)
    for (const location of zones.values())
      if (location.latitude !== null && location.longitude !== null)
        distances.set(
          location.id,
          distanceKm(origin, { latitude: location.latitude, longitude: location.longitude }),
        );
  const allowedLocations = [...zones.keys()].filter(
    (id) =>
      (!query.locationId || id === query.locationId) &&
      (query.withinKm === undefined || (distances.get(id) ?? Number.POSITIVE_INFINITY) <= query.withinKm),
  );

  const conditions = [eq(providers.organizationId, organizationId)];
  if (query.specialty) conditions.push(sql`lower(${providers.specialty}) = lower(${query.specialty})`);
  if (query.insurance)
    conditions.push(sql`${payerKey(query.insurance)} = any(${providers.acceptedInsurance})`);
  if (query.language) conditions.push(sql`${query.language} = any(${providers.languages})`);
  if (query.newPatient) conditions.push(eq(providers.acceptingNewPatients, true));
  if (query.telehealth) conditions.push(eq(providers.offersTelehealth, true));
  conditions.push(sql`exists (
    select 1 from provider_locations pl
    where pl.provider_id = ${providers.id} and pl.active
      and pl.location_id = any(${sql.param(allowedLocations)}::uuid[]))`);
  const candidates = await orm
    .select()
    .from(providers)
    .where(and(...conditions));
  if (candidates.length === 0) return emptyResult(now, query, asked);

  const { locationsOf, typesOf } = await providerLinks(
    orm,
    candidates.map((row) => row.id),
  );
  const offeredTypes = await orm
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.organizationId, organizationId), eq(appointmentTypes.active, true)));
  const typeById = new Map(offeredTypes.map((row) => [row.id, row]));
  const fits = (type: AppointmentTypeRow) =>
    (!options.onlineOnly || type.bookableOnline) &&
    (query.telehealth === undefined || (type.mode === 'telehealth') === query.telehealth) &&
    (!query.newPatient || type.patientStatus !== 'established');

  // Each provider's kind of visit: the one asked for, or their shortest one that fits.
  const byType = new Map<string, { type: AppointmentTypeRow; providers: ProviderRow[] }>();
  for (const provider of candidates) {
    const theirs = (typesOf.get(provider.id) ?? []).flatMap((id) => {
      const type = typeById.get(id);
      return type ? [type] : [];
    });
    const type = asked
      ? theirs.find((candidate) => candidate.id === asked.id)
      : theirs
          .filter(fits)
          .sort((a, b) => a.durationMinutes - b.durationMinutes || a.name.localeCompare(b.name))[0];
    if (!type) continue;
    const group = byType.get(type.id) ?? { type, providers: [] };
    group.providers.push(provider);
    byType.set(type.id, group);
  }

  const hits: ProviderSearchHit[] = [];
  let windowFrom = now;
  let windowUntil = now;
  for (const { type, providers: group } of byType.values()) {
    const window = bookingWindow(type, now, query.withinDays);
    windowFrom = window.from;
    windowUntil = window.until;
    const times = await freeTimesFor(orm, {
      organizationId,
      zones,
      providerIds: group.map((provider) => provider.id),
      type,
      from: window.from,
      until: window.until,
      perProvider: query.timesPerProvider,
      locationIds: allowedLocations,
    });
    for (const provider of group) {
      const nextFreeTimes = times.get(provider.id) ?? [];
      if (nextFreeTimes.length === 0) continue;
      const places = locationsOf.get(provider.id) ?? [];
      const nearest = places
        .map((id) => distances.get(id))
        .filter((value): value is number => value !== undefined);
      hits.push({
        provider: providerSummary(provider, {
          locationIds: places,
          appointmentTypeIds: (typesOf.get(provider.id) ?? []).filter((id) => {
            const offered = typeById.get(id);
            return offered !== undefined && (!options.onlineOnly || offered.bookableOnline);
          }),
        }),
        appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
        distanceKm: origin && nearest.length > 0 ? Math.round(Math.min(...nearest) * 10) / 10 : null,
        nextFreeTimes,
      });
    }
  }
  hits.sort(
    (a, b) =>
      a.nextFreeTimes[0]!.startsAt.localeCompare(b.nextFreeTimes[0]!.startsAt) ||
      a.provider.displayName.localeCompare(b.provider.displayName),
  );
  return {
    items: hits.slice(0, query.limit),
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
  // The provider, whether they offer the visit, and the zones, in one statement: the calendar
  // is read at every step of booking.
  const [provider] = rowsOf<{
    id: string;
    organization_zone: string;
    location_zone: string | null;
    offers: boolean;
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
        } as location_zone
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
  const firstDay = input.from ?? DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
  const dayStart = DateTime.fromISO(firstDay, { zone: timeZone });
  const window = bookingWindow(type, now);
  const from = new Date(Math.max(dayStart.toMillis(), window.from.getTime()));
  const until = new Date(Math.min(dayStart.plus({ days: input.days }).toMillis(), window.until.getTime()));
  const rows =
    from < until
      ? rowsOf<FreeRangeRow & { time_zone: string }>(
          await orm.execute(sql`
            select f.location_id, l.time_zone, f.starts_at, f.ends_at
            from provider_free_time f join locations l on l.id = f.location_id
            where f.provider_id = ${provider.id}
              and f.starts_at >= ${from}::timestamptz - interval '25 hours' and f.starts_at < ${until}
              and f.ends_at > ${from}
              ${input.locationId ? sql`and f.location_id = ${input.locationId}` : sql``}
            order by f.starts_at`),
        )
      : [];
  const days = new Map<string, FreeTime[]>();
  for (let day = 0; day < input.days; day++) days.set(dayStart.plus({ days: day }).toISODate()!, []);
  for (const row of rows) {
    const rangeStart = new Date(row.starts_at).getTime();
    // A free range lies within one local day of its location: in the calendar's own zone all
    // its times share that day's date (else each time is placed on its own).
    const sameZone = row.time_zone === timeZone;
    const rangeDate = sameZone ? DateTime.fromMillis(rangeStart, { zone: timeZone }).toISODate()! : undefined;
    for (const start of freeStarts(
      { start: rangeStart, end: new Date(row.ends_at).getTime() },
      type,
      row.time_zone,
      from.getTime(),
      until.getTime() - 1,
      Number.POSITIVE_INFINITY,
    )) {
      const date = rangeDate ?? DateTime.fromMillis(start, { zone: timeZone }).toISODate()!;
      days.get(date)?.push({
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + type.durationMinutes * minute).toISOString(),
        providerId: provider.id,
        locationId: row.location_id,
        appointmentTypeId: type.id,
      });
    }
  }
  return {
    providerId: provider.id,
    appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
    timeZone,
    days: [...days].map(([date, times]) => ({
      date,
      times: times.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    })),
  };
}
