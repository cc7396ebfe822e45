import type {
  KioskCheckInRequest,
  KioskCheckInResult,
  KioskDetails,
  KioskLookupRequest,
  KioskVisit,
  KioskWelcome,
} from '@patientdesk/contracts';
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { Conflict } from '../../../errors.ts';
import { patientContactPoints, patientCoverages, patients } from '../../patients/schema.ts';
import { type AppointmentRow, findAppointmentToChange, type SchedulingDependencies } from '../booking.ts';
import { providerDisplayName } from '../directory.ts';
import { appointments, providers } from '../schema.ts';
import { issueTicket, type KioskScope, readTicket } from './kiosk-access.ts';
import { markArrived } from './visit-status.ts';

/**
 * Self check-in at the kiosk. A patient finds today's visit at this location by last name and
 * date of birth, or by the code in their reminder; chooses it; says whether the contact details
 * and insurance on file (shown masked) are still right; and is checked in. The kiosk stands in a
 * waiting room, so it discloses the least that lets a patient recognise their visit: first name
 * and initial, the time, the provider. Never the date of birth, full name or reason for the visit.
 * A search that finds nothing says only that, whether or not the person is a patient.
 */

/** What the kiosk shows while waiting for someone. */
export function kioskWelcome(scope: KioskScope): KioskWelcome {
  return {
    kioskName: scope.kiosk.name,
    clinicName: scope.organization.name,
    locationName: scope.location.name,
    timeZone: scope.location.timeZone,
    defaultLanguage: scope.organization.defaultLanguage,
  };
}

/** Today in the location's time zone, as instants. */
function todayAt(scope: KioskScope, now: Date) {
  const start = DateTime.fromJSDate(now, { zone: scope.location.timeZone }).startOf('day');
  return { from: start.toJSDate(), until: start.plus({ days: 1 }).toJSDate() };
}

/** Names compared without case, accents, spaces, hyphens or apostrophes ("De la Cruz" = "delacruz"). */
const folded = (value: unknown) =>
  sql`regexp_replace(translate(lower(${value}), 'áàâäãéèêëíìîïóòôöõúùûüýñç', 'aaaaaeeeeiiiiooooouuuuync'), '[^a-z0-9]', '', 'g')`;

/** The visits of the day a kiosk may show: in person, at its location, booked or already checked in. */
function visitsOfTheDay(scope: KioskScope, now: Date) {
  const today = todayAt(scope, now);
  return and(
    eq(appointments.locationId, scope.location.id),
    eq(appointments.mode, 'in-person'),
    inArray(appointments.status, ['booked', 'arrived']),
    gte(appointments.startsAt, today.from),
    lt(appointments.startsAt, today.until),
  );
}

const firstNameOf = (patient: { givenName: string; preferredName: string | null }) =>
  patient.preferredName ?? patient.givenName;

/** Today's visits matching the name and date of birth, or the code; empty when nothing matches. */
export async function findTodaysVisits(
  scope: KioskScope,
  deps: Pick<SchedulingDependencies, 'cipher'>,
  request: KioskLookupRequest,
  now = new Date(),
): Promise<KioskVisit[]> {
  const by = request.code ? 'check-in-code' : 'name-and-birth-date';
  const match = request.code
    ? eq(appointments.checkInCode, request.code.toUpperCase())
    : and(
        sql`${folded(patients.familyName)} = ${folded(request.lastName ?? '')}`,
        eq(patients.birthDate, request.birthDate ?? ''),
      );
  const rows = await scope.orm
    .select({
      appointment: appointments,
      givenName: patients.givenName,
      preferredName: patients.preferredName,
      familyName: patients.familyName,
      provider: providers,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(providers, eq(providers.id, appointments.providerId))
    .where(and(visitsOfTheDay(scope, now), match))
    .orderBy(asc(appointments.startsAt))
    .limit(10);
  if (rows.length === 0)
    scope.record({
      action: 'kiosk.find',
      resourceType: 'kiosk',
      resourceId: scope.kiosk.id,
      outcome: 'allowed',
      details: { by, found: 0 },
    });
  return rows.map((row) => {
    scope.record(kioskPatientEvent(row.appointment, 'appointment.kiosk-find', { by }));
    return {
      ticket: issueTicket(deps.cipher, scope.kiosk, row.appointment.id, now),
      patientName: `${firstNameOf(row)} ${row.familyName.slice(0, 1).toUpperCase()}.`,
      startsAt: row.appointment.startsAt.toISOString(),
      timeZone: scope.location.timeZone,
      providerName: providerDisplayName(row.provider),
      alreadyCheckedIn: row.appointment.status === 'arrived',
    };
  });
}

/** An audit event about one patient's visit, done by the kiosk. */
function kioskPatientEvent(
  appointment: AppointmentRow,
  action: string,
  details: Record<string, unknown> = {},
) {
  return {
    action,
    resourceType: 'appointment',
    resourceId: appointment.id,
    patientIds: [appointment.patientId],
    outcome: 'allowed' as const,
    details,
  };
}

/** The visit a ticket names, if it is still one of this kiosk's visits of the day. */
async function visitOfTicket(
  scope: KioskScope,
  deps: Pick<SchedulingDependencies, 'cipher'>,
  ticket: string,
  now: Date,
) {
  const appointmentId = readTicket(deps.cipher, scope.kiosk, ticket, now);
  const [row] = await scope.orm
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, appointmentId), visitsOfTheDay(scope, now)));
  if (!row)
    throw new Conflict(
      'This visit can no longer be checked in here (it was changed or cancelled). Please ask the front desk.',
    );
  return row;
}

/** "m***@example.com": enough for its owner to recognise, too little for anyone else. */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** The last four digits of a phone number. */
export function phoneEnding(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

interface OnFile {
  mobile: string | null;
  email: string | null;
  insurancePayer: string | null;
}

/** The contact details and the insurance on file: the mobile number (or else the primary phone), the email, the primary payer. */
async function detailsOnFile(scope: KioskScope, patientId: string, now: Date): Promise<OnFile> {
  const [patient] = await scope.orm
    .select({ phone: patients.phone, email: patients.email })
    .from(patients)
    .where(eq(patients.id, patientId));
  const [mobile] = await scope.orm
    .select({ value: patientContactPoints.value })
    .from(patientContactPoints)
    .where(
      and(
        eq(patientContactPoints.patientId, patientId),
        eq(patientContactPoints.kind, 'phone'),
        eq(patientContactPoints.label, 'mobile'),
      ),
    )
    .orderBy(desc(patientContactPoints.isPrimary), asc(patientContactPoints.createdAt))
    .limit(1);
  const today = DateTime.fromJSDate(now, { zone: scope.location.timeZone }).toISODate()!;
  const [coverage] = await scope.orm
    .select({ payerName: patientCoverages.payerName })
    .from(patientCoverages)
    .where(
      and(
        eq(patientCoverages.patientId, patientId),
        or(isNull(patientCoverages.validTo), gte(patientCoverages.validTo, today)),
      ),
    )
    .orderBy(
      sql`case ${patientCoverages.priority} when 'primary' then 1 when 'secondary' then 2 else 3 end`,
      asc(patientCoverages.createdAt),
    )
    .limit(1);
  return {
    mobile: mobile?.value ?? patient?.phone ?? null,
    email: patient?.email ?? null,
    insurancePayer: coverage?.payerName ?? null,
  };
}

/** The masked contact details and the payer on file, for "is this still right?". */
export async function detailsToConfirm(
  scope: KioskScope,
  deps: Pick<SchedulingDependencies, 'cipher'>,
  ticket: string,
  now = new Date(),
): Promise<KioskDetails> {
  const visit = await visitOfTicket(scope, deps, ticket, now);
  const onFile = await detailsOnFile(scope, visit.patientId, now);
  scope.record(kioskPatientEvent(visit, 'appointment.kiosk-details'));
  return {
    mobileEnding: onFile.mobile ? phoneEnding(onFile.mobile) : null,
    email: onFile.email ? maskedEmail(onFile.email) : null,
    insurancePayer: onFile.insurancePayer,
  };
}

/** What the front desk should ask about, from the patient's answers (null when nothing changed). */
export function checkInNotes(onFile: OnFile, answers: Omit<KioskCheckInRequest, 'ticket'>): string | null {
  const notes: string[] = [];
  if (!answers.contactStillRight)
    notes.push(
      onFile.mobile || onFile.email
        ? 'Contact details changed: ask for the new mobile number or email.'
        : 'No mobile number or email on file: ask for them.',
    );
  if (onFile.insurancePayer) {
    if (answers.insurance === 'changed')
      notes.push(`Insurance changed (${onFile.insurancePayer} on file): ask for the new card.`);
    if (answers.insurance === 'none')
      notes.push(`No insurance any more (${onFile.insurancePayer} on file): confirm with the patient.`);
  } else if (answers.insurance === 'changed') {
    notes.push('Has insurance that is not on file: ask for the card.');
  }
  return notes.length > 0 ? notes.join('\n') : null;
}

/**
 * Checks the patient in: status `arrived`, the time, and notes for the front desk about what the
 * patient said changed (stored encrypted). Pressing twice checks in once.
 */
export async function checkInAtKiosk(
  scope: KioskScope,
  deps: SchedulingDependencies,
  request: KioskCheckInRequest,
  now = new Date(),
): Promise<{ result: KioskCheckInResult; appointment: AppointmentRow; changed: boolean }> {
  const visit = await visitOfTicket(scope, deps, request.ticket, now);
  const appointment = await findAppointmentToChange(scope.orm, scope.organization.id, visit.id);
  const [patient] = await scope.orm
    .select({ givenName: patients.givenName, preferredName: patients.preferredName })
    .from(patients)
    .where(eq(patients.id, appointment.patientId));
  const firstName = firstNameOf(patient!);
  if (appointment.status === 'arrived')
    return {
      result: {
        firstName,
        checkedInAt: appointment.checkedInAt!.toISOString(),
        somethingChanged: appointment.checkInNotesEncrypted !== null,
      },
      appointment,
      changed: false,
    };
  const notes = checkInNotes(await detailsOnFile(scope, appointment.patientId, now), request);
  const arrived = await markArrived(scope.orm, deps, appointment, { notes, now });
  scope.record(
    kioskPatientEvent(arrived, 'appointment.check-in', {
      via: 'kiosk',
      contactStillRight: request.contactStillRight,
      insurance: request.insurance,
    }),
  );
  return {
    result: { firstName, checkedInAt: now.toISOString(), somethingChanged: notes !== null },
    appointment: arrived,
    changed: true,
  };
}
