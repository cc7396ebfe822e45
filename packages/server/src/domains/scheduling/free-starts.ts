import { DateTime } from 'luxon';

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
  const local = DateTime.fromMillis(first, { zone });
  const step = shape.slotStepMinutes;
  // Aligned on the wall clock (minutes since local midnight), so a daylight-saving day keeps 09:00.
  const clockMinutes = local.hour * 60 + local.minute + (local.second > 0 || local.millisecond > 0 ? 1 : 0);
  const aligned = Math.ceil(clockMinutes / step) * step;
  let start =
    aligned >= 24 * 60
      ? local.startOf('day').plus({ days: 1 }).toMillis()
      : local
          .set({ hour: Math.floor(aligned / 60), minute: aligned % 60, second: 0, millisecond: 0 })
          .toMillis();
  // In the hour a daylight-saving change repeats or skips, never go back before `first`.
  while (start < first) start += step * minute;
  const starts: number[] = [];
  for (; start <= lastStart && starts.length < limit; start += step * minute) starts.push(start);
  return starts;
}
