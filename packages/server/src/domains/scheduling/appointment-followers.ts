import type { Orm } from '../../db/connection.ts';
import { followFinishedVisits } from './arrival/after-visit.ts';
import type { AppointmentRow, SchedulingDependencies } from './booking.ts';
import { noteBookingInConversation } from './conversation-bookings.ts';
import { noteRebooking } from './disruptions/rebooked-follower.ts';
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

type Follower = (orm: Orm, deps: SchedulingDependencies, change: AppointmentChange) => Promise<void>;

const followers: Follower[] = [
  noteBookingInConversation,
  followWithNotices,
  followFinishedVisits,
  offerTimeFreedByChange,
  noteRebooking,
];

export async function afterAppointmentChange(
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  for (const follow of followers) await follow(orm, deps, change);
}
