import { describe, expect, it } from 'vitest';
import { choiceOf, defaultRepeat, recurrenceOf, weekdaysOf } from './recurrence.ts';

describe('working-hours days as people choose them', () => {
  it('writes each simple choice as the RRULE the server reads', () => {
    expect(recurrenceOf({ ...defaultRepeat, kind: 'weekly', weekdays: ['WE', 'MO'] })).toBe(
      'FREQ=WEEKLY;BYDAY=MO,WE',
    );
    expect(recurrenceOf({ ...defaultRepeat, kind: 'every-other-week', weekdays: ['FR'] })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
    );
    expect(recurrenceOf({ ...defaultRepeat, kind: 'monthly', ordinal: 1, monthlyWeekday: 'SA' })).toBe(
      'FREQ=MONTHLY;BYDAY=1SA',
    );
    expect(recurrenceOf({ ...defaultRepeat, kind: 'monthly', ordinal: -1, monthlyWeekday: 'FR' })).toBe(
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
  });

  it('reads an RRULE back as the choice that made it, and anything else as custom', () => {
    expect(choiceOf('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toMatchObject({
      kind: 'weekly',
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
    });
    expect(choiceOf('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR')).toMatchObject({
      kind: 'every-other-week',
      weekdays: ['FR'],
    });
    expect(choiceOf('FREQ=MONTHLY;BYDAY=1SA')).toMatchObject({
      kind: 'monthly',
      ordinal: 1,
      monthlyWeekday: 'SA',
    });
    expect(choiceOf('FREQ=WEEKLY;INTERVAL=3;BYDAY=MO')).toMatchObject({ kind: 'custom' });
    expect(choiceOf('FREQ=MONTHLY;BYMONTHDAY=15')).toMatchObject({
      kind: 'custom',
      custom: 'FREQ=MONTHLY;BYMONTHDAY=15',
    });
  });

  it('names the weekdays a rule can fall on', () => {
    expect(weekdaysOf('FREQ=MONTHLY;BYDAY=1SA')).toEqual(['SA']);
    expect(weekdaysOf('FREQ=WEEKLY;BYDAY=FR,MO')).toEqual(['MO', 'FR']);
    expect(weekdaysOf('FREQ=DAILY')).toHaveLength(7);
    expect(weekdaysOf('FREQ=MONTHLY;BYMONTHDAY=15')).toEqual([]);
  });
});
