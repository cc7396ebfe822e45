import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid, Unprocessable } from '../../errors.ts';
import type { AppointmentTypeRow, ProviderRow } from './directory.ts';
import { inTurn } from './in-turn.ts';
import { appointments, providerAppointmentTypes, providerLocations } from './schema.ts';

/**
 * The rules a booking must meet before it reaches the database's own guarantee (the exclusion
 * constraint): the provider offers the visit where it is asked for, the time is inside the
 * booking window, and the patient may book this kind of visit.
 */

const minute = 60_000;

export async function checkProviderOffers(
  orm: Orm,
  provider: ProviderRow,
  type: AppointmentTypeRow,
  locationId: string,
): Promise<void> {
  const [offers, worksThere] = await inTurn(
    orm
      .select({ id: providerAppointmentTypes.appointmentTypeId })
      .from(providerAppointmentTypes)
      .where(
        and(
          eq(providerAppointmentTypes.providerId, provider.id),
          eq(providerAppointmentTypes.appointmentTypeId, type.id),
        ),
      ),
    orm
      .select({ id: providerLocations.locationId })
      .from(providerLocations)
      .where(
        and(
          eq(providerLocations.providerId, provider.id),
          eq(providerLocations.locationId, locationId),
          eq(providerLocations.active, true),
        ),
      ),
  );
  if (offers.length === 0)
    throw new Invalid(
      `This provider does not offer "${type.name}" visits. Choose another kind of visit or provider.`,
      [{ field: 'body.appointmentTypeId', message: 'is not offered by this provider' }],
    );
  if (worksThere.length === 0)
    throw new Invalid(
      'This provider does not see patients at that location. Choose one of their locations.',
      [{ field: 'body.locationId', message: 'is not one of the provider’s locations' }],
    );
}

/** Patients book inside the type's window; staff may book any time that has not passed. */
export function checkBookingWindow(
  type: AppointmentTypeRow,
  startsAt: Date,
  now: Date,
  bookedBy: 'patient' | 'staff',
): void {
  if (startsAt.getTime() <= now.getTime())
    throw new Invalid('That time has already passed. Choose a time in the future.', [
      { field: 'body.startsAt', message: 'is in the past' },
    ]);
  if (bookedBy === 'staff') return;
  if (startsAt.getTime() < now.getTime() + type.minNoticeMinutes * minute)
    throw new Invalid(
      `"${type.name}" visits are booked at least ${formatNotice(type.minNoticeMinutes)} ahead. Choose a later time, or call the clinic.`,
      [{ field: 'body.startsAt', message: 'is sooner than the booking notice allows' }],
    );
  if (startsAt.getTime() > now.getTime() + type.bookingHorizonDays * 24 * 60 * minute)
    throw new Invalid(
      `"${type.name}" visits can be booked up to ${type.bookingHorizonDays} days ahead. Choose an earlier time.`,
      [{ field: 'body.startsAt', message: 'is further ahead than bookings are taken' }],
    );
}

function formatNotice(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/** A patient is established with a visit fulfilled in the last three years (the usual billing rule). */
export async function isEstablishedPatient(orm: Orm, patientId: string, now: Date): Promise<boolean> {
  const threeYearsAgo = new Date(now.getTime() - 3 * 365 * 24 * 60 * minute);
  const [visit] = await orm
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, patientId),
        inArray(appointments.status, ['fulfilled', 'arrived']),
        gte(appointments.startsAt, threeYearsAgo),
      ),
    )
    .limit(1);
  return visit !== undefined;
}

/** Online, new-patient visits are for new patients and the others for established ones. */
export async function checkPatientMayBook(
  orm: Orm,
  input: { patientId: string; provider: ProviderRow; type: AppointmentTypeRow; now: Date },
): Promise<void> {
  const established = await isEstablishedPatient(orm, input.patientId, input.now);
  if (input.type.patientStatus === 'new' && established)
    throw new Unprocessable(
      `"${input.type.name}" is for new patients, and this patient has been seen here before. Book a visit for established patients instead.`,
    );
  if (input.type.patientStatus === 'established' && !established)
    throw new Unprocessable(
      `"${input.type.name}" is for patients who have been seen here before. Book a new-patient visit instead.`,
    );
  if (!established && !input.provider.acceptingNewPatients)
    throw new Unprocessable(
      'This provider is not taking new patients at the moment. Choose another provider.',
    );
}

const codeLetters = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A short code for the kiosk (no 0/O, 1/I, 5/S, 8/B, 2/Z to misread). */
export function newCheckInCode(): string {
  return Array.from({ length: 6 }, () => codeLetters[randomInt(codeLetters.length)]).join('');
}

/** The unguessable part of a video-visit link (192 random bits). */
export function newVideoVisitToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Holds of this provider that ran out and overlap the range: they give way to a new booking. */
export async function releaseExpiredHolds(
  orm: Orm,
  providerId: string,
  blocked: string,
  now: Date,
): Promise<void> {
  await orm.execute(sql`
    update appointments
    set status = 'cancelled', cancellation_reason = 'hold-expired', cancelled_at = ${now},
      hold_expires_at = null, updated_at = ${now}
    where provider_id = ${providerId} and status = 'held' and hold_expires_at <= ${now}
      and blocked && ${blocked}::tstzrange`);
}
