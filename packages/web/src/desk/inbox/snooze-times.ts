/**
 * When a snoozed conversation comes back. Presets are wall-clock times in the agent's own time
 * zone (where their working day is): the Date constructor with local calendar fields lands on
 * 9:00 local even across a daylight-saving change, unlike adding 24 hours.
 */
export const morningHour = 9;

export interface SnoozePresets {
  inOneHour: Date;
  tomorrowMorning: Date;
  nextWeekMorning: Date;
}

export function snoozePresets(now: Date): SnoozePresets {
  const day = (offset: number) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, morningHour, 0, 0, 0);
  // Next Monday: 1 to 7 days ahead (a Monday snoozes to the Monday after).
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  return {
    inOneHour: new Date(now.getTime() + 60 * 60_000),
    tomorrowMorning: day(1),
    nextWeekMorning: day(daysToMonday),
  };
}

/** A `datetime-local` field's value ("2025-03-10T09:30") as an instant, when it is a valid future time. */
export function customSnoozeTime(value: string, now: Date): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const chosen = new Date(value);
  return Number.isNaN(chosen.getTime()) || chosen <= now ? undefined : chosen;
}

/** The value a `datetime-local` field shows for an instant, in local time. */
export function localDateTimeValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
