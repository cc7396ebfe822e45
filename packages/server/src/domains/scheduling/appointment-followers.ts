import type { Orm } from '../../db/connection.ts';
import { followFinishedVisits } from './arrival/after-visit.ts';
import type { AppointmentRow, SchedulingDependencies } from './booking.ts';
import { noteBookingInConversation } from './conversation-bookings.ts';
import { noteRebooking } from './disruptions/rebooked-follower.ts';
import type { AppointmentNoticeOutcome } from './notices/confirmations.ts';
import { followWithNotices } from './notices/followers.ts';
import { offerTimeFreedByChange } from './waitlist/follower.ts';

/**
 * What follows a change to an appointment, in the change's own transaction: the patient's
 * confirmation, the reminders, the waitlist offers for freed time. This is the one place those
 * hook in, so no path that books, moves or cancels (portal, desk, FHIR, SMS reply, waitlist,
 * provider unavailable) can forget one.
 */

export type AppointmentChange =
  | { kind: 'booked'; appointment: AppointmentRow; now: Date }
  | { kind: 'rescheduled'; appointment: AppointmentRow; previous: AppointmentRow; now: Date }
  | {
      kind: 'cancelled';
      appointment: AppointmentRow;
      previous: AppointmentRow;
      now: Date;
      /** The patient was answered already (an SMS reply X): no separate cancellation notice. */
      patientTold?: boolean;
    }
  // The visit day: checked in (kiosk or desk), seen (`fulfilled`), or missed (`noshow`).
  | {
      kind: 'arrived' | 'fulfilled' | 'noshow';
      appointment: AppointmentRow;
      previous: AppointmentRow;
      now: Date;
    };

/** What a follower tells the one who made the change: where the patient's notice went. */
export interface FollowerReport {
  notice?: AppointmentNoticeOutcome;
}

type Follower = (
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
  // biome-ignore lint/suspicious/noConfusingVoidType: most followers report nothing and return Promise<void>.
) => Promise<FollowerReport | void>;

const followers: Follower[] = [
  noteBookingInConversation,
  followWithNotices,
  followFinishedVisits,
  offerTimeFreedByChange,
  noteRebooking,
];

/**
 * The followers' reports, by the appointment row they were given. Every booking step (booking.ts)
 * hands the followers the very row it returns, so the request that made the change can ask what
 * followed it without every step's signature carrying the report; held weakly, a report goes
 * with its row.
 */
const reports = new WeakMap<AppointmentRow, FollowerReport>();

export async function afterAppointmentChange(
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  const report: FollowerReport = {};
  for (const follow of followers) Object.assign(report, await follow(orm, deps, change));
  reports.set(change.appointment, report);
}

/** What the followers of the change that returned `appointment` reported (empty when none ran). */
export function reportOfChange(appointment: AppointmentRow): FollowerReport {
  return reports.get(appointment) ?? {};
}
