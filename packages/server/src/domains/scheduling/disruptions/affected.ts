import type { AffectedAppointment } from '@patientdesk/contracts';
import { eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import type { AppointmentRow } from '../booking.ts';
import { providerDisplayName } from '../directory.ts';
import { inTurn } from '../in-turn.ts';
import { appointments, appointmentTypes, providers } from '../schema.ts';
import { disruptionNotices } from './schema.ts';

/**
 * The appointments a provider's time off touches, as the front desk follows them: the patient
 * (for those whose role reads appointments), when and where, how they were told, and the
 * appointment they booked again.
 */
export async function affectedAppointmentViews(
  orm: Orm,
  rows: AppointmentRow[],
  options: { seesPatients: boolean },
): Promise<AffectedAppointment[]> {
  if (rows.length === 0) return [];
  const ids = (pick: (row: AppointmentRow) => string | null) => [
    ...new Set(rows.flatMap((row) => (pick(row) ? [pick(row)!] : []))),
  ];
  const [patientRows, typeRows, locationRows, noticeRows, rebookedRows] = await inTurn(
    orm
      .select({
        id: patients.id,
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
        phone: patients.phone,
      })
      .from(patients)
      .where(
        inArray(
          patients.id,
          ids((row) => row.patientId),
        ),
      ),
    orm
      .select({ id: appointmentTypes.id, name: appointmentTypes.name })
      .from(appointmentTypes)
      .where(
        inArray(
          appointmentTypes.id,
          ids((row) => row.appointmentTypeId),
        ),
      ),
    orm
      .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
      .from(locations)
      .where(
        inArray(
          locations.id,
          ids((row) => row.locationId),
        ),
      ),
    orm
      .select()
      .from(disruptionNotices)
      .where(
        inArray(
          disruptionNotices.appointmentId,
          ids((row) => row.id),
        ),
      ),
    orm
      .select({ appointment: appointments, provider: providers })
      .from(appointments)
      .innerJoin(providers, eq(providers.id, appointments.providerId))
      .where(
        inArray(
          appointments.id,
          ids((row) => row.rebookedAsId),
        ),
      ),
  );
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
  const patientOf = byId(patientRows);
  const typeOf = byId(typeRows);
  const locationOf = byId(locationRows);
  const noticeOf = new Map(noticeRows.map((notice) => [notice.appointmentId, notice]));
  const rebookedOf = new Map(rebookedRows.map((row) => [row.appointment.id, row]));
  return rows.map((row) => {
    const patient = patientOf.get(row.patientId)!;
    const location = locationOf.get(row.locationId)!;
    const notice = noticeOf.get(row.id);
    const rebooked = row.rebookedAsId ? rebookedOf.get(row.rebookedAsId) : undefined;
    return {
      appointmentId: row.id,
      status: row.status,
      patient: options.seesPatients
        ? {
            id: patient.id,
            displayName: `${patient.preferredName ?? patient.givenName} ${patient.familyName}`,
            phone: patient.phone,
          }
        : null,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      timeZone: location.timeZone,
      appointmentType: typeOf.get(row.appointmentTypeId)!.name,
      location: location.name,
      notice: notice
        ? {
            channel: notice.channel,
            sentAt: notice.sentAt?.toISOString() ?? null,
            skipReason: notice.skipReason,
          }
        : null,
      rebookedAs: rebooked
        ? {
            appointmentId: rebooked.appointment.id,
            startsAt: rebooked.appointment.startsAt.toISOString(),
            provider: providerDisplayName(rebooked.provider),
            status: rebooked.appointment.status,
          }
        : null,
    };
  });
}
