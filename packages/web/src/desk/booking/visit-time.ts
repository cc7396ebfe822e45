/**
 * Visit times as the desk shows them: always in the zone of the location where the visit is (an
 * agent in another office must read the hour the patient will arrive), in the interface's
 * language, with the zone named where the hour alone could be misread.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    formats.set(key, format);
  }
  return format;
}

/** "Tue, Mar 10, 10:00 AM EDT" */
export function visitDateTime(instant: string, timeZone: string, language: string): string {
  return formatter(language, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** "Tuesday, March 10, 2026 at 10:00 AM EDT": the words a patient reads in a reply. */
export function visitDateTimeInFull(instant: string, timeZone: string, language: string): string {
  return formatter(language, {
    timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(instant));
}

/** "10:00 AM" */
export function visitTime(instant: string, timeZone: string, language: string): string {
  return formatter(language, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
}

/** The zone's short name at that instant ("EDT"), for a heading above bare times. */
export function zoneName(instant: string, timeZone: string, language: string): string {
  const parts = formatter(language, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(instant));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * "Tue, Mar 10" for a day of the calendar (`2026-03-10`, already a day in the location's zone):
 * read as that date wherever the browser is.
 */
export function calendarDay(localDate: string, language: string): string {
  return formatter(language, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(
    new Date(`${localDate}T12:00:00Z`),
  );
}

/** The calendar day `days` after `localDate` (`2026-03-10` + 7 = `2026-03-17`), by the calendar. */
export function addCalendarDays(localDate: string, days: number): string {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The language's name in the interface's language ("es" -> "Spanish"). */
export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
