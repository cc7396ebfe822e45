import { inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import { videoVisitPageUrl } from '../appointment-view.ts';
import type { AppointmentRow } from '../booking.ts';
import {
  type AppointmentTypeRow,
  appointmentTypeSummary,
  type LocationRow,
  type ProviderRow,
  providerDisplayName,
} from '../directory.ts';
import { appointmentTypes, providers } from '../schema.ts';
import { noticeLanguage, placeOf, type VisitWords, visitTimeAndDay } from './visit-words.ts';

/** Everything a notice about one appointment is made from, read in a few queries for many at once. */

export type NoticePatient = Pick<
  typeof patients.$inferSelect,
  | 'id'
  | 'organizationId'
  | 'givenName'
  | 'preferredName'
  | 'familyName'
  | 'phone'
  | 'email'
  | 'preferredChannel'
  | 'preferredLanguage'
  | 'quietHoursStart'
  | 'quietHoursEnd'
>;

export interface NoticeOrganization {
  id: string;
  name: string;
  slug: string;
  country: string;
}

export interface AppointmentFacts {
  appointment: AppointmentRow;
  organization: NoticeOrganization;
  patient: NoticePatient;
  provider: ProviderRow;
  location: LocationRow;
  type: AppointmentTypeRow;
}

const unique = (values: string[]) => [...new Set(values)];
const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

/** The facts of each appointment, keyed by its id. */
export async function appointmentFacts(
  orm: Orm,
  rows: readonly AppointmentRow[],
): Promise<Map<string, AppointmentFacts>> {
  if (rows.length === 0) return new Map();
  // One after another: the queries share the transaction's connection.
  const organizationRows = await orm
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      country: organizations.country,
    })
    .from(organizations)
    .where(inArray(organizations.id, unique(rows.map((row) => row.organizationId))));
  const patientRows = await orm
    .select({
      id: patients.id,
      organizationId: patients.organizationId,
      givenName: patients.givenName,
      preferredName: patients.preferredName,
      familyName: patients.familyName,
      phone: patients.phone,
      email: patients.email,
      preferredChannel: patients.preferredChannel,
      preferredLanguage: patients.preferredLanguage,
      quietHoursStart: patients.quietHoursStart,
      quietHoursEnd: patients.quietHoursEnd,
    })
    .from(patients)
    .where(inArray(patients.id, unique(rows.map((row) => row.patientId))));
  const providerRows = await orm
    .select()
    .from(providers)
    .where(inArray(providers.id, unique(rows.map((row) => row.providerId))));
  const locationRows = await orm
    .select()
    .from(locations)
    .where(inArray(locations.id, unique(rows.map((row) => row.locationId))));
  const typeRows = await orm
    .select()
    .from(appointmentTypes)
    .where(inArray(appointmentTypes.id, unique(rows.map((row) => row.appointmentTypeId))));
  const organizationOf = byId(organizationRows);
  const patientOf = byId(patientRows);
  const providerOf = byId(providerRows);
  const locationOf = byId(locationRows);
  const typeOf = byId(typeRows);
  return new Map(
    rows.map((appointment) => [
      appointment.id,
      {
        appointment,
        organization: organizationOf.get(appointment.organizationId)!,
        patient: patientOf.get(appointment.patientId)!,
        provider: providerOf.get(appointment.providerId)!,
        location: locationOf.get(appointment.locationId)!,
        type: typeOf.get(appointment.appointmentTypeId)!,
      },
    ]),
  );
}

/** The portal page of an appointment, where the patient sees, moves or cancels it. */
export function appointmentPageUrl(publicUrl: string, clinicSlug: string, appointmentId: string): string {
  return `${publicUrl}/portal/appointments/${appointmentId}?clinic=${encodeURIComponent(clinicSlug)}`;
}

/** The visit as notices name it, in the patient's language. */
export function visitWords(facts: AppointmentFacts, publicUrl: string): VisitWords {
  const { appointment, location, patient } = facts;
  const language = noticeLanguage(patient.preferredLanguage);
  const type = appointmentTypeSummary(facts.type, language);
  return {
    language,
    clinicName: facts.organization.name,
    patientName: patient.preferredName || patient.givenName,
    providerName: providerDisplayName(facts.provider),
    ...visitTimeAndDay(appointment.startsAt, location.timeZone, language),
    mode: appointment.mode,
    place: placeOf(location),
    typeName: type.name,
    preparation: type.preparation,
    manageUrl: appointmentPageUrl(publicUrl, facts.organization.slug, appointment.id),
    videoUrl: appointment.videoVisitToken ? videoVisitPageUrl(publicUrl, appointment.videoVisitToken) : null,
    checkInCode: appointment.checkInCode,
    clinicPhone: location.phone,
  };
}
