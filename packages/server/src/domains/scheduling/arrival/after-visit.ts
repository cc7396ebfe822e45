import type { Orm } from '../../../db/connection.ts';
import type { AppointmentChange } from '../appointment-followers.ts';
import type { AppointmentRow, SchedulingDependencies } from '../booking.ts';

/**
 * The hook point for what follows a visit that took place: when staff mark an appointment seen
 * (status `fulfilled`), every follower in `afterVisitFollowers` runs, in the same transaction,
 * once per visit. The survey for that kind of interaction (the feedback issue) plugs in here:
 * one import and one entry in the list below. Nothing is sent from here today.
 *
 * A follower must not send health details over SMS or plain email: the follow-up instructions
 * stay in the portal (see follow-up-notice.ts).
 */

export interface FinishedVisit {
  /** The appointment as it is now: status `fulfilled`, `fulfilledAt` set. */
  appointment: AppointmentRow;
  now: Date;
}

export type AfterVisitFollower = (
  orm: Orm,
  deps: SchedulingDependencies,
  visit: FinishedVisit,
) => Promise<void>;

/** Runs after each visit marked seen; the after-visit survey is added here. */
export const afterVisitFollowers: AfterVisitFollower[] = [];

/** The appointment follower that hands visits marked seen to `afterVisitFollowers`. */
export async function followFinishedVisits(
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  if (change.kind !== 'fulfilled') return;
  for (const follow of afterVisitFollowers)
    await follow(orm, deps, { appointment: change.appointment, now: change.now });
}
