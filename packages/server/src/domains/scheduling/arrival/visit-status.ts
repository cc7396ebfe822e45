import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { Conflict } from '../../../errors.ts';
import { afterAppointmentChange } from '../appointment-followers.ts';
import { type AppointmentRow, appointmentFields, type SchedulingDependencies } from '../booking.ts';
import { refreshFreeTime } from '../free-time.ts';
import { appointments } from '../schema.ts';

/**
 * The visit day's changes to an appointment: checked in (`arrived`), seen (`fulfilled`) or missed
 * (`noshow`). Each is one update that only matches the statuses it may follow, then the
 * followers, in the caller's transaction. Seen and missed visits stop taking the provider's
 * time, so what is left of it today is free again.
 */

const minute = 60_000;

/**
 * The field bound into encrypted check-in notes. What a patient says changed (a new address, a
 * new insurer) is personal information, so it is kept encrypted like the visit's reason; the
 * migration that encrypted the notes stored before uses the same name, which must not change.
 */
export const checkInNotesField = 'appointments.check_in_notes';

const statusWords: Record<AppointmentRow['status'], string> = {
  held: 'only held, not booked',
  booked: 'booked',
  arrived: 'already checked in',
  fulfilled: 'already marked as seen',
  cancelled: 'cancelled',
  noshow: 'marked as missed',
};

function refuse(appointment: AppointmentRow, wanted: string): never {
  throw new Conflict(
    `This appointment is ${statusWords[appointment.status]}, so it cannot be ${wanted}. Reload the list to see where it stands.`,
  );
}

async function freeWhatIsLeft(orm: Orm, appointment: AppointmentRow, now: Date) {
  await refreshFreeTime(
    orm,
    appointment.providerId,
    new Date(appointment.startsAt.getTime() - appointment.bufferBeforeMinutes * minute),
    new Date(appointment.endsAt.getTime() + appointment.bufferAfterMinutes * minute),
    now,
  );
}

/**
 * Checks a booked appointment in: at the kiosk (with what the patient said changed, encrypted)
 * or at the desk.
 */
export async function markArrived(
  orm: Orm,
  deps: SchedulingDependencies,
  appointment: AppointmentRow,
  input: { notes: string | null; now: Date },
): Promise<AppointmentRow> {
  if (appointment.status !== 'booked') refuse(appointment, 'checked in');
  const [arrived] = await orm
    .update(appointments)
    .set({
      status: 'arrived',
      checkedInAt: input.now,
      checkInNotesEncrypted: input.notes ? deps.cipher.encrypt(checkInNotesField, input.notes) : null,
      updatedAt: input.now,
    })
    .where(eq(appointments.id, appointment.id))
    .returning();
  await afterAppointmentChange(orm, deps, {
    kind: 'arrived',
    appointment: arrived!,
    previous: appointment,
    now: input.now,
  });
  return arrived!;
}

/** Marks a visit seen, with the follow-up instructions (encrypted) when there are any. */
export async function markFulfilled(
  orm: Orm,
  deps: SchedulingDependencies,
  appointment: AppointmentRow,
  input: { followUp: string | null; now: Date },
): Promise<AppointmentRow> {
  if (appointment.status !== 'booked' && appointment.status !== 'arrived')
    refuse(appointment, 'marked as seen');
  // Seeing a patient who has checked in early is normal; a visit nobody checked in for that is
  // still ahead has not happened, and marking it seen would give its time to someone else.
  if (appointment.status === 'booked' && appointment.startsAt.getTime() > input.now.getTime())
    throw new Conflict(
      'This visit has not started and the patient has not checked in. Check the patient in first, or mark it seen once its time has come.',
    );
  const [fulfilled] = await orm
    .update(appointments)
    .set({
      status: 'fulfilled',
      fulfilledAt: input.now,
      followUpEncrypted: input.followUp
        ? deps.cipher.encrypt(appointmentFields.followUp, input.followUp)
        : null,
      updatedAt: input.now,
    })
    .where(eq(appointments.id, appointment.id))
    .returning();
  await freeWhatIsLeft(orm, appointment, input.now);
  await afterAppointmentChange(orm, deps, {
    kind: 'fulfilled',
    appointment: fulfilled!,
    previous: appointment,
    now: input.now,
  });
  return fulfilled!;
}

/** Marks a booked visit as missed; only once it has started (nobody misses a visit still ahead). */
export async function markNoShow(
  orm: Orm,
  deps: SchedulingDependencies,
  appointment: AppointmentRow,
  input: { now: Date },
): Promise<AppointmentRow> {
  if (appointment.status !== 'booked') refuse(appointment, 'marked as missed');
  if (appointment.startsAt.getTime() > input.now.getTime())
    throw new Conflict(
      'This visit has not started yet, so it cannot be missed. Mark it once its time has come.',
    );
  const [missed] = await orm
    .update(appointments)
    .set({ status: 'noshow', noshowAt: input.now, updatedAt: input.now })
    .where(eq(appointments.id, appointment.id))
    .returning();
  await freeWhatIsLeft(orm, appointment, input.now);
  await afterAppointmentChange(orm, deps, {
    kind: 'noshow',
    appointment: missed!,
    previous: appointment,
    now: input.now,
  });
  return missed!;
}
