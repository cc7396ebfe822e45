/** How the insights pages write numbers and weeks, in the interface's language. */

/** A share from 0 to 1 as a whole percentage ("43 %" in Spanish, "43%" in English). */
export function percent(share: number, language: string | undefined): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * A calendar date from the API (`2026-11-30`, the Monday a week starts) as people write it. The
 * date is a day in the clinic's calendar, not an instant: it is read and written in UTC so no
 * browser time zone can move it to the day before.
 */
export function calendarDate(isoDate: string, language: string | undefined): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** Each count's length as a share of the largest, for bars drawn side by side. */
export function barWidths(counts: readonly number[]): number[] {
  const largest = Math.max(0, ...counts);
  return counts.map((count) => (largest === 0 ? 0 : Math.round((count / largest) * 100)));
}
