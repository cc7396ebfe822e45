import { DateTime } from 'luxon';
import type { waitlistEntries } from '../domains/scheduling/schema.ts';
import type { DemoVisit, DemoVisitPatient } from './demo-scheduling-visits.ts';

/**
 * Two patients on the demo's waitlist, so that cancelling a visit in the demo makes an offer:
 * one booked for a follow-up in the second week who would rather come sooner, with the same
 * provider on any weekday; and a child waiting for a well-child visit with any pediatrician
 * after school, put on the list by the front desk.
 */
export function demoWaitlist(input: {
  organizationId: string;
  visits: DemoVisit[];
  patients: DemoVisitPatient[];
  /** The id each visit got, in the visits' order. */
  appointmentIds: string[];
  wellChildTypeId: string | undefined;
  mainLocationId: string;
  zone: string;
  now: Date;
  schedulerId: string | null;
}): (typeof waitlistEntries.$inferInsert)[] {
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf('day');
  const secondWeek = [today.plus({ days: 8 }).toMillis(), today.plus({ days: 14 }).toMillis()];
  const entries: (typeof waitlistEntries.$inferInsert)[] = [];
  const sooner = input.visits.findIndex(
    (visit) =>
      visit.status === 'booked' &&
      visit.type.code === 'follow-up' &&
      visit.locationId === input.mainLocationId &&
      visit.startsAt >= secondWeek[0]! &&
      visit.startsAt < secondWeek[1]!,
  );
  if (sooner >= 0) {
    const visit = input.visits[sooner]!;
    entries.push({
      organizationId: input.organizationId,
      patientId: visit.patientId,
      providerId: visit.providerId,
      appointmentTypeId: visit.type.id,
      locationId: visit.locationId,
      currentAppointmentId: input.appointmentIds[sooner]!,
      weekdays: [1, 2, 3, 4, 5],
      earliestTime: '08:00',
      latestTime: '17:30',
      createdByType: 'patient',
      createdById: visit.patientId,
    });
  }
  // A child under ten with no well-child visit booked (one with no visit at all if there is one).
  const todayDate = today.toISODate()!;
  const tenYearsAgo = today.minus({ years: 10 }).toISODate()!;
  const upcoming = input.visits.filter((visit) => visit.startsAt > input.now.getTime());
  const children = input.patients.filter(
    (patient) =>
      patient.birthDate > tenYearsAgo &&
      patient.birthDate < todayDate &&
      !upcoming.some((visit) => visit.patientId === patient.id && visit.type.code === 'well-child'),
  );
  const child =
    children.find((patient) => !upcoming.some((visit) => visit.patientId === patient.id)) ?? children[0];
  if (child && input.wellChildTypeId)
    entries.push({
      organizationId: input.organizationId,
      patientId: child.id,
      specialty: 'Pediatrics',
      appointmentTypeId: input.wellChildTypeId,
      weekdays: [1, 2, 3, 4, 5],
      earliestTime: '15:00',
      latestTime: '18:00',
      availableUntil: today.plus({ days: 30 }).toISODate()!,
      createdByType: 'staff',
      createdById: input.schedulerId,
    });
  return entries;
}
