import {
  type Appointment,
  apiErrorSchema,
  type BookedAppointment,
  type FreeTime,
  type PortalPatient,
  type ProviderSearchQuery,
} from '@patientdesk/contracts';
import { ApiRequestError, callApi } from '../../api/client.ts';

/** The portal's booking calls, and what the booking pages read from their answers. */

/** The patients whose visits the person may see and change: their own, and those whose proxy scope covers scheduling. */
export function schedulingPatients(patients: readonly PortalPatient[]): PortalPatient[] {
  return patients.filter((patient) => patient.scopes.includes('scheduling'));
}

/** The next free times the server offered when the time asked for was just taken; undefined for any other error. */
export function timeTakenOffers(error: unknown): FreeTime[] | undefined {
  if (!(error instanceof ApiRequestError) || error.code !== 'time_taken') return undefined;
  const parsed = apiErrorSchema.safeParse(error.body);
  return parsed.success ? (parsed.data.error.nextFreeTimes ?? []) : [];
}

const kilometresPerMile = 1.609344;

/** What the patient asked for in the booking form's first step. */
export interface SearchCriteria {
  appointmentTypeId?: string | undefined;
  specialty?: string | undefined;
  language?: string | undefined;
  insurance?: string | undefined;
  locationId?: string | undefined;
  /** Where the patient is, when they asked for providers near them. */
  near?: { latitude: number; longitude: number; withinMiles: number } | undefined;
  telehealth: boolean;
  newPatient: boolean;
  withinDays: number;
}

type SearchParameter = keyof ProviderSearchQuery;

/** `/api/providers/search?...` for the criteria: only what was chosen, so "any" filters nothing. */
export function providerSearchPath(criteria: SearchCriteria): string {
  const query = new URLSearchParams();
  const put = (name: SearchParameter, value: string | number | undefined) => {
    if (value !== undefined && value !== '') query.set(name, String(value));
  };
  put('appointmentType', criteria.appointmentTypeId);
  put('specialty', criteria.specialty);
  put('language', criteria.language);
  put('insurance', criteria.insurance);
  put('locationId', criteria.near ? undefined : criteria.locationId);
  if (criteria.near) {
    put('latitude', criteria.near.latitude);
    put('longitude', criteria.near.longitude);
    put('withinKm', Math.round(criteria.near.withinMiles * kilometresPerMile * 10) / 10);
  }
  if (criteria.telehealth) put('telehealth', 'true');
  if (criteria.newPatient) put('newPatient', 'true');
  put('withinDays', criteria.withinDays);
  put('timesPerProvider', 4);
  return `/api/providers/search?${query}`;
}

/** Miles, for people who read distances in miles (the search answers in kilometres). */
export const milesOf = (kilometres: number) => kilometres / kilometresPerMile;

/** `/api/providers/:id/calendar?...`: the provider's free times for a kind of visit, a week from `from`. */
export function providerCalendarPath(input: {
  providerId: string;
  appointmentTypeId: string;
  from?: string | undefined;
  days: number;
  locationId?: string | undefined;
}): string {
  const query = new URLSearchParams({ appointmentType: input.appointmentTypeId, days: String(input.days) });
  if (input.from) query.set('from', input.from);
  if (input.locationId) query.set('locationId', input.locationId);
  return `/api/providers/${input.providerId}/calendar?${query}`;
}

/** Holds the time for the patient for a few minutes (409 time_taken when someone was quicker). */
export const holdTime = (patientId: string, time: FreeTime) =>
  callApi<Appointment>('POST', '/api/portal/appointments/holds', {
    patientId,
    providerId: time.providerId,
    locationId: time.locationId,
    appointmentTypeId: time.appointmentTypeId,
    startsAt: time.startsAt,
  });

/** Books the held time with the reason and the answers to the visit's questions; says where the confirmation went. */
export const confirmHeldTime = (
  appointmentId: string,
  details: { reason?: string; intakeAnswers: Record<string, string> },
) => callApi<BookedAppointment>('POST', `/api/portal/appointments/${appointmentId}/confirm`, details);

/** Cancels a visit, or lets a hold go. */
export const cancelVisit = (appointmentId: string) =>
  callApi<Appointment>('POST', `/api/portal/appointments/${appointmentId}/cancel`, {});

/** Moves a visit to another free time of its provider; the answer is the new appointment, and where the patient was told. */
export const moveVisit = (appointmentId: string, time: FreeTime) =>
  callApi<BookedAppointment>('POST', `/api/portal/appointments/${appointmentId}/reschedule`, {
    startsAt: time.startsAt,
    locationId: time.locationId,
  });
