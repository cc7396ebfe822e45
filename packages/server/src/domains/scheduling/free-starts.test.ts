import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { freeStarts, localDate } from './free-starts.ts';

const minute = 60_000;

/** The wall-clock rule read with luxon at every step: what freeStarts must give, only faster. */
function startsByLuxon(start: number, end: number, step: number, zone: string): number[] {
  const local = DateTime.fromMillis(start, { zone });
  const clockMinutes = local.hour * 60 + local.minute + (local.second > 0 || local.millisecond > 0 ? 1 : 0);
  const aligned = Math.ceil(clockMinutes / step) * step;
  let at =
    aligned >= 24 * 60
      ? local.startOf('day').plus({ days: 1 }).toMillis()
      : local
          .set({ hour: Math.floor(aligned / 60), minute: aligned % 60, second: 0, millisecond: 0 })
          .toMillis();
  while (at < start) at += step * minute;
  const starts: number[] = [];
  for (; at <= end; at += step * minute) starts.push(at);
  return starts;
}

/** The days of 2026 on which the zone's offset changes. */
function changeDays(zone: string): DateTime[] {
  const days: DateTime[] = [];
  for (let day = DateTime.fromISO('2026-01-01', { zone }); day.year === 2026; day = day.plus({ days: 1 }))
    if (day.offset !== day.plus({ days: 1 }).offset) days.push(day);
  return days;
}

const shape = (step: number) => ({
  durationMinutes: 10,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotStepMinutes: step,
});

describe('free starts', () => {
  it('falls on the step of the wall clock as luxon reads it, around every daylight-saving change', () => {
    // Whole-hour, half-hour and 45-minute offsets; changes at midnight, of 30 minutes, none at all.
    const zones = [
      'America/New_York',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Beirut',
      'Pacific/Chatham',
      'UTC',
    ];
    let compared = 0;
    for (const zone of zones) {
      const days = changeDays(zone);
      if (zone !== 'UTC' && zone !== 'Asia/Kathmandu') expect(days.length, zone).toBeGreaterThan(0);
      for (const day of [DateTime.fromISO('2026-06-10', { zone }), ...days]) {
        const from = day.minus({ hours: 3 }).toMillis();
        for (let at = from; at < from + 30 * 60 * minute; at += 37 * minute + 1_000)
          for (const step of [5, 15, 45, 240]) {
            const end = at + 5 * 60 * minute;
            expect(
              freeStarts({ start: at, end }, shape(step), zone, at, end, 100),
              `${zone} ${at} ${step}`,
            ).toEqual(startsByLuxon(at, end - 10 * minute, step, zone));
            compared++;
          }
      }
    }
    expect(compared).toBeGreaterThan(3_000);
  });

  it('keeps 09:00 the first start of a 09:00 block on both sides of a change', () => {
    const starts = (date: string) => {
      const nine = DateTime.fromISO(`${date}T09:00`, { zone: 'America/New_York' }).toMillis();
      return freeStarts(
        { start: nine, end: nine + 60 * minute },
        shape(15),
        'America/New_York',
        0,
        Infinity,
        2,
      ).map((at) => DateTime.fromMillis(at, { zone: 'America/New_York' }).toFormat('HH:mm'));
    };
    expect(starts('2026-03-06')).toEqual(['09:00', '09:15']);
    expect(starts('2026-03-09')).toEqual(['09:00', '09:15']);
  });

  it('gives the local date of an instant', () => {
    const instant = Date.parse('2026-03-09T03:30:00Z');
    expect(localDate(instant, 'America/New_York')).toBe('2026-03-08');
    expect(localDate(instant, 'Asia/Kathmandu')).toBe('2026-03-09');
    expect(localDate(instant, 'UTC')).toBe('2026-03-09');
  });
});
