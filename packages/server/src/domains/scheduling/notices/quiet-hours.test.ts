import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { outsideQuietHours, quietHoursEndingAfter } from './quiet-hours.ts';
import { reminderTimes } from './reminder-plan.ts';

const newYork = 'America/New_York';
const clinicNights = { start: '21:00:00', end: '08:00:00' };
const at = (local: string, zone = newYork) => DateTime.fromISO(local, { zone }).toJSDate();
const inUtc = (instant: Date) => instant.toISOString();

describe('quiet hours', () => {
  it('leaves a time outside quiet hours alone, and moves one inside to the minute before they began', () => {
    expect(outsideQuietHours(at('2025-06-10T14:00'), newYork, clinicNights)).toEqual(at('2025-06-10T14:00'));
    expect(outsideQuietHours(at('2025-06-10T08:00'), newYork, clinicNights)).toEqual(at('2025-06-10T08:00'));
    // After midnight the quiet hours began the evening before.
    expect(outsideQuietHours(at('2025-06-10T06:30'), newYork, clinicNights)).toEqual(at('2025-06-09T20:59'));
    // Before midnight, the same evening.
    expect(outsideQuietHours(at('2025-06-10T22:15'), newYork, clinicNights)).toEqual(at('2025-06-10T20:59'));
    expect(outsideQuietHours(at('2025-06-10T21:00'), newYork, clinicNights)).toEqual(at('2025-06-10T20:59'));
  });

  it('reads the hours in the location’s own zone', () => {
    // 06:30 in Los Angeles is 09:30 in New York: quiet there, not here.
    const instant = at('2025-06-10T06:30', 'America/Los_Angeles');
    expect(outsideQuietHours(instant, newYork, clinicNights)).toEqual(instant);
    expect(outsideQuietHours(instant, 'America/Los_Angeles', clinicNights)).toEqual(
      at('2025-06-09T20:59', 'America/Los_Angeles'),
    );
  });

  it('handles quiet hours within one day, and none at all', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(outsideQuietHours(at('2025-06-10T12:30'), newYork, lunch)).toEqual(at('2025-06-10T11:59'));
    expect(outsideQuietHours(at('2025-06-10T13:00'), newYork, lunch)).toEqual(at('2025-06-10T13:00'));
    expect(outsideQuietHours(at('2025-06-10T03:00'), newYork, { start: '00:00', end: '00:00' })).toEqual(
      at('2025-06-10T03:00'),
    );
  });

  it('moves across the night the clocks spring forward, by the local clock', () => {
    // Sunday 9 March 2025: 02:00 EST became 03:00 EDT. A 2-hour reminder for 09:00 EDT falls at
    // 07:00 EDT, in quiet hours; it goes at 20:59 EST on Saturday, which is 01:59 UTC (an hour
    // later in UTC than 20:59 on Sunday's offset would be).
    const visit = at('2025-03-09T09:00');
    expect(inUtc(visit)).toBe('2025-03-09T13:00:00.000Z');
    const [twoHours] = reminderTimes({
      startsAt: visit,
      offsetsMinutes: [120],
      zone: newYork,
      quiet: clinicNights,
      now: at('2025-03-01T12:00'),
    });
    expect(twoHours).toMatchObject({ offsetMinutes: 120, status: 'pending' });
    expect(inUtc(twoHours!.sendAt)).toBe('2025-03-09T01:59:00.000Z');
    expect(quietHoursEndingAfter(at('2025-03-09T03:30'), newYork, clinicNights)).toEqual(
      at('2025-03-09T08:00'),
    );
    expect(inUtc(quietHoursEndingAfter(at('2025-03-09T03:30'), newYork, clinicNights)!)).toBe(
      '2025-03-09T12:00:00.000Z',
    );
  });

  it('moves across the night the clocks fall back, by the local clock', () => {
    // Sunday 2 November 2025: 02:00 EDT became 01:00 EST. 07:00 EST is quiet; the reminder goes
    // at 20:59 EDT on Saturday, 00:59 UTC.
    const [twoHours] = reminderTimes({
      startsAt: at('2025-11-02T09:00'),
      offsetsMinutes: [120],
      zone: newYork,
      quiet: clinicNights,
      now: at('2025-10-20T12:00'),
    });
    expect(inUtc(twoHours!.sendAt)).toBe('2025-11-02T00:59:00.000Z');
    expect(inUtc(quietHoursEndingAfter(at('2025-11-01T23:00'), newYork, clinicNights)!)).toBe(
      '2025-11-02T13:00:00.000Z',
    );
  });
});

describe('reminder times', () => {
  const offsets = [10080, 2880, 120];

  it('plans one reminder per offset, each at its exact time outside quiet hours', () => {
    const visit = at('2025-06-20T10:30');
    const planned = reminderTimes({
      startsAt: visit,
      offsetsMinutes: offsets,
      zone: newYork,
      quiet: clinicNights,
      now: at('2025-06-01T12:00'),
    });
    expect(planned.map((reminder) => [reminder.offsetMinutes, reminder.status, reminder.sendAt])).toEqual([
      [10080, 'pending', at('2025-06-13T10:30')],
      [2880, 'pending', at('2025-06-18T10:30')],
      [120, 'pending', at('2025-06-20T08:30')],
    ]);
  });

  it('gives a visit booked for tomorrow only the 2-hour reminder, the others skipped as past', () => {
    const planned = reminderTimes({
      startsAt: at('2025-06-20T14:00'),
      offsetsMinutes: offsets,
      zone: newYork,
      quiet: clinicNights,
      now: at('2025-06-19T11:00'),
    });
    expect(planned.filter((reminder) => reminder.status === 'pending').map((r) => r.offsetMinutes)).toEqual([
      120,
    ]);
    expect(planned.find((reminder) => reminder.offsetMinutes === 2880)).toMatchObject({
      status: 'skipped',
      skipReason: 'its time had already passed when the visit was booked',
    });
  });

  it('skips, with the reason, a reminder whose last time before quiet hours has already passed', () => {
    // Booked at 22:00 for 09:00 the next morning: 07:00 is quiet, and 20:59 has gone.
    const [twoHours] = reminderTimes({
      startsAt: at('2025-06-20T09:00'),
      offsetsMinutes: [120],
      zone: newYork,
      quiet: clinicNights,
      now: at('2025-06-19T22:00'),
    });
    expect(twoHours).toMatchObject({ status: 'skipped' });
    expect(twoHours!.skipReason).toContain('quiet hours (21:00-08:00)');
  });
});
