import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessHours,
  businessMinutesBetween,
  isOpen,
  validateBusinessHours,
} from './business-hours.ts';

const weekdays = { start: '08:00', end: '17:00' };
// A clinic in Boston: weekdays 8 to 5, closed on Christmas.
const clinic: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: { 1: [weekdays], 2: [weekdays], 3: [weekdays], 4: [weekdays], 5: [weekdays] },
  closedDates: ['2026-12-25'],
};
const allDay = [{ start: '00:00', end: '24:00' }];
// A nurse line that never closes.
const nurseLine: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
};
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('SLA due times in business hours', () => {
  it('adds time within the day, and carries what is left to the next opening', () => {
    // Monday 10:00 EST + 1 h.
    expect(iso(addBusinessMinutes(clinic, at('2026-02-02T15:00:00Z'), 60))).toBe('2026-02-02T16:00:00.000Z');
    // Monday 16:30 + 1 h: 30 min today, 30 min from Tuesday 8:00.
    expect(iso(addBusinessMinutes(clinic, at('2026-02-02T21:30:00Z'), 60))).toBe('2026-02-03T13:30:00.000Z');
    // A message on Saturday waits for Monday 8:00.
    expect(iso(addBusinessMinutes(clinic, at('2026-02-07T15:00:00Z'), 30))).toBe('2026-02-09T13:30:00.000Z');
  });

  it('skips the days the clinic is closed', () => {
    // Thursday 24 December 16:00 + 2 h: 1 h that day; Christmas and the weekend closed; 1 h on Monday 28th.
    expect(iso(addBusinessMinutes(clinic, at('2026-12-24T21:00:00Z'), 120))).toBe('2026-12-28T14:00:00.000Z');
  });

  it('opens at 8:00 local time on both sides of the change to daylight saving time', () => {
    // Friday 6 March 16:30 EST + 1 h -> Monday 9 March 8:30 EDT, which is 12:30 UTC, not 13:30.
    expect(iso(addBusinessMinutes(clinic, at('2026-03-06T21:30:00Z'), 60))).toBe('2026-03-09T12:30:00.000Z');
    // And back in autumn: Friday 30 October 16:30 EDT + 1 h -> Monday 2 November 8:30 EST = 13:30 UTC.
    expect(iso(addBusinessMinutes(clinic, at('2026-10-30T20:30:00Z'), 60))).toBe('2026-11-02T13:30:00.000Z');
  });

  it('opens at the wall-clock hour on the very day the clocks change', () => {
    const sundayMornings: BusinessHours = {
      timeZone: 'America/New_York',
      weekly: { 7: [{ start: '08:00', end: '12:00' }] },
    };
    // Sunday 1 November: the day has 25 hours, and 8:00 EST is 13:00 UTC.
    expect(isOpen(sundayMornings, at('2026-11-01T12:30:00Z'))).toBe(false);
    expect(isOpen(sundayMornings, at('2026-11-01T13:00:00Z'))).toBe(true);
    // Sunday 8 March: 23 hours, and 8:00 EDT is 12:00 UTC.
    expect(isOpen(sundayMornings, at('2026-03-08T11:59:00Z'))).toBe(false);
    expect(isOpen(sundayMornings, at('2026-03-08T12:00:00Z'))).toBe(true);
  });

  it('counts real minutes through the hour that is skipped and the hour that repeats', () => {
    // 8 March, 1:30 EST + 60 min = 3:30 EDT (2:00-3:00 never happens) = 07:30 UTC.
    expect(iso(addBusinessMinutes(nurseLine, at('2026-03-08T06:30:00Z'), 60))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 1 November, first 1:30 EDT + 60 min = second 1:30 EST = 06:30 UTC.
    expect(iso(addBusinessMinutes(nurseLine, at('2026-11-01T05:30:00Z'), 60))).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    // The spring day has 23 hours of open time, the autumn day 25.
    expect(businessMinutesBetween(nurseLine, at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'))).toBe(
      23 * 60,
    );
    expect(businessMinutesBetween(nurseLine, at('2026-11-01T04:00:00Z'), at('2026-11-02T05:00:00Z'))).toBe(
      25 * 60,
    );
  });

  it('measures waiting in business time', () => {
    // From Friday 16:00 to Monday 9:00: 1 h on Friday, 1 h on Monday.
    expect(businessMinutesBetween(clinic, at('2026-02-06T21:00:00Z'), at('2026-02-09T14:00:00Z'))).toBe(120);
    expect(businessMinutesBetween(clinic, at('2026-02-09T14:00:00Z'), at('2026-02-06T21:00:00Z'))).toBe(0);
  });

  it('knows whether the clinic is open at a moment, in its own time zone', () => {
    expect(isOpen(clinic, at('2026-02-02T13:00:00Z'))).toBe(true); // Monday 8:00 EST
    expect(isOpen(clinic, at('2026-02-02T12:59:00Z'))).toBe(false);
    expect(isOpen(clinic, at('2026-12-25T15:00:00Z'))).toBe(false); // Christmas
  });

  it('names what is wrong with a schedule', () => {
    expect(() => validateBusinessHours({ ...clinic, timeZone: 'Mars/Olympus' })).toThrow(
      '"Mars/Olympus" is not a time zone; use a name such as America/New_York.',
    );
    expect(() =>
      validateBusinessHours({ ...clinic, weekly: { 1: [{ start: '22:00', end: '06:00' }] } }),
    ).toThrow('Opening hours 22:00-06:00 on weekday 1 are not a time range within one day.');
    expect(() => validateBusinessHours({ ...clinic, weekly: {} })).toThrow(
      'The schedule has no opening hours at all.',
    );
    expect(() => addBusinessMinutes({ timeZone: 'UTC', weekly: {} }, new Date(), 5)).toThrow(
      'The schedule has no opening hours in the next year',
    );
  });
});
