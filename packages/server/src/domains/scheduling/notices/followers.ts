import type { Orm } from '../../../db/connection.ts';
import type { AppointmentChange, FollowerReport } from '../appointment-followers.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { sendAppointmentNotice } from './confirmations.ts';
import { cancelPendingReminders, planReminders } from './reminder-plan.ts';

/**
 * What the patient hears after a change, in the change's transaction: booked or moved, the
 * reminders are planned (a move first cancels the old visit's) and the confirmation goes out;
 * cancelled, the pending reminders are dropped and a cancellation notice goes out, except for a
 * hold that ran out (never booked, so never announced), the old half of a reschedule (the move's
 * own notice says it), and a cancellation the patient has already been answered about (an SMS
 * reply). A visit that began or ended has no reminders left to send.
 *
 * A channel that refuses the notice (Twilio or the mail server down) does not undo the booking:
 * the change stands, the patient sees it in the portal, and the reminders try again later.
 * Where the notice went (or why it went nowhere) is reported back, for the person who made the
 * change to be told.
 */
export async function followWithNotices(
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<FollowerReport> {
  if (change.kind === 'booked') {
    await planReminders(orm, change.appointment, change.now);
    return { notice: await sendAppointmentNotice(orm, deps, 'booked', change.appointment) };
  }
  if (change.kind === 'rescheduled') {
    await cancelPendingReminders(orm, [change.previous.id]);
    await planReminders(orm, change.appointment, change.now);
    return { notice: await sendAppointmentNotice(orm, deps, 'rescheduled', change.appointment) };
  }
  await cancelPendingReminders(orm, [change.appointment.id]);
  if (change.kind !== 'cancelled') return {};
  const reason = change.appointment.cancellationReason;
  if (reason === 'hold-expired' || reason === 'rescheduled' || change.patientTold) return {};
  return { notice: await sendAppointmentNotice(orm, deps, 'cancelled', change.appointment) };
}
