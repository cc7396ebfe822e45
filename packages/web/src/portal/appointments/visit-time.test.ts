import { describe, expect, it } from 'vitest';
import { calendarDateAfter, formatCalendarDate, formatClockTime, formatVisitTime } from './visit-time.ts';

describe('visit times', () => {
  it('are shown in the location’s zone with the zone named, whatever zone the browser is in', () => {
    expect(formatVisitTime('en', '2026-01-14T15:30:00Z', 'America/New_York')).toBe(
      'Wed, Jan 14, 10:30 AM (Eastern Time)',
    );
    expect(formatVisitTime('en', '2026-01-14T15:30:00Z', 'America/Los_Angeles')).toBe(
      'Wed, Jan 14, 7:30 AM (Pacific Time)',
    );
  });

  it('keep the local hour across the daylight-saving change', () => {
    // 09:00 in New York the Monday before and the Monday after clocks go forward on 8 March 2026.
    expect(formatClockTime('en', '2026-03-02T14:00:00Z', 'America/New_York')).toBe('9:00 AM');
    expect(formatClockTime('en', '2026-03-09T13:00:00Z', 'America/New_York')).toBe('9:00 AM');
  });

  it('read in Spanish for Spanish speakers', () => {
    expect(formatVisitTime('es', '2026-01-14T15:30:00Z', 'America/New_York')).toBe(
      'mié, 14 ene, 10:30 (hora oriental)',
    );
  });

  it('name a calendar day as that day, not the day before in zones west of UTC', () => {
    expect(formatCalendarDate('en', '2026-01-14')).toBe('Wed, Jan 14');
  });

  it('count calendar days across month ends and the daylight-saving change', () => {
    expect(calendarDateAfter('2026-01-28', 7)).toBe('2026-02-04');
    expect(calendarDateAfter('2026-03-07', 1)).toBe('2026-03-08');
    expect(calendarDateAfter('2026-03-08', 1)).toBe('2026-03-09');
    expect(calendarDateAfter('2026-12-31', 1)).toBe('2027-01-01');
  });
});
