import { sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import type { AppointmentChange } from '../appointment-followers.ts';
import type { SchedulingDependencies } from '../booking.ts';

/**
 * A patient whose visit a provider's time off cancelled, and who books the same kind of visit
 * again (in the portal, with the desk, from the waitlist), has rebooked: the cancelled visit
 * points at the new one, so the time off's list shows who still needs a call.
 */
export async function noteRebooking(
  orm: Orm,
  _deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  if (change.kind !== 'booked') return;
  const booked = change.appointment;
  await orm.execute(sql`
    update appointments set rebooked_as_id = ${booked.id}, updated_at = ${change.now}
    where id = (
      select id from appointments
      where patient_id = ${booked.patientId} and appointment_type_id = ${booked.appointmentTypeId}
        and status = 'cancelled' and cancellation_reason = 'provider-unavailable'
        and disrupted_by_id is not null and rebooked_as_id is null and id <> ${booked.id}
      order by starts_at
      limit 1
    )`);
}
