import type { Appointment } from '@patientdesk/contracts';
import { eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { locations } from '../organizations/schema.ts';
import { patients } from '../patients/schema.ts';
import { type AppointmentRow, appointmentFields } from './booking.ts';
import { appointmentTypeSummary, locationSummary, providerDisplayName } from './directory.ts';
import { inTurn } from './in-turn.ts';
import { appointmentTypes, providers } from './schema.ts';

/**
 * Appointments as people read them. The reason for the visit, the intake answers and the
 * follow-up instructions are health information: they are shown only to viewers the policy
 * lets read the record (the caller decides, and audits it).
 */

export interface AppointmentViewer {
  /** May read the reason, intake answers and follow-up (the patient, a proxy, record readers). */
  seesHealthDetails: boolean;
  /** Patients and proxies change their own within the type's cut-offs; staff may always. */
  changesAs: 'patient' | 'staff';
  language?: string;
  publicUrl: string;
  now?: Date;
}

const minute = 60_000;

/** The address of the page that opens a video visit (near its time only). */
export const videoVisitPageUrl = (publicUrl: string, token: string) => `${publicUrl}/visit/${token}`;

export async function appointmentViews(
  orm: Orm,
  cipher: FieldCipher,
  rows: AppointmentRow[],
  viewer: AppointmentViewer,
): Promise<Appointment[]> {
  if (rows.length === 0) return [];
  const ids = (pick: (row: AppointmentRow) => string) => [...new Set(rows.map(pick))];
  const [patientRows, providerRows, locationRows, typeRows] = await inTurn(
    orm
      .select({
        id: patients.id,
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
      })
      .from(patients)
      .where(
        inArray(
          patients.id,
          ids((row) => row.patientId),
        ),
      ),
    orm
      .select()
      .from(providers)
      .where(
        inArray(
          providers.id,
          ids((row) => row.providerId),
        ),
      ),
    orm
      .select()
      .from(locations)
      .where(
        inArray(
          locations.id,
          ids((row) => row.locationId),
        ),
      ),
    orm
      .select()
      .from(appointmentTypes)
      .where(
        inArray(
          appointmentTypes.id,
          ids((row) => row.appointmentTypeId),
        ),
      ),
  );
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
  const patientOf = byId(patientRows);
  const providerOf = byId(providerRows);
  const locationOf = byId(locationRows);
  const typeOf = byId(typeRows);
  const now = viewer.now ?? new Date();
  return rows.map((row) => {
    const patient = patientOf.get(row.patientId)!;
    const provider = providerOf.get(row.providerId)!;
    const location = locationOf.get(row.locationId)!;
    const typeRow = typeOf.get(row.appointmentTypeId)!;
    const type = appointmentTypeSummary(typeRow, viewer.language);
    const live = row.status === 'booked';
    const cancelCutoff = row.startsAt.getTime() - typeRow.cancelCutoffMinutes * minute;
    const rescheduleCutoff = row.startsAt.getTime() - typeRow.rescheduleCutoffMinutes * minute;
    const asStaff = viewer.changesAs === 'staff';
    const upcoming = row.startsAt.getTime() > now.getTime();
    const details = viewer.seesHealthDetails;
    return {
      id: row.id,
      status: row.status,
      patient: {
        id: patient.id,
        displayName: `${patient.preferredName ?? patient.givenName} ${patient.familyName}`,
      },
      provider: {
        id: provider.id,
        displayName: providerDisplayName(provider),
        specialty: provider.specialty,
      },
      location: locationSummary(location),
      appointmentType: {
        id: type.id,
        name: type.name,
        durationMinutes: type.durationMinutes,
        mode: type.mode,
        preparation: type.preparation,
      },
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      timeZone: location.timeZone,
      holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
      reason:
        details && row.reasonEncrypted ? cipher.decrypt(appointmentFields.reason, row.reasonEncrypted) : null,
      intakeAnswers:
        details && row.intakeAnswersEncrypted
          ? (JSON.parse(
              cipher.decrypt(appointmentFields.intakeAnswers, row.intakeAnswersEncrypted),
            ) as Record<string, string>)
          : {},
      videoVisitUrl:
        row.videoVisitToken && (live || row.status === 'arrived')
          ? videoVisitPageUrl(viewer.publicUrl, row.videoVisitToken)
          : null,
      checkInCode: live ? row.checkInCode : null,
      bookedAt: row.bookedAt?.toISOString() ?? null,
      confirmedAt: row.confirmedAt?.toISOString() ?? null,
      checkedInAt: row.checkedInAt?.toISOString() ?? null,
      cancelledAt: row.cancelledAt?.toISOString() ?? null,
      cancellationReason: row.cancellationReason,
      rescheduledFromId: row.rescheduledFromId,
      changeableUntil:
        live && !asStaff ? new Date(Math.min(cancelCutoff, rescheduleCutoff)).toISOString() : null,
      canCancel: live && upcoming && (asStaff || now.getTime() <= cancelCutoff),
      canReschedule: live && upcoming && (asStaff || now.getTime() <= rescheduleCutoff),
      followUp:
        details && row.followUpEncrypted
          ? cipher.decrypt(appointmentFields.followUp, row.followUpEncrypted)
          : null,
    };
  });
}

export async function appointmentView(
  orm: Orm,
  cipher: FieldCipher,
  row: AppointmentRow,
  viewer: AppointmentViewer,
): Promise<Appointment> {
  const [view] = await appointmentViews(orm, cipher, [row], viewer);
  return view!;
}

/** One location's row, for texts that name where the visit is. */
export async function locationOf(orm: Orm, locationId: string) {
  const [row] = await orm.select().from(locations).where(eq(locations.id, locationId));
  return row!;
}
