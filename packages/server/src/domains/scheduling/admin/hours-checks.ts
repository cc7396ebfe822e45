import type { ScheduleRuleInput } from '@patientdesk/contracts';
import { and, eq, gt, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { Conflict, Invalid } from '../../../errors.ts';
import { locations } from '../../organizations/schema.ts';
import { providerLocations, scheduleExceptions, scheduleRules } from '../schema.ts';
import {
  parseRecurrence,
  ruleDays,
  type ScheduleChange,
  type WorkingLocation,
  type WorkingRule,
  workingBlocks,
} from '../working-hours.ts';

/**
 * The checks a change of working hours passes before it is saved: the location is one where
 * the provider works, the days can be read and name at least one day, and the provider is not
 * asked to be at two locations at once.
 */

export type PlaceRow = WorkingLocation & { name: string };

/** The provider's active location `locationId`, or 400 naming the field. */
export async function providerPlace(orm: Orm, providerId: string, locationId: string): Promise<PlaceRow> {
  const [place] = await orm
    .select({
      id: locations.id,
      name: locations.name,
      timeZone: locations.timeZone,
      closedDates: locations.closedDates,
    })
    .from(providerLocations)
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(
      and(
        eq(providerLocations.providerId, providerId),
        eq(providerLocations.locationId, locationId),
        eq(providerLocations.active, true),
      ),
    );
  if (!place)
    throw new Invalid(
      'The provider does not work at that location. Link the location in their profile first.',
      [{ field: 'body.locationId', message: 'must be one of the provider’s locations' }],
    );
  return place;
}

const plusDays = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
export const todayAt = (zone: string, now: Date) => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** The rule as stored: the days in upper case without an `RRULE:` prefix, times as `HH:MM`. */
export function normalisedRule(input: ScheduleRuleInput): WorkingRule {
  parseRecurrence(input.recurrence, 'body.recurrence');
  return {
    locationId: input.locationId,
    recurrence: input.recurrence
      .trim()
      .replace(/^RRULE:/i, '')
      .toUpperCase(),
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    startTime: input.startTime,
    endTime: input.endTime,
  };
}

/** A rule that names no day in its first two years (or before it ends) is a mistake. */
export function checkRuleHasDays(rule: WorkingRule) {
  const lastDay = rule.endsOn ?? plusDays(rule.startsOn, 730);
  if (ruleDays(rule, rule.startsOn, lastDay).length === 0)
    throw new Invalid(
      `The recurrence "${rule.recurrence}" gives no working day ${rule.endsOn ? `from ${rule.startsOn} to ${rule.endsOn}` : `in the two years from ${rule.startsOn}`}. Check the days and the dates.`,
      [{ field: 'body.recurrence', message: 'gives no day in the dates chosen' }],
    );
}

/**
 * A provider cannot work at two locations at once: the candidate hours (a rule or extra hours at
 * one location) must not overlap their hours elsewhere, from today through the horizon.
 */
export async function checkNotElsewhere(
  context: { orm: Orm; providerId: string; now: Date },
  place: PlaceRow,
  candidate: { rule?: WorkingRule; extra?: ScheduleChange; exceptRuleId?: string },
  horizon: string,
) {
  const { orm, providerId } = context;
  const from = todayAt(place.timeZone, context.now);
  const others = await orm
    .select({
      id: locations.id,
      name: locations.name,
      timeZone: locations.timeZone,
      closedDates: locations.closedDates,
    })
    .from(providerLocations)
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(
      and(
        eq(providerLocations.providerId, providerId),
        eq(providerLocations.active, true),
        ne(providerLocations.locationId, place.id),
      ),
    );
  if (others.length === 0 || from > horizon) return;
  const rules = await orm
    .select()
    .from(scheduleRules)
    .where(
      and(
        eq(scheduleRules.providerId, providerId),
        ne(scheduleRules.locationId, place.id),
        candidate.exceptRuleId ? ne(scheduleRules.id, candidate.exceptRuleId) : undefined,
      ),
    );
  const extras = await orm
    .select({
      kind: scheduleExceptions.kind,
      locationId: scheduleExceptions.locationId,
      startsAt: scheduleExceptions.startsAt,
      endsAt: scheduleExceptions.endsAt,
    })
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.providerId, providerId),
        eq(scheduleExceptions.kind, 'extra-hours'),
        gt(scheduleExceptions.endsAt, context.now),
      ),
    );
  const window = { from, to: horizon };
  const elsewhere = workingBlocks({ rules, changes: extras, locations: others, ...window });
  if (elsewhere.length === 0) return;
  const mine = workingBlocks({
    rules: candidate.rule ? [candidate.rule] : [],
    changes: candidate.extra ? [candidate.extra] : [],
    locations: [place],
    ...window,
  });
  for (const block of mine) {
    const clash = elsewhere.find((other) => other.start < block.end && block.start < other.end);
    if (!clash) continue;
    const where = others.find((other) => other.id === clash.locationId)!;
    const local = (instant: number) =>
      DateTime.fromMillis(instant, { zone: where.timeZone }).toFormat('HH:mm');
    throw new Conflict(
      `On ${block.localDate} these hours overlap the provider's hours at ${where.name} (${local(clash.start)}–${local(clash.end)}). A provider cannot work at two locations at once: change the times or the other hours first.`,
      [{ field: 'body.startTime', message: `overlaps the hours at ${where.name} on ${block.localDate}` }],
    );
  }
}
