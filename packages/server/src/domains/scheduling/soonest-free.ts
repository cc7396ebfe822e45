import type { FreeTime } from '@patientdesk/contracts';
import type { Orm } from '../../db/connection.ts';
import type { AppointmentTypeRow } from './directory.ts';
import { type FreeRangeRow, freeRangesOf, freeTimesFor, freeTimesIn } from './next-free-times.ts';

/**
 * The page of a provider search: of all the providers it found, those free soonest. Each
 * provider's first free ranges are read in one statement, as for any list of providers; the
 * times in them (rounded to the step, in the location's zone) are then worked out in order of
 * where their first range starts, and only until no provider further down can come before the
 * last one on the page. A search so costs about the same in the application whether 20 or
 * 2,000 providers match.
 */

export interface SearchCandidate {
  providerId: string;
  /** The kind of visit they are shown for, and when it can be booked. */
  type: AppointmentTypeRow;
  from: Date;
  until: Date;
}

export interface PageRequest {
  organizationId: string;
  zones: Map<string, { timeZone: string }>;
  perProvider: number;
  locationIds: string[];
  limit: number;
  /** The name shown for each provider: the order among those free at the same time. */
  names: Map<string, string>;
}

interface Ranked {
  candidate: SearchCandidate;
  ranges: FreeRangeRow[];
  /** No visit starts earlier: the first range's start and the buffer before, or the window's start. */
  soonest: number;
  times?: FreeTime[];
  /** Later ranges than those read may hold more times. */
  short?: boolean;
}

/** The `count`th smallest of the first start times seen so far. */
class SmallestStarts {
  private readonly starts: number[] = [];
  constructor(private readonly count: number) {}
  add(start: number) {
    let index = this.starts.length;
    while (index > 0 && this.starts[index - 1]! > start) index--;
    if (index < this.count) this.starts.splice(index, 0, start);
    if (this.starts.length > this.count) this.starts.pop();
  }
  last(): number | undefined {
    return this.starts.length === this.count ? this.starts[this.count - 1] : undefined;
  }
}

/** The items grouped by the kind of visit of `candidateOf` each, in order of first appearance. */
function byKindOfVisit<T>(items: T[], candidateOf: (item: T) => SearchCandidate): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(candidateOf(item).type.id);
    if (group) group.push(item);
    else groups.set(candidateOf(item).type.id, [item]);
  }
  return [...groups.values()];
}

/** The candidates in order of when their first free range lets a visit start. */
async function rankByFirstRange(orm: Orm, candidates: SearchCandidate[], request: PageRequest) {
  const ranked: Ranked[] = [];
  for (const group of byKindOfVisit(candidates, (candidate) => candidate)) {
    const { type, from, until } = group[0]!;
    const rangesOf = await freeRangesOf(orm, {
      providerIds: group.map((candidate) => candidate.providerId),
      type,
      from,
      until,
      perProvider: request.perProvider,
      locationIds: request.locationIds,
    });
    for (const candidate of group) {
      const ranges = rangesOf.get(candidate.providerId);
      if (!ranges) continue;
      const rangeStart = new Date(ranges[0]!.starts_at).getTime();
      const soonest = Math.max(rangeStart + type.bufferBeforeMinutes * 60_000, from.getTime());
      ranked.push({ candidate, ranges, soonest });
    }
  }
  return ranked.sort((a, b) => a.soonest - b.soonest);
}

/** Reads the times of those whose first ranges held too few, in full. */
async function readInFull(orm: Orm, entries: Ranked[], request: PageRequest) {
  for (const group of byKindOfVisit(entries, (entry) => entry.candidate)) {
    const { type, from, until } = group[0]!.candidate;
    const found = await freeTimesFor(orm, {
      organizationId: request.organizationId,
      zones: request.zones,
      providerIds: group.map((entry) => entry.candidate.providerId),
      type,
      from,
      until,
      perProvider: request.perProvider,
      locationIds: request.locationIds,
    });
    for (const entry of group) {
      entry.times = found.get(entry.candidate.providerId) ?? [];
      entry.short = false;
    }
  }
}

/**
 * The first `limit` candidates with free time, soonest first, then by name, then in the order
 * given, each with their next free times.
 */
export async function soonestPage(
  orm: Orm,
  candidates: SearchCandidate[],
  request: PageRequest,
): Promise<{ candidate: SearchCandidate; times: FreeTime[] }[]> {
  const ranked = await rankByFirstRange(orm, candidates, request);
  const smallest = new SmallestStarts(request.limit);
  const walked: Ranked[] = [];
  for (const entry of ranked) {
    const pageLast = smallest.last();
    // No one from here on can start before `entry.soonest`, after the page's last time.
    if (pageLast !== undefined && pageLast < entry.soonest) break;
    const { type, from, until } = entry.candidate;
    const found = freeTimesIn(entry.candidate.providerId, entry.ranges, { ...request, type, from, until });
    entry.times = found.times;
    entry.short = found.short;
    if (found.times[0]) smallest.add(Date.parse(found.times[0].startsAt));
    walked.push(entry);
  }
  // First ranges too short once rounded to the step: the first time is further on.
  await readInFull(
    orm,
    walked.filter((entry) => entry.times!.length === 0 && entry.short),
    request,
  );
  const turnOf = new Map(candidates.map((candidate, turn) => [candidate.providerId, turn]));
  const nameOf = (entry: Ranked) => request.names.get(entry.candidate.providerId)!;
  const page = walked
    .filter((entry) => entry.times!.length > 0)
    .sort(
      (a, b) =>
        a.times![0]!.startsAt.localeCompare(b.times![0]!.startsAt) ||
        nameOf(a).localeCompare(nameOf(b)) ||
        turnOf.get(a.candidate.providerId)! - turnOf.get(b.candidate.providerId)!,
    )
    .slice(0, request.limit);
  await readInFull(
    orm,
    page.filter((entry) => entry.short),
    request,
  );
  return page.map((entry) => ({ candidate: entry.candidate, times: entry.times! }));
}
