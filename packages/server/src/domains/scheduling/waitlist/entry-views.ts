import type { WaitlistEntry } from '@patientdesk/contracts';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import { appointmentTypeSummary, providerDisplayName } from '../directory.ts';
import { inTurn } from '../in-turn.ts';
import { appointments, appointmentTypes, providers, waitlistOffers } from '../schema.ts';
import type { WaitlistEntryRow } from './fits.ts';

/** Waitlist entries as people read them, with names instead of ids and the last offer made. */

const clock = (value: string) => value.slice(0, 5);

export async function waitlistEntryViews(
  orm: Orm,
  rows: WaitlistEntryRow[],
  language = 'en',
): Promise<WaitlistEntry[]> {
  if (rows.length === 0) return [];
  const ids = <T>(pick: (row: WaitlistEntryRow) => T | null) => [
    ...new Set(rows.flatMap((row) => (pick(row) === null ? [] : [pick(row) as T]))),
  ];
  const [patientRows, providerRows, typeRows, locationRows, currentRows, offerRows] = await inTurn(
    orm
      .select({
        id: patients.id,
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
      })
      .from(patients)
      .where(inArray(patients.id, ids((row) => row.patientId) as string[])),
    orm
      .select()
      .from(providers)
      .where(inArray(providers.id, ids((row) => row.providerId) as string[])),
    orm
      .select()
      .from(appointmentTypes)
      .where(inArray(appointmentTypes.id, ids((row) => row.appointmentTypeId) as string[])),
    orm
      .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
      .from(locations)
      .where(inArray(locations.id, ids((row) => row.locationId) as string[])),
    orm
      .select({
        id: appointments.id,
        startsAt: appointments.startsAt,
        timeZone: locations.timeZone,
      })
      .from(appointments)
      .innerJoin(locations, eq(locations.id, appointments.locationId))
      .where(inArray(appointments.id, ids((row) => row.currentAppointmentId) as string[])),
    orm
      .select({ offer: waitlistOffers, timeZone: locations.timeZone })
      .from(waitlistOffers)
      .innerJoin(locations, eq(locations.id, waitlistOffers.locationId))
      .where(
        inArray(
          waitlistOffers.entryId,
          rows.map((row) => row.id),
        ),
      )
      .orderBy(desc(waitlistOffers.createdAt)),
  );
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
  const patientOf = byId(patientRows);
  const providerOf = byId(providerRows);
  const typeOf = byId(typeRows);
  const locationOf = byId(locationRows);
  const currentOf = byId(currentRows);
  return rows.map((row) => {
    const patient = patientOf.get(row.patientId)!;
    const provider = row.providerId ? providerOf.get(row.providerId) : undefined;
    const type = appointmentTypeSummary(typeOf.get(row.appointmentTypeId)!, language);
    const location = row.locationId ? locationOf.get(row.locationId) : undefined;
    const current = row.currentAppointmentId ? currentOf.get(row.currentAppointmentId) : undefined;
    const offers = offerRows.filter(({ offer }) => offer.entryId === row.id);
    const last = offers[0];
    const accepted = offers.find(({ offer }) => offer.status === 'accepted')?.offer;
    return {
      id: row.id,
      status: row.status,
      patient: {
        id: patient.id,
        displayName: `${patient.preferredName ?? patient.givenName} ${patient.familyName}`,
      },
      provider: provider ? { id: provider.id, displayName: providerDisplayName(provider) } : null,
      specialty: row.specialty,
      appointmentType: { id: type.id, name: type.name, durationMinutes: type.durationMinutes },
      location: location ? { id: location.id, name: location.name } : null,
      currentAppointment: current
        ? { id: current.id, startsAt: current.startsAt.toISOString(), timeZone: current.timeZone }
        : null,
      weekdays: [...row.weekdays].sort((a, b) => a - b),
      earliestTime: clock(row.earliestTime),
      latestTime: clock(row.latestTime),
      availableFrom: row.availableFrom,
      availableUntil: row.availableUntil,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdByType,
      lastOffer: last
        ? {
            status: last.offer.status,
            startsAt: last.offer.startsAt.toISOString(),
            expiresAt: last.offer.expiresAt.toISOString(),
            channel: last.offer.channel,
            timeZone: last.timeZone,
          }
        : null,
      bookedAppointmentId: accepted?.appointmentId ?? null,
    };
  });
}
