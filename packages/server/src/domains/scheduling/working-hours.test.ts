import { describe, expect, it } from 'vitest';
import { freeStarts } from './free-starts.ts';
import { parseRecurrence, ruleDays, workingBlocks } from './working-hours.ts';

const newYork = { id: 'loc-ny', timeZone: 'America/New_York', closedDates: [] as string[] };
const weekdays = (startTime: string, endTime: string) => ({
  locationId: 'loc-ny',
  recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  startsOn: '2026-01-01',
  endsOn: null,
  startTime,
  endTime,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('working hours', () => {
  it('places 09:00-17:00 in the location zone on each weekday, across the spring-forward change', () => {
    // Daylight saving starts in New York on Sunday 2026-03-08.
    const blocks = workingBlocks({
      rules: [weekdays('09:00', '17:00')],
      changes: [],
      locations: [newYork],
      from: '2026-03-06',
      to: '2026-03-09',
    });
    expect(blocks.map((block) => [block.localDate, iso(block.start), iso(block.end)])).toEqual([
      ['2026-03-06', '2026-03-06T14:00:00.000Z', '2026-03-06T22:00:00.000Z'],
      ['2026-03-09', '2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z'],
    ]);
  });

  it('keeps 09:00 at 09:00 across the fall-back change, and a Sunday rule covers the 25-hour day', () => {
    // Daylight saving ends in New York on Sunday 2026-11-01 (01:00-02:00 happens twice).
    const sunday = { ...weekdays('00:00', '24:00'), recurrence: 'FREQ=WEEKLY;BYDAY=SU' };
    const blocks = workingBlocks({
      rules: [weekdays('09:00', '17:00'), sunday],
      changes: [],
      locations: [newYork],
      from: '2026-10-30',
      to: '2026-11-02',
    });
    expect(blocks.map((block) => [block.localDate, iso(block.start), iso(block.end)])).toEqual([
      ['2026-10-30', '2026-10-30T13:00:00.000Z', '2026-10-30T21:00:00.000Z'],
      ['2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
      ['2026-11-02', '2026-11-02T14:00:00.000Z', '2026-11-02T22:00:00.000Z'],
    ]);
    expect((blocks[1]!.end - blocks[1]!.start) / 3_600_000).toBe(25);
  });

  it('gives several blocks a day, skips closed days, and takes time off away while extra hours add', () => {
    const blocks = workingBlocks({
      rules: [weekdays('09:00', '12:00'), weekdays('13:00', '17:00')],
      changes: [
        // Away Tuesday 10:00-11:00 (EST is UTC-5 in January).
        {
          kind: 'unavailable',
          locationId: null,
          startsAt: new Date('2026-01-13T15:00:00Z'),
          endsAt: new Date('2026-01-13T16:00:00Z'),
        },
        // Saturday 09:00-11:00 extra.
        {
          kind: 'extra-hours',
          locationId: 'loc-ny',
          startsAt: new Date('2026-01-17T14:00:00Z'),
          endsAt: new Date('2026-01-17T16:00:00Z'),
        },
      ],
      locations: [{ ...newYork, closedDates: ['2026-01-12'] }],
      from: '2026-01-12',
      to: '2026-01-17',
    });
    const tuesday = blocks
      .filter((block) => block.localDate === '2026-01-13')
      .map((block) => [iso(block.start), iso(block.end)]);
    expect(tuesday).toEqual([
      ['2026-01-13T14:00:00.000Z', '2026-01-13T15:00:00.000Z'],
      ['2026-01-13T16:00:00.000Z', '2026-01-13T17:00:00.000Z'],
      ['2026-01-13T18:00:00.000Z', '2026-01-13T22:00:00.000Z'],
    ]);
    expect(blocks.some((block) => block.localDate === '2026-01-12')).toBe(false);
    expect(
      blocks.filter((block) => block.localDate === '2026-01-17').map((block) => iso(block.start)),
    ).toEqual(['2026-01-17T14:00:00.000Z']);
  });

  it('reads monthly and every-other-week rules, within their start and end dates', () => {
    const firstSaturday = { ...weekdays('09:00', '12:00'), recurrence: 'FREQ=MONTHLY;BYDAY=1SA' };
    expect(ruleDays(firstSaturday, '2026-01-01', '2026-03-31')).toEqual([
      '2026-01-03',
      '2026-02-07',
      '2026-03-07',
    ]);
    const everyOtherFriday = {
      ...weekdays('09:00', '12:00'),
      recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
      startsOn: '2026-01-02',
      endsOn: '2026-02-13',
    };
    expect(ruleDays(everyOtherFriday, '2026-01-01', '2026-12-31')).toEqual([
      '2026-01-02',
      '2026-01-16',
      '2026-01-30',
      '2026-02-13',
    ]);
  });

  it('refuses recurrences that carry times or dates of their own, or cannot be read', () => {
    expect(() => parseRecurrence('FREQ=WEEKLY;BYHOUR=9')).toThrow(/BYHOUR/);
    expect(() => parseRecurrence('FREQ=WEEKLY;UNTIL=20260101T000000Z')).toThrow(/UNTIL/);
    expect(() => parseRecurrence('FREQ=HOURLY')).toThrow(/daily, weekly, monthly or yearly/);
    expect(() => parseRecurrence('FREQ=WEEKLY;BYDAY=XX')).toThrow(/cannot be read/);
  });
});

describe('free start times', () => {
  const followUp = {
    durationMinutes: 15,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotStepMinutes: 15,
  };
  const zone = 'America/New_York';

  it('falls on round local times after whatever was booked before, and fits buffers inside the range', () => {
    // Free from 09:20 to 10:00 local (14:20-15:00 UTC in January).
    const range = { start: Date.parse('2026-01-13T14:20:00Z'), end: Date.parse('2026-01-13T15:00:00Z') };
    expect(freeStarts(range, followUp, zone, 0, Number.MAX_SAFE_INTEGER, 10).map(iso)).toEqual([
      '2026-01-13T14:30:00.000Z',
      '2026-01-13T14:45:00.000Z',
    ]);
    const withBuffer = { ...followUp, bufferAfterMinutes: 10 };
    expect(freeStarts(range, withBuffer, zone, 0, Number.MAX_SAFE_INTEGER, 10).map(iso)).toEqual([
      '2026-01-13T14:30:00.000Z',
    ]);
  });

  it('keeps the local grid in a zone whose offset is not whole hours', () => {
    const range = { start: Date.parse('2026-01-13T03:35:00Z'), end: Date.parse('2026-01-13T04:30:00Z') }; // 09:05-10:00 in Kolkata
    const halfHourly = { ...followUp, durationMinutes: 30, slotStepMinutes: 30 };
    expect(freeStarts(range, halfHourly, 'Asia/Kolkata', 0, Number.MAX_SAFE_INTEGER, 5).map(iso)).toEqual([
      '2026-01-13T04:00:00.000Z', // 09:30 local
    ]);
  });

  it('never offers a time before the earliest allowed, and stops at the limit', () => {
    const range = { start: Date.parse('2026-01-13T14:00:00Z'), end: Date.parse('2026-01-13T22:00:00Z') };
    const starts = freeStarts(
      range,
      followUp,
      zone,
      Date.parse('2026-01-13T15:07:00Z'),
      Number.MAX_SAFE_INTEGER,
      3,
    );
    expect(starts.map(iso)).toEqual([
      '2026-01-13T15:15:00.000Z',
      '2026-01-13T15:30:00.000Z',
      '2026-01-13T15:45:00.000Z',
    ]);
  });
});
