import { DateTime } from 'luxon';
import type { waitlistEntries } from '../schema.ts';

/**
 * Whether a free time suits a waiting patient: their kind of visit, a weekday and hours they
 * can come (on the location's clock), inside their dates, earlier than the appointment they
 * want to move, and not at a time they already have another appointment.
 */

export type WaitlistEntryRow = typeof waitlistEntries.$inferSelect;

export interface OfferableTime {
  start: number;
  end: number;
  /** The provider's time the visit takes, buffers included. */
  blockedStart: number;
  blockedEnd: number;
  appointmentTypeId: string;
}

export interface EntryContext {
  entry: WaitlistEntryRow;
  /** The appointment to move earlier: its start, and whether it is still booked. */
  current: { startsAt: number; booked: boolean } | null;
  /** The patient's other live appointments (never the one to move). */
  busy: { start: number; end: number }[];
}

/** "09:00:00" or "09:00" -> minutes since midnight. */
const clockMinutes = (clock: string) => {
  const [hours, minutes] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
};

export function timeFitsEntry(time: OfferableTime, context: EntryContext, zone: string): boolean {
  const { entry } = context;
  if (entry.appointmentTypeId !== time.appointmentTypeId) return false;
  const start = DateTime.fromMillis(time.start, { zone });
  const end = DateTime.fromMillis(time.end, { zone });
  if (!entry.weekdays.includes(start.weekday)) return false;
  if (start.hour * 60 + start.minute < clockMinutes(entry.earliestTime)) return false;
  const endMinutes = end.hasSame(start, 'day') ? end.hour * 60 + end.minute : 24 * 60;
  if (endMinutes > clockMinutes(entry.latestTime)) return false;
  const day = start.toISODate()!;
  if (entry.availableFrom && day < entry.availableFrom) return false;
  if (entry.availableUntil && day > entry.availableUntil) return false;
  if (entry.currentAppointmentId) {
    if (!context.current?.booked || time.start >= context.current.startsAt) return false;
  }
  return !context.busy.some((visit) => visit.start < time.end && visit.end > time.start);
}
