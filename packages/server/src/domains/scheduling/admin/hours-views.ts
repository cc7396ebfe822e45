import type { ExtraHours, ScheduleRule, TimeOff } from '@patientdesk/contracts';
import { DateTime } from 'luxon';
import type { scheduleExceptions, scheduleRules } from '../schema.ts';

/** Working-hour rules, extra hours and time off as the API shows them. */

type RuleRow = typeof scheduleRules.$inferSelect;
type ExceptionRow = typeof scheduleExceptions.$inferSelect;

/** `HH:MM` of a stored `HH:MM:SS`. */
export const hoursAndMinutes = (time: string) => time.slice(0, 5);

export function ruleView(row: RuleRow): ScheduleRule {
  return {
    id: row.id,
    locationId: row.locationId,
    recurrence: row.recurrence,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    startTime: hoursAndMinutes(row.startTime),
    endTime: hoursAndMinutes(row.endTime),
  };
}

/** Extra hours with their day and times in the location's zone (an end at midnight reads 24:00). */
export function extraHoursView(row: ExceptionRow, timeZone: string): ExtraHours {
  const start = DateTime.fromJSDate(row.startsAt, { zone: timeZone });
  const end = DateTime.fromJSDate(row.endsAt, { zone: timeZone });
  const endsAtMidnight = end.toISODate() !== start.toISODate() && end.toFormat('HH:mm') === '00:00';
  return {
    id: row.id,
    locationId: row.locationId!,
    date: start.toISODate()!,
    startTime: start.toFormat('HH:mm'),
    endTime: endsAtMidnight ? '24:00' : end.toFormat('HH:mm'),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    reason: row.reason,
  };
}

export function timeOffView(row: ExceptionRow): TimeOff {
  return {
    id: row.id,
    locationId: row.locationId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    reason: row.reason,
  };
}
