import type { ExtraHours, ExtraHoursInput, ScheduleRule, ScheduleRuleInput } from '@patientdesk/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { Invalid, NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { findProvider } from '../directory.ts';
import { scheduleExceptions, scheduleRules } from '../schema.ts';
import { localInstant, type ScheduleChange } from '../working-hours.ts';
import { offerAddedTime } from './added-time.ts';
import { horizonOf, recomputeFreeTime } from './free-time-upkeep.ts';
import {
  checkNotElsewhere,
  checkRuleHasDays,
  normalisedRule,
  type PlaceRow,
  providerPlace,
  todayAt,
} from './hours-checks.ts';
import { extraHoursView, ruleView } from './hours-views.ts';

/**
 * A provider's working hours as schedulers change them: rules (days by RRULE, hours in the
 * location's zone) and extra hours on one day. Each change is checked (readable days, start
 * before end, one of the provider's locations, not at two places at once), then the provider's
 * free time is recomputed in the same transaction; added hours are offered to the waitlist.
 */

interface ChangeContext {
  orm: Orm;
  organizationId: string;
  providerId: string;
  deps: SchedulingDependencies;
  now: Date;
}

/** The instants of the local days `from`..`to` at the place, cut to what is still to come. */
function comingRange(place: PlaceRow, fromDate: string, toDate: string, now: Date) {
  const from = Math.max(localInstant(fromDate, '00:00', place.timeZone), now.getTime());
  return { from: new Date(from), to: new Date(localInstant(toDate, '24:00', place.timeZone)) };
}

const horizonFor = (context: ChangeContext) =>
  horizonOf(context.orm, { ...context, freeTimeDays: context.deps.scheduling.freeTimeDays });

/** Recomputes the free time, then offers the hours added at `place` between `from` and `to`. */
async function afterHoursAdded(context: ChangeContext, place: PlaceRow, range: { from: Date; to: Date }) {
  await recomputeFreeTime(context.orm, { ...context, freeTimeDays: context.deps.scheduling.freeTimeDays });
  if (range.from < range.to)
    await offerAddedTime(context.orm, context.deps, {
      providerId: context.providerId,
      locationId: place.id,
      from: range.from,
      to: range.to,
      now: context.now,
    });
}

async function changeContext(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  now: Date,
): Promise<ChangeContext> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  await findProvider(scope.orm, organizationId, providerId);
  return { orm: scope.orm, organizationId, providerId, deps, now };
}

/** The provider's working-hour rules, earliest hours first. */
export async function listScheduleRules(scope: ActorScope, providerId: string): Promise<ScheduleRule[]> {
  await scope.authorize('schedule.read');
  await findProvider(scope.orm, scope.actor.organizationId, providerId);
  const rows = await scope.orm
    .select()
    .from(scheduleRules)
    .where(eq(scheduleRules.providerId, providerId))
    .orderBy(asc(scheduleRules.startTime), asc(scheduleRules.createdAt));
  return rows.map(ruleView);
}

async function findRule(orm: Orm, providerId: string, ruleId: string) {
  const [rule] = await orm
    .select()
    .from(scheduleRules)
    .where(and(eq(scheduleRules.id, ruleId), eq(scheduleRules.providerId, providerId)));
  if (!rule) throw new NotFound(`This provider has no working-hours rule ${ruleId}. Open their hours again.`);
  return rule;
}

/** Adds a rule; its hours become free time (and waitlist offers) at once. */
export async function createScheduleRule(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  input: ScheduleRuleInput,
  now = new Date(),
): Promise<ScheduleRule> {
  const context = await changeContext(scope, deps, providerId, now);
  const place = await providerPlace(context.orm, providerId, input.locationId);
  const rule = normalisedRule(input);
  checkRuleHasDays(rule);
  const horizon = await horizonFor(context);
  await checkNotElsewhere(context, place, { rule }, horizon);
  const [row] = await context.orm
    .insert(scheduleRules)
    .values({ organizationId: context.organizationId, providerId, ...rule })
    .returning();
  await afterHoursAdded(
    context,
    place,
    comingRange(place, rule.startsOn, rule.endsOn && rule.endsOn < horizon ? rule.endsOn : horizon, now),
  );
  scope.record({
    action: 'schedule-rule.create',
    resourceType: 'schedule-rule',
    resourceId: row!.id,
    outcome: 'allowed',
    details: { providerId, ...rule },
  });
  return ruleView(row!);
}

/** Replaces a rule; hours it adds are offered like a new rule's. */
export async function updateScheduleRule(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  ruleId: string,
  input: ScheduleRuleInput,
  now = new Date(),
): Promise<ScheduleRule> {
  const context = await changeContext(scope, deps, providerId, now);
  const before = await findRule(context.orm, providerId, ruleId);
  const place = await providerPlace(context.orm, providerId, input.locationId);
  const rule = normalisedRule(input);
  checkRuleHasDays(rule);
  const horizon = await horizonFor(context);
  await checkNotElsewhere(context, place, { rule, exceptRuleId: ruleId }, horizon);
  const [row] = await context.orm
    .update(scheduleRules)
    .set({ ...rule, updatedAt: now })
    .where(eq(scheduleRules.id, ruleId))
    .returning();
  await afterHoursAdded(
    context,
    place,
    comingRange(place, rule.startsOn, rule.endsOn && rule.endsOn < horizon ? rule.endsOn : horizon, now),
  );
  scope.record({
    action: 'schedule-rule.update',
    resourceType: 'schedule-rule',
    resourceId: ruleId,
    outcome: 'allowed',
    details: { providerId, before: ruleView(before), after: ruleView(row!) },
  });
  return ruleView(row!);
}

/** Removes a rule; its hours leave the free time at once (booked visits stay booked). */
export async function deleteScheduleRule(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  ruleId: string,
  now = new Date(),
): Promise<void> {
  const context = await changeContext(scope, deps, providerId, now);
  const before = await findRule(context.orm, providerId, ruleId);
  await context.orm.delete(scheduleRules).where(eq(scheduleRules.id, ruleId));
  await recomputeFreeTime(context.orm, { ...context, freeTimeDays: deps.scheduling.freeTimeDays });
  scope.record({
    action: 'schedule-rule.delete',
    resourceType: 'schedule-rule',
    resourceId: ruleId,
    outcome: 'allowed',
    details: { providerId, before: ruleView(before) },
  });
}

/** Hours on one day at one location, on top of the rules. */
export async function addExtraHours(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  input: ExtraHoursInput,
  now = new Date(),
): Promise<ExtraHours> {
  const context = await changeContext(scope, deps, providerId, now);
  const place = await providerPlace(context.orm, providerId, input.locationId);
  const startsAt = new Date(localInstant(input.date, input.startTime, place.timeZone));
  const endsAt = new Date(localInstant(input.date, input.endTime, place.timeZone));
  if (input.date < todayAt(place.timeZone, now))
    throw new Invalid('Extra hours cannot be added to a day that has passed.', [
      { field: 'body.date', message: 'is in the past' },
    ]);
  if (endsAt <= now)
    throw new Invalid('These hours have already passed today. Choose later hours or another day.', [
      { field: 'body.endTime', message: 'has already passed' },
    ]);
  const extra: ScheduleChange = { kind: 'extra-hours', locationId: place.id, startsAt, endsAt };
  await checkNotElsewhere(context, place, { extra }, await horizonFor(context));
  const [row] = await context.orm
    .insert(scheduleExceptions)
    .values({
      organizationId: context.organizationId,
      providerId,
      locationId: place.id,
      kind: 'extra-hours',
      startsAt,
      endsAt,
      reason: input.reason ?? '',
      createdBy: scope.actor.kind === 'staff' ? scope.actor.staffMemberId : null,
    })
    .returning();
  await afterHoursAdded(context, place, {
    from: new Date(Math.max(startsAt.getTime(), now.getTime())),
    to: endsAt,
  });
  const view = extraHoursView(row!, place.timeZone);
  scope.record({
    action: 'schedule-extra-hours.create',
    resourceType: 'schedule-exception',
    resourceId: row!.id,
    outcome: 'allowed',
    details: {
      providerId,
      locationId: place.id,
      date: view.date,
      startTime: view.startTime,
      endTime: view.endTime,
    },
  });
  return view;
}

/** Removes extra hours; their free time goes at once. */
export async function removeExtraHours(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  extraHoursId: string,
  now = new Date(),
): Promise<void> {
  const context = await changeContext(scope, deps, providerId, now);
  const [removed] = await context.orm
    .delete(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.id, extraHoursId),
        eq(scheduleExceptions.providerId, providerId),
        eq(scheduleExceptions.kind, 'extra-hours'),
      ),
    )
    .returning();
  if (!removed)
    throw new NotFound(`This provider has no extra hours ${extraHoursId}. Open their hours again.`);
  await recomputeFreeTime(context.orm, { ...context, freeTimeDays: deps.scheduling.freeTimeDays });
  scope.record({
    action: 'schedule-extra-hours.delete',
    resourceType: 'schedule-exception',
    resourceId: extraHoursId,
    outcome: 'allowed',
    details: { providerId, startsAt: removed.startsAt.toISOString(), endsAt: removed.endsAt.toISOString() },
  });
}
