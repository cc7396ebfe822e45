import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import type { AppointmentRow } from '../booking.ts';
import { appointmentReminders, appointmentTypes, type ReminderStatus } from '../schema.ts';
import { schedulingSettingsOf } from '../settings.ts';
import { outsideQuietHours, type QuietHours } from './quiet-hours.ts';

/**
 * Planning the reminders of a booked appointment: one per offset of its kind of visit (7 days,
 * 2 days, 2 hours before...), kept in appointment_reminders for the dispatch job. An offset
 * whose time has already passed is skipped (a visit booked for tomorrow gets only the 2-hour
 * one); a time in quiet hours moves back to the last minute before them, and when that too has
 * passed the reminder is skipped, with the reason written on it.
 */

const minute = 60_000;

export interface PlannedReminder {
  offsetMinutes: number;
  sendAt: Date;
  status: Extract<ReminderStatus, 'pending' | 'skipped'>;
  skipReason: string | null;
}

/** The patient's own quiet hours when they set both ends, else the organisation's. */
export async function quietHoursFor(
  orm: Orm,
  organizationId: string,
  patient: { quietHoursStart: string | null; quietHoursEnd: string | null },
): Promise<QuietHours> {
  if (patient.quietHoursStart && patient.quietHoursEnd)
    return { start: patient.quietHoursStart, end: patient.quietHoursEnd };
  const settings = await schedulingSettingsOf(orm, organizationId);
  return { start: settings.quietHoursStart, end: settings.quietHoursEnd };
}

/** When each reminder of a visit at `startsAt` goes out, or why it does not (pure: no database). */
export function reminderTimes(input: {
  startsAt: Date;
  offsetsMinutes: readonly number[];
  zone: string;
  quiet: QuietHours;
  now: Date;
}): PlannedReminder[] {
  const offsets = [...new Set(input.offsetsMinutes)].filter((offset) => offset > 0).sort((a, b) => b - a);
  return offsets.map((offsetMinutes) => {
    const due = new Date(input.startsAt.getTime() - offsetMinutes * minute);
    if (due.getTime() <= input.now.getTime())
      return {
        offsetMinutes,
        sendAt: due,
        status: 'skipped',
        skipReason: 'its time had already passed when the visit was booked',
      };
    const sendAt = outsideQuietHours(due, input.zone, input.quiet);
    if (sendAt.getTime() <= input.now.getTime())
      return {
        offsetMinutes,
        sendAt: due,
        status: 'skipped',
        skipReason: `its time falls in quiet hours (${input.quiet.start.slice(0, 5)}-${input.quiet.end.slice(0, 5)}) and the last time before them has passed`,
      };
    return { offsetMinutes, sendAt, status: 'pending', skipReason: null };
  });
}

/** Plans and stores the reminders of a newly booked (or moved) appointment. */
export async function planReminders(
  orm: Orm,
  appointment: AppointmentRow,
  now: Date,
): Promise<PlannedReminder[]> {
  const [type] = await orm
    .select({ offsets: appointmentTypes.reminderOffsetsMinutes })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.id, appointment.appointmentTypeId));
  const [location] = await orm
    .select({ timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.id, appointment.locationId));
  const [patient] = await orm
    .select({ quietHoursStart: patients.quietHoursStart, quietHoursEnd: patients.quietHoursEnd })
    .from(patients)
    .where(eq(patients.id, appointment.patientId));
  if (!type || !location || !patient || type.offsets.length === 0) return [];
  const planned = reminderTimes({
    startsAt: appointment.startsAt,
    offsetsMinutes: type.offsets,
    zone: location.timeZone,
    quiet: await quietHoursFor(orm, appointment.organizationId, patient),
    now,
  });
  if (planned.length > 0)
    await orm
      .insert(appointmentReminders)
      .values(
        planned.map((reminder) => ({
          organizationId: appointment.organizationId,
          appointmentId: appointment.id,
          offsetMinutes: reminder.offsetMinutes,
          sendAt: reminder.sendAt,
          status: reminder.status,
          skipReason: reminder.skipReason,
        })),
      )
      .onConflictDoNothing();
  return planned;
}

/** Reminders not yet sent of appointments that were cancelled, moved or have begun: they will not go. */
export async function cancelPendingReminders(orm: Orm, appointmentIds: readonly string[]): Promise<void> {
  if (appointmentIds.length === 0) return;
  await orm
    .update(appointmentReminders)
    .set({ status: 'cancelled' })
    .where(
      and(
        inArray(appointmentReminders.appointmentId, [...appointmentIds]),
        eq(appointmentReminders.status, 'pending'),
      ),
    );
}
