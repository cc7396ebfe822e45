import { describe, expect, it } from 'vitest';
import { barWidths, calendarDate, percent } from './insights-format.ts';

describe('insights formatting', () => {
  it('writes a share as a whole percentage in each language', () => {
    expect(percent(0.4, 'en')).toBe('40%');
    expect(percent(0.666, 'en')).toBe('67%');
    expect(percent(0.4, 'es').replace(/\s/g, ' ')).toBe('40 %');
  });

  it('keeps the Monday of a week on its own day, whatever the browser’s time zone', () => {
    expect(calendarDate('2026-11-30', 'en')).toBe('November 30, 2026');
    expect(calendarDate('2026-11-30', 'es')).toBe('30 de noviembre de 2026');
  });

  it('draws the largest count full width and the others in proportion', () => {
    expect(barWidths([12, 6, 3])).toEqual([100, 50, 25]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
    expect(barWidths([])).toEqual([]);
  });
});
