import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsLeft } from './hold-countdown.ts';

describe('the hold countdown', () => {
  const deadline = '2026-01-14T15:05:00.000Z';
  const at = (instant: string) => new Date(instant).getTime();

  it('counts whole seconds down to the end of the hold', () => {
    expect(secondsLeft(deadline, at('2026-01-14T15:00:00.000Z'))).toBe(300);
    expect(secondsLeft(deadline, at('2026-01-14T15:04:59.500Z'))).toBe(1);
    expect(formatCountdown(300)).toBe('5:00');
    expect(formatCountdown(65)).toBe('1:05');
    expect(formatCountdown(9)).toBe('0:09');
  });

  it('stops at zero once the hold has run out', () => {
    expect(secondsLeft(deadline, at('2026-01-14T15:06:00.000Z'))).toBe(0);
  });
});
