import { DateTime, Info, type Zone } from 'luxon';

/**
 * The start times a kind of appointment can take within one free range. The visit and its
 * buffers must fit inside the range; starts fall on the type's step counted from the local
 * midnight (every 15 minutes: 09:00, 09:15...), so the times a patient sees are round ones
 * whatever was booked before them.
 */

export interface SlotShape {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotStepMinutes: number;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * A zone's offset from UTC by the hour, kept across calls. Asking a zone for its offset goes
 * through Intl and was most of what a calendar of free times cost; offsets change a few times
 * a year. An hour in which the offset changes is kept as null and asked each time.
 */
const offsetsByZone = new Map<string, Map<number, number | null>>();
let hoursKept = 0;
const mostHoursKept = 200_000;

function offsetMinutes(zoneName: string, zone: Zone, at: number): number {
  const hours = offsetsByZone.get(zoneName) ?? new Map<number, number | null>();
  if (hours.size === 0) offsetsByZone.set(zoneName, hours);
  const index = Math.floor(at / hour);
  let offset = hours.get(index);
  if (offset === undefined) {
    const start = zone.offset(index * hour);
    offset = start === zone.offset(index * hour + hour - 1) ? start : null;
    if (hoursKept >= mostHoursKept) {
      for (const kept of offsetsByZone.values()) kept.clear();
      hoursKept = 0;
    }
    hours.set(index, offset);
    hoursKept++;
  }
  return offset ?? zone.offset(at);
}

/** The date (YYYY-MM-DD) on the wall clock of `zone` at an instant. */
export function localDate(at: number, zoneName: string): string {
  const zone = Info.normalizeZone(zoneName);
  if (!zone.isValid) return DateTime.fromMillis(at, { zone: zoneName }).toISODate()!;
  return new Date(at + offsetMinutes(zoneName, zone, at) * minute).toISOString().slice(0, 10);
}

/**
 * The first time at or after `first` on the step counted from the local midnight of its day
 * (the next midnight when none is left that day). Read as luxon reads the wall clock: the
 * clock at `first` with its offset, and back to an instant with that same offset when the zone
 * has it there too; luxon itself works out the rare other case, a daylight-saving change.
 */
function firstStepOnClock(first: number, step: number, zoneName: string): number {
  const zone = Info.normalizeZone(zoneName);
  if (zone.isValid) {
    const offset = offsetMinutes(zoneName, zone, first);
    const wall = first + offset * minute;
    const midnight = Math.floor(wall / day) * day;
    const aligned = Math.ceil(Math.ceil((wall - midnight) / minute) / step) * step;
    const sameOffsetAt = (wallTime: number) =>
      offsetMinutes(zoneName, zone, wallTime - offset * minute) === offset;
    if (aligned < 24 * 60 && sameOffsetAt(midnight + aligned * minute))
      return midnight + aligned * minute - offset * minute;
    if (aligned >= 24 * 60 && sameOffsetAt(midnight) && sameOffsetAt(midnight + day))
      return midnight + day - offset * minute;
  }
  const local = DateTime.fromMillis(first, { zone: zoneName });
  // Aligned on the wall clock (minutes since local midnight), so a daylight-saving day keeps 09:00.
  const clockMinutes = local.hour * 60 + local.minute + (local.second > 0 || local.millisecond > 0 ? 1 : 0);
  const aligned = Math.ceil(clockMinutes / step) * step;
  return aligned >= 24 * 60
    ? local.startOf('day').plus({ days: 1 }).toMillis()
    : local
        .set({ hour: Math.floor(aligned / 60), minute: aligned % 60, second: 0, millisecond: 0 })
        .toMillis();
}

/** At most `limit` visit starts in the free range [start, end) of a location in `zone`, none before `earliest`. */
export function freeStarts(
  range: { start: number; end: number },
  shape: SlotShape,
  zone: string,
  earliest: number,
  latestStart: number,
  limit: number,
): number[] {
  const first = Math.max(range.start + shape.bufferBeforeMinutes * minute, earliest);
  const lastStart = Math.min(
    range.end - (shape.durationMinutes + shape.bufferAfterMinutes) * minute,
    latestStart,
  );
  if (first > lastStart || limit <= 0) return [];
  const step = shape.slotStepMinutes;
  let start = firstStepOnClock(first, step, zone);
  // In the hour a daylight-saving change repeats or skips, never go back before `first`.
  while (start < first) start += step * minute;
  const starts: number[] = [];
  for (; start <= lastStart && starts.length < limit; start += step * minute) starts.push(start);
  return starts;
}
