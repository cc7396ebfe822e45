import type { FreeTime } from '@patientdesk/contracts';
import { eq, sql } from 'drizzle-orm';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { locations } from '../organizations/schema.ts';
import type { AppointmentTypeRow } from './directory.ts';
import { freeStarts } from './free-starts.ts';

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

export interface FreeRangeRow {
  provider_id: string;
  location_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
}

/** Where each location is and in which zone. */
export async function locationZones(orm: Orm, organizationId: string) {
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

/**
 * The first free ranges of each provider that can hold the visit, from `from` on, in the order
 * of `providerIds` and then of time. They come as one JSON value: the embedded database hands
 * rows to JavaScript one value at a time, which cost more than finding them.
 */
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
  const [found] = rowsOf<{ ranges: [string, string, string, string][] | null }>(
    await orm.execute(sql`
      select json_agg(json_build_array(p.provider_id, f.location_id, f.starts_at, f.ends_at)
        order by p.turn, f.starts_at) as ranges
      from unnest(${sql.param(input.providerIds)}::uuid[]) with ordinality as p (provider_id, turn)
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
  return (found?.ranges ?? []).map(([provider_id, location_id, starts_at, ends_at]) => ({
    provider_id,
    location_id,
    starts_at,
    ends_at,
  }));
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

/** The first `ranges` free ranges of each provider that can hold the visit, by provider, soonest first. */
export async function freeRangesOf(
  orm: Orm,
  request: Omit<FreeTimeRequest, 'organizationId' | 'zones'>,
  ranges = request.perProvider,
): Promise<Map<string, FreeRangeRow[]>> {
  const rows = await firstFreeRanges(orm, {
    providerIds: request.providerIds,
    from: request.from,
    until: request.until,
    needed: neededMinutes(request.type),
    perProvider: ranges,
    ...(request.locationIds ? { locationIds: request.locationIds } : {}),
  });
  const rangesOf = new Map<string, FreeRangeRow[]>();
  for (const row of rows) {
    const mine = rangesOf.get(row.provider_id);
    if (mine) mine.push(row);
    else rangesOf.set(row.provider_id, [row]);
  }
  return rangesOf;
}

/**
 * The free start times in a provider's first free ranges, at most `perProvider`; `short` when
 * there are fewer and the ranges read were as many as asked, so later ones may hold more.
 */
export function freeTimesIn(
  providerId: string,
  mine: FreeRangeRow[],
  request: Pick<FreeTimeRequest, 'type' | 'from' | 'until' | 'perProvider'> & {
    zones: Map<string, { timeZone: string }>;
  },
  rangesAsked = request.perProvider,
): { times: FreeTime[]; short: boolean } {
  const times: FreeTime[] = [];
  for (const range of mine) {
    const zone = request.zones.get(range.location_id)?.timeZone ?? 'UTC';
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
  return { times, short: times.length < request.perProvider && mine.length === rangesAsked };
}

/** The earliest free start times of each provider for a kind of visit, soonest first per provider. */
export async function freeTimesFor(orm: Orm, request: FreeTimeRequest): Promise<Map<string, FreeTime[]>> {
  const zones = request.zones ?? (await locationZones(orm, request.organizationId));
  const found = new Map<string, FreeTime[]>();
  let pending = request.providerIds;
  // A range can hold several starts, or (rarely, when the step does not line up) none; ask for
  // as many ranges as times first, and again for the few providers that came up short.
  for (let ranges = request.perProvider; pending.length > 0; ranges *= 4) {
    const rangesOf = await freeRangesOf(orm, { ...request, providerIds: pending }, ranges);
    const short: string[] = [];
    for (const providerId of pending) {
      const mine = freeTimesIn(providerId, rangesOf.get(providerId) ?? [], { ...request, zones }, ranges);
      found.set(providerId, mine.times);
      if (mine.short) short.push(providerId);
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
