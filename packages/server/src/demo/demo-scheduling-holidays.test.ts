import { describe, expect, it } from 'vitest';
import { demoClosedDates, usFederalHolidays } from './demo-scheduling-holidays.ts';

describe('the federal holidays a demo clinic closes on', () => {
  it('are the eleven holidays of a year, the Monday ones counted by RRULE', () => {
    expect(usFederalHolidays('2026-01-01', '2026-12-31')).toEqual([
      { date: '2026-01-01', name: 'New Year’s Day' },
      { date: '2026-01-19', name: 'Birthday of Martin Luther King, Jr.' },
      { date: '2026-02-16', name: 'Washington’s Birthday' },
      { date: '2026-05-25', name: 'Memorial Day' },
      { date: '2026-06-19', name: 'Juneteenth National Independence Day' },
      { date: '2026-07-03', name: 'Independence Day' },
      { date: '2026-09-07', name: 'Labor Day' },
      { date: '2026-10-12', name: 'Columbus Day' },
      { date: '2026-11-11', name: 'Veterans Day' },
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
  });

  it('move a Saturday holiday to the Friday before and a Sunday one to the Monday after, across the new year', () => {
    const dates = usFederalHolidays('2027-06-01', '2027-12-31').map((holiday) => holiday.date);
    // Juneteenth and Christmas 2027 fall on a Saturday, Independence Day on a Sunday, and
    // New Year's Day 2028 on a Saturday, observed on the last day of 2027.
    expect(dates).toEqual([
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-31',
    ]);
  });

  it('are those after today and within the coming year', () => {
    expect(demoClosedDates('2026-07-03')).toEqual([
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
    ]);
  });
});
