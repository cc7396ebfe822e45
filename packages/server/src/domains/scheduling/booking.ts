import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { Conflict, Invalid, NotFound, TimeTaken, Unprocessable } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ChannelSender } from '../channels/outbound.ts';
import type { MessageSender } from '../outbox/service.ts';
import { findPatientToChange } from '../patients/patient-access.ts';
import { afterAppointmentChange } from './appointment-followers.ts';
import { bookingWindow, freeTimesFor } from './availability.ts';
import {
  checkBookingWindow,
  checkPatientMayBook,
  checkProviderOffers,
  newCheckInCode,
  newVideoVisitToken,
  releaseExpiredHolds,
} from './booking-rules.ts';
import { type AppointmentTypeRow, findProvider } from './directory.ts';
import { lockProviders, refreshFreeTime } from './free-time.ts';
import {
  type AppointmentStatus,
  appointments,
  appointmentTypes,
  type BookedByType,
  type CancellationReason,
} from './schema.ts';
import { timeRangeLiteral } from './time-ranges.ts';

/**
 * Booking. Every new appointment (or hold) is one insert that the database itself refuses when
 * it overlaps a live appointment of the same provider (the exclusion constraint of migration
 * 0018), so two people racing for one time can never both get it, whatever runs above. The
 * loser is told at once, with the next free times. Every change rewrites the provider's free
 * time for the days it touches and then tells the followers (confirmations, reminders,
 * waitlist offers), all in the same transaction.
 */

export interface SchedulingDependencies {
  cipher: FieldCipher;
  channels: ChannelSender;
  sender: MessageSender;
  publicUrl: string;
  scheduling: Config['scheduling'];
}

export type AppointmentRow = typeof appointments.$inferSelect;

export const appointmentFields = {
  reason: 'appointments.reason',
  intakeAnswers: 'appointments.intake_answers',
  followUp: 'appointments.follow_up',
} as const;

const minute = 60_000;

export interface NewAppointment {
  organizationId: string;
  patientId: string;
  providerId: string;
  locationId: string;
  appointmentTypeId: string;
  startsAt: Date;
  /** Hold the time for this many minutes instead of booking it. */
  holdMinutes?: number;
  bookedBy: { type: BookedByType; id: string | null };
  /** Patients book inside the type's window and rules; staff (and their tools) may do more. */
  rules: 'patient' | 'staff';
  reason?: string | null;
  intakeAnswers?: Record<string, string>;
  conversationId?: string | null;
  rescheduledFromId?: string | null;
  now?: Date;
  /** false: the caller tells the followers itself (a reschedule tells them once, as a move). */
  tellFollowers?: boolean;
}

/** The appointment type of the organisation, active or not (an old appointment keeps its type). */
export async function appointmentTypeOf(
  orm: Orm,
  organizationId: string,
  typeId: string,
): Promise<AppointmentTypeRow> {
  const [type] = await orm
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.id, typeId), eq(appointmentTypes.organizationId, organizationId)));
  if (!type)
    throw new Invalid('There is no such appointment type at this clinic.', [
      { field: 'body.appointmentTypeId', message: 'must be one of the clinic’s appointment types' },
    ]);
  return type;
}

const isExclusionViolation = (error: unknown): boolean => {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause)
    if ((cause as { code?: string }).code === '23P01') return true;
  return false;
};

/** The next free times of the same provider and kind of visit, from the time asked for on. */
export async function nextFreeTimesAfter(
  orm: Orm,
  input: {
    organizationId: string;
    providerId: string;
    type: AppointmentTypeRow;
    after: Date;
    now: Date;
    count?: number;
  },
) {
  const window = bookingWindow(input.type, input.now);
  const from = new Date(Math.max(window.from.getTime(), input.after.getTime()));
  const times = await freeTimesFor(orm, {
    organizationId: input.organizationId,
    providerIds: [input.providerId],
    type: input.type,
    from,
    until: window.until,
    perProvider: input.count ?? 3,
  });
  return times.get(input.providerId) ?? [];
}

/** Why a time cannot be booked: someone has it (409 time_taken, with other times), or nobody works then (422). */
async function refuseTime(
  orm: Orm,
  input: {
    organizationId: string;
    providerId: string;
    type: AppointmentTypeRow;
    startsAt: Date;
    blocked: string;
    now: Date;
  },
): Promise<never> {
  const [taken] = rowsOf<{ id: string }>(
    await orm.execute(sql`
      select id from appointments
      where provider_id = ${input.providerId} and blocked && ${input.blocked}::tstzrange
        and (status in ('booked', 'arrived') or (status = 'held' and hold_expires_at > ${input.now}))
      limit 1`),
  );
  const nextFreeTimes = await nextFreeTimesAfter(orm, { ...input, after: input.startsAt });
  if (taken)
    throw new TimeTaken(
      nextFreeTimes.length > 0
        ? 'That time was just taken. Here are the next free times with the same provider.'
        : 'That time was just taken, and this provider has no other free time soon. Try another provider.',
      nextFreeTimes,
    );
  throw new Unprocessable(
    'The provider is not seeing patients at that time (outside their hours, time off, or a closed day). Choose one of the free times offered.',
    [{ field: 'body.startsAt', message: 'is not a free time of this provider' }],
  );
}

/** The appointment (held or booked), or TimeTaken / Unprocessable when the time is not free. */
export async function bookAppointment(
  orm: Orm,
  deps: SchedulingDependencies,
  input: NewAppointment,
): Promise<AppointmentRow> {
  const now = input.now ?? new Date();
  const provider = await findProvider(orm, input.organizationId, input.providerId);
  await lockProviders(orm, [provider.id]);
  const type = await appointmentTypeOf(orm, input.organizationId, input.appointmentTypeId);
  if (!type.active)
    throw new Invalid(`"${type.name}" visits are no longer offered.`, [
      { field: 'body.appointmentTypeId', message: 'is no longer offered' },
    ]);
  if (input.rules === 'patient' && !type.bookableOnline)
    throw new Invalid(
      `"${type.name}" visits are booked by the clinic's staff. Call or message the clinic to book one.`,
      [{ field: 'body.appointmentTypeId', message: 'is not bookable online' }],
    );
  await checkProviderOffers(orm, provider, type, input.locationId);
  checkBookingWindow(type, input.startsAt, now, input.rules);
  const patient = await findPatientToChange(orm, input.patientId);
  if (patient.organizationId !== input.organizationId)
    throw new NotFound('There is no such patient in this clinic.');
  if (input.rules === 'patient')
    await checkPatientMayBook(orm, { patientId: patient.id, provider, type, now });

  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + type.durationMinutes * minute);
  const blockedStart = new Date(startsAt.getTime() - type.bufferBeforeMinutes * minute);
  const blockedEnd = new Date(endsAt.getTime() + type.bufferAfterMinutes * minute);
  const blocked = timeRangeLiteral(blockedStart, blockedEnd);
  const refusal = {
    organizationId: input.organizationId,
    providerId: provider.id,
    type,
    startsAt,
    blocked,
    now,
  };

  const [free] = rowsOf<{ found: number }>(
    await orm.execute(sql`
      select 1 as found from provider_free_time
      where provider_id = ${provider.id} and location_id = ${input.locationId}
        and starts_at <= ${blockedStart} and ends_at >= ${blockedEnd}
      limit 1`),
  );
  if (!free) return refuseTime(orm, refusal);

  await releaseExpiredHolds(orm, provider.id, blocked, now);
  const held = input.holdMinutes !== undefined;
  let row: AppointmentRow;
  try {
    // A savepoint: when the database refuses the overlap, the request's transaction goes on to
    // find the next free times.
    row = await orm.transaction(async (savepoint) => {
      const [inserted] = await savepoint
        .insert(appointments)
        .values({
          organizationId: input.organizationId,
          patientId: patient.id,
          providerId: provider.id,
          locationId: input.locationId,
          appointmentTypeId: type.id,
          status: held ? 'held' : 'booked',
          mode: type.mode,
          startsAt,
          endsAt,
          bufferBeforeMinutes: type.bufferBeforeMinutes,
          bufferAfterMinutes: type.bufferAfterMinutes,
          blocked,
          holdExpiresAt: held ? new Date(now.getTime() + (input.holdMinutes ?? 5) * minute) : null,
          reasonEncrypted: input.reason ? deps.cipher.encrypt(appointmentFields.reason, input.reason) : null,
          intakeAnswersEncrypted:
            input.intakeAnswers && Object.keys(input.intakeAnswers).length > 0
              ? deps.cipher.encrypt(appointmentFields.intakeAnswers, JSON.stringify(input.intakeAnswers))
              : null,
          bookedByType: input.bookedBy.type,
          bookedById: input.bookedBy.id,
          bookedAt: held ? null : now,
          conversationId: input.conversationId ?? null,
          rescheduledFromId: input.rescheduledFromId ?? null,
          ...(held ? {} : bookedExtras(type)),
        })
        .returning();
      return inserted!;
    });
  } catch (error) {
    if (isExclusionViolation(error)) return refuseTime(orm, refusal);
    throw error;
  }
  await refreshFreeTime(orm, provider.id, blockedStart, blockedEnd, now);
  if (!held && input.tellFollowers !== false)
    await afterAppointmentChange(orm, deps, { kind: 'booked', appointment: row, now });
  return row;
}

/** What a booked (not merely held) appointment gets: its kiosk code, its video link. */
function bookedExtras(type: Pick<AppointmentTypeRow, 'mode'>) {
  return {
    checkInCode: newCheckInCode(),
    videoVisitToken: type.mode === 'telehealth' ? newVideoVisitToken() : null,
  };
}

/** The appointment of the organisation, locked for a change; 404 when there is none. */
export async function findAppointmentToChange(
  orm: Orm,
  organizationId: string,
  appointmentId: string,
): Promise<AppointmentRow> {
  const [row] = rowsOf<{ id: string }>(
    await orm.execute(
      sql`select id from appointments where id = ${appointmentId} and organization_id = ${organizationId} for update`,
    ),
  );
  if (!row)
    throw new NotFound(
      `There is no appointment ${appointmentId}. Check the link, or look at the list again.`,
    );
  const [appointment] = await orm.select().from(appointments).where(eq(appointments.id, row.id));
  return appointment!;
}

/**
 * Turns a hold into a booking with the patient's answers. A hold that ran out is booked anew when
 * its time is still free; when someone else has taken it, the patient is offered the next times.
 */
export async function confirmHold(
  orm: Orm,
  deps: SchedulingDependencies,
  hold: AppointmentRow,
  details: {
    reason?: string | null;
    intakeAnswers: Record<string, string>;
    bookedBy: { type: BookedByType; id: string | null };
  },
  now = new Date(),
): Promise<AppointmentRow> {
  const type = await appointmentTypeOf(orm, hold.organizationId, hold.appointmentTypeId);
  await lockProviders(orm, [hold.providerId]);
  const lapsed = hold.status === 'cancelled' && hold.cancellationReason === 'hold-expired';
  if (hold.status !== 'held' && !lapsed)
    throw new Conflict(
      `This appointment is already ${statusWords[hold.status]}; there is nothing to confirm.`,
    );
  const missing = type.intakeQuestions.filter(
    (question) => question.required && !details.intakeAnswers[question.id]?.trim(),
  );
  if (missing.length > 0)
    throw new Invalid('Some questions for this visit are not answered yet.', [
      ...missing.map((question) => ({
        field: `body.intakeAnswers.${question.id}`,
        message: `needs an answer: ${question.text.en ?? question.id}`,
      })),
    ]);
  const known = new Set(type.intakeQuestions.map((question) => question.id));
  const unknown = Object.keys(details.intakeAnswers).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new Invalid('Some answers are for questions this visit does not ask.', [
      ...unknown.map((id) => ({
        field: `body.intakeAnswers.${id}`,
        message: 'is not a question of this visit',
      })),
    ]);
  if (lapsed) {
    // The hold ran out and was let go. The time may well be free still: book it if it is.
    try {
      return await bookAppointment(orm, deps, {
        organizationId: hold.organizationId,
        patientId: hold.patientId,
        providerId: hold.providerId,
        locationId: hold.locationId,
        appointmentTypeId: hold.appointmentTypeId,
        startsAt: hold.startsAt,
        bookedBy: details.bookedBy,
        // The patient's rules were met when the time was held.
        rules: 'staff',
        reason: details.reason ?? null,
        intakeAnswers: details.intakeAnswers,
        conversationId: hold.conversationId,
        now,
      });
    } catch (error) {
      if (!(error instanceof TimeTaken)) throw error;
      throw new TimeTaken(
        'The few minutes this time was held for ran out, and someone else has booked it since. Choose another time.',
        await nextFreeTimesAfter(orm, { ...hold, type, after: hold.startsAt, now }),
      );
    }
  }
  // A hold that ran out but is still in place was taken by nobody: it is still this patient's.
  const [booked] = await orm
    .update(appointments)
    .set({
      status: 'booked',
      holdExpiresAt: null,
      bookedAt: now,
      bookedByType: details.bookedBy.type,
      bookedById: details.bookedBy.id,
      reasonEncrypted: details.reason ? deps.cipher.encrypt(appointmentFields.reason, details.reason) : null,
      intakeAnswersEncrypted:
        Object.keys(details.intakeAnswers).length > 0
          ? deps.cipher.encrypt(appointmentFields.intakeAnswers, JSON.stringify(details.intakeAnswers))
          : null,
      ...bookedExtras(type),
      updatedAt: now,
    })
    .where(eq(appointments.id, hold.id))
    .returning();
  // Once a hold has run out, a refresh of its day (another booking or cancellation) counts its
  // time as free; booked now, it is taken out again.
  if (hold.holdExpiresAt && hold.holdExpiresAt.getTime() <= now.getTime())
    await refreshFreeTime(
      orm,
      hold.providerId,
      new Date(hold.startsAt.getTime() - hold.bufferBeforeMinutes * minute),
      new Date(hold.endsAt.getTime() + hold.bufferAfterMinutes * minute),
      now,
    );
  await afterAppointmentChange(orm, deps, { kind: 'booked', appointment: booked!, now });
  return booked!;
}

const statusWords: Record<AppointmentStatus, string> = {
  held: 'held',
  booked: 'booked',
  arrived: 'checked in',
  fulfilled: 'done',
  cancelled: 'cancelled',
  noshow: 'marked as missed',
};

/** Cancels a live appointment (or lets a hold go) and frees its time. */
export async function cancelAppointmentRow(
  orm: Orm,
  deps: SchedulingDependencies,
  given: AppointmentRow,
  reason: CancellationReason,
  now = new Date(),
  extra: { disruptedById?: string; patientTold?: boolean } = {},
): Promise<AppointmentRow> {
  await lockProviders(orm, [given.providerId]);
  // What the caller read may be out of date: another request may have confirmed or cancelled it
  // before this one got the provider's lock.
  const [current] = await orm.select().from(appointments).where(eq(appointments.id, given.id));
  if (!current) throw new NotFound('This appointment no longer exists.');
  // Letting a hold go is moot once it has been booked (a second tab confirmed it).
  if (reason === 'hold-expired' && current.status !== 'held') return current;
  const appointment = current;
  if (!['held', 'booked', 'arrived'].includes(appointment.status))
    throw new Conflict(`This appointment is already ${statusWords[appointment.status]}.`);
  const [cancelled] = await orm
    .update(appointments)
    .set({
      status: 'cancelled',
      cancellationReason: reason,
      cancelledAt: now,
      holdExpiresAt: null,
      updatedAt: now,
      ...(extra.disruptedById ? { disruptedById: extra.disruptedById } : {}),
    })
    .where(eq(appointments.id, appointment.id))
    .returning();
  await refreshFreeTime(
    orm,
    appointment.providerId,
    new Date(appointment.startsAt.getTime() - appointment.bufferBeforeMinutes * minute),
    new Date(appointment.endsAt.getTime() + appointment.bufferAfterMinutes * minute),
    now,
  );
  if (appointment.status !== 'held')
    await afterAppointmentChange(orm, deps, {
      kind: 'cancelled',
      appointment: cancelled!,
      previous: appointment,
      now,
      ...(extra.patientTold ? { patientTold: true } : {}),
    });
  return cancelled!;
}

/**
 * Moves a booked appointment to another time (and perhaps another provider or location of the
 * same kind of visit): the old one is cancelled as "rescheduled" and the new one booked in one
 * step, so the patient never holds two, and never none when the new time is taken.
 */
export async function rescheduleAppointmentRow(
  orm: Orm,
  deps: SchedulingDependencies,
  appointment: AppointmentRow,
  change: {
    startsAt: Date;
    providerId?: string;
    locationId?: string;
    rules: 'patient' | 'staff';
    bookedBy: { type: BookedByType; id: string | null };
  },
  now = new Date(),
): Promise<AppointmentRow> {
  await lockProviders(orm, [appointment.providerId, change.providerId ?? appointment.providerId]);
  if (appointment.status !== 'booked')
    throw new Conflict(
      `Only a booked appointment can be moved; this one is ${statusWords[appointment.status]}.`,
    );
  const previous = appointment;
  const reason = appointment.reasonEncrypted
    ? deps.cipher.decrypt(appointmentFields.reason, appointment.reasonEncrypted)
    : null;
  const intakeAnswers = appointment.intakeAnswersEncrypted
    ? (JSON.parse(
        deps.cipher.decrypt(appointmentFields.intakeAnswers, appointment.intakeAnswersEncrypted),
      ) as Record<string, string>)
    : {};
  const moved = await orm.transaction(async (step) => {
    await step
      .update(appointments)
      .set({ status: 'cancelled', cancellationReason: 'rescheduled', cancelledAt: now, updatedAt: now })
      .where(eq(appointments.id, appointment.id));
    await refreshFreeTime(
      step,
      appointment.providerId,
      new Date(appointment.startsAt.getTime() - appointment.bufferBeforeMinutes * minute),
      new Date(appointment.endsAt.getTime() + appointment.bufferAfterMinutes * minute),
      now,
    );
    const fresh = await bookAppointment(step, deps, {
      organizationId: appointment.organizationId,
      patientId: appointment.patientId,
      providerId: change.providerId ?? appointment.providerId,
      locationId: change.locationId ?? appointment.locationId,
      appointmentTypeId: appointment.appointmentTypeId,
      startsAt: change.startsAt,
      bookedBy: change.bookedBy,
      rules: change.rules,
      reason,
      intakeAnswers,
      conversationId: appointment.conversationId,
      rescheduledFromId: appointment.id,
      now,
      tellFollowers: false,
    });
    return fresh;
  });
  await afterAppointmentChange(orm, deps, { kind: 'rescheduled', appointment: moved, previous, now });
  return moved;
}
