import { describe, expect, it } from 'vitest';
import { customSnoozeTime, localDateTimeValue, snoozePresets } from './snooze-times.ts';

describe('snooze presets', () => {
  // A Wednesday afternoon, local time (the assertions read local fields, so any zone works).
  const wednesday = new Date(2025, 2, 12, 16, 20);

  it('offers an hour from now, tomorrow at 9:00 and next Monday at 9:00', () => {
    const presets = snoozePresets(wednesday);
    expect(presets.inOneHour.getTime() - wednesday.getTime()).toBe(3_600_000);
    expect(localDateTimeValue(presets.tomorrowMorning)).toBe('2025-03-13T09:00');
    expect(localDateTimeValue(presets.nextWeekMorning)).toBe('2025-03-17T09:00');
  });

  it('moves a Monday to the Monday after, and the end of a month into the next', () => {
    expect(localDateTimeValue(snoozePresets(new Date(2025, 2, 17, 8, 0)).nextWeekMorning)).toBe(
      '2025-03-24T09:00',
    );
    expect(localDateTimeValue(snoozePresets(new Date(2025, 0, 31, 18, 0)).tomorrowMorning)).toBe(
      '2025-02-01T09:00',
    );
  });

  it('accepts a custom time only when it is complete and in the future', () => {
    expect(customSnoozeTime('2025-03-14T10:30', wednesday)).toEqual(new Date(2025, 2, 14, 10, 30));
    expect(customSnoozeTime('2025-03-01T10:30', wednesday)).toBeUndefined();
    expect(customSnoozeTime('2025-03-14', wednesday)).toBeUndefined();
    expect(customSnoozeTime('', wednesday)).toBeUndefined();
  });
});
