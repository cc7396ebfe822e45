import type { Appointment } from '@patientdesk/contracts';
import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { Invalid, NotFound } from '../../../errors.ts';
import type { FieldCipher } from '../../../security/field-encryption.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { patientEvent } from '../../patients/patient-access.ts';
import { appointmentViews } from '../../scheduling/appointment-view.ts';
import type { AppointmentRow } from '../../scheduling/booking.ts';
import {
  type AppointmentStatus,
  appointments,
  appointmentTypes,
  type CancellationReason,
  providerLocations,
  providers,
} from '../../scheduling/schema.ts';
import type { FhirResource } from '../fhir-types.ts';
import { localCodeSystem, referenceTo } from '../fhir-types.ts';
import { anyOf, idConditions, instantMatches, referenceConditions } from '../search-filters.ts';
import { clausesOf, isUuid, type ParsedSearch, type SearchParameter } from '../search-params.ts';
import { slotId } from '../slot-id.ts';
import type { FhirContext } from './context.ts';
import { specialtyConcept } from './practitioner-role.ts';
import { appointmentTypeConcept } from './schedule.ts';

/**
 * Appointments as FHIR Appointment (https://hl7.org/fhir/R4/appointment.html). An appointment
 * is health information: every read goes through the policy and leaves an audit event, and the
 * reason for the visit and the follow-up instructions are shown only to callers the policy lets
 * read the patient's record (as in the rest of the API).
 */

/** FHIR appointmentstatus for ours: a hold waits for the patient's confirmation ("pending"). */
export const fhirStatusOf: Record<AppointmentStatus, string> = {
  held: 'pending',
  booked: 'booked',
  arrived: 'arrived',
  fulfilled: 'fulfilled',
  cancelled: 'cancelled',
  noshow: 'noshow',
};
const statusOfFhir = new Map(
  Object.entries(fhirStatusOf).map(([ours, theirs]) => [theirs, ours as AppointmentStatus]),
);
/** Every code of the FHIR value set; the ones we never use match nothing. */
const fhirStatuses = new Set([
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
]);

const cancellationWords: Record<CancellationReason, string> = {
  patient: 'Cancelled by the patient.',
  clinic: 'Cancelled by the clinic.',
  'provider-unavailable': 'The provider became unavailable.',
  rescheduled: 'Moved to another time (a new appointment).',
  'hold-expired': 'The time was held but not confirmed in time.',
};

export const appointmentSearchParameters: readonly SearchParameter[] = [
  { name: 'patient', type: 'reference', targets: ['Patient'], documentation: 'The patient: Patient/<id>.' },
  {
    name: 'date',
    type: 'date',
    documentation:
      "When the appointment starts: date=ge2026-03-09&date=lt2026-03-10 (dates without a zone are the clinic's).",
  },
  {
    name: 'status',
    type: 'token',
    documentation: 'pending (held, awaiting confirmation), booked, arrived, fulfilled, cancelled, noshow.',
  },
  {
    name: 'practitioner',
    type: 'reference',
    targets: ['Practitioner'],
    documentation: 'The practitioner: Practitioner/<id>.',
  },
  { name: 'location', type: 'reference', targets: ['Location'], documentation: 'Where: Location/<id>.' },
  {
    name: 'service-type',
    type: 'token',
    documentation: 'The appointment type code (new-patient, follow-up...).',
  },
];

interface Extras {
  typeCode: Map<string, string>;
  scheduleOf: Map<string, string>;
  specialtyOf: Map<string, string | null>;
}

/** What the contracts view lacks: appointment type codes, each provider-location's schedule id, specialties. */
async function extrasFor(ctx: FhirContext, rows: AppointmentRow[]): Promise<Extras> {
  const providerIds = [...new Set(rows.map((row) => row.providerId))];
  const typeIds = [...new Set(rows.map((row) => row.appointmentTypeId))];
  // One after the other: the queries share the request's transaction (one connection).
  const types = await ctx.orm
    .select({ id: appointmentTypes.id, code: appointmentTypes.code })
    .from(appointmentTypes)
    .where(inArray(appointmentTypes.id, typeIds));
  const roles = await ctx.orm
    .select({
      id: providerLocations.id,
      providerId: providerLocations.providerId,
      locationId: providerLocations.locationId,
    })
    .from(providerLocations)
    .where(inArray(providerLocations.providerId, providerIds));
  const people = await ctx.orm
    .select({ id: providers.id, specialty: providers.specialty })
    .from(providers)
    .where(inArray(providers.id, providerIds));
  return {
    typeCode: new Map(types.map((type) => [type.id, type.code])),
    scheduleOf: new Map(roles.map((role) => [`${role.providerId}/${role.locationId}`, role.id])),
    specialtyOf: new Map(people.map((person) => [person.id, person.specialty])),
  };
}

function appointmentResource(
  base: string,
  row: AppointmentRow,
  view: Appointment,
  extras: Extras,
): FhirResource {
  const type = appointmentTypeConcept(base, {
    code: extras.typeCode.get(row.appointmentTypeId) ?? row.appointmentTypeId,
    name: view.appointmentType.name,
  });
  const specialty = specialtyConcept(base, extras.specialtyOf.get(row.providerId) ?? null);
  const scheduleId = extras.scheduleOf.get(`${row.providerId}/${row.locationId}`);
  const others = row.status === 'held' ? 'needs-action' : 'accepted';
  return {
    resourceType: 'Appointment',
    id: row.id,
    meta: { lastUpdated: row.updatedAt.toISOString() },
    status: fhirStatusOf[row.status],
    ...(row.cancellationReason
      ? { cancelationReason: { text: cancellationWords[row.cancellationReason] } }
      : {}),
    serviceType: [type],
    ...(specialty.length > 0 ? { specialty } : {}),
    appointmentType: type,
    ...(view.reason ? { reasonCode: [{ text: view.reason }] } : {}),
    description: `${view.appointmentType.name} with ${view.provider.displayName}`,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    minutesDuration: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
    ...(scheduleId
      ? {
          slot: [
            referenceTo(
              'Slot',
              slotId({ scheduleId, appointmentTypeId: row.appointmentTypeId, startsAt: row.startsAt }),
            ),
          ],
        }
      : {}),
    ...(row.bookedAt ? { created: row.bookedAt.toISOString() } : {}),
    ...(view.followUp ? { comment: view.followUp } : {}),
    ...(view.appointmentType.preparation ? { patientInstruction: view.appointmentType.preparation } : {}),
    participant: [
      {
        actor: referenceTo('Patient', row.patientId, view.patient.displayName),
        required: 'required',
        status: others,
      },
      {
        actor: referenceTo('Practitioner', row.providerId, view.provider.displayName),
        required: 'required',
        status: 'accepted',
      },
      {
        actor: referenceTo('Location', row.locationId, view.location.name),
        required: 'required',
        status: 'accepted',
      },
    ],
  };
}

/**
 * The rows as FHIR Appointments. The reason and follow-up (health information) are decrypted
 * only for patients whose record the caller may read.
 */
export async function appointmentResources(
  scope: ActorScope,
  ctx: FhirContext,
  cipher: FieldCipher,
  rows: AppointmentRow[],
): Promise<FhirResource[]> {
  if (rows.length === 0) return [];
  const seesRecord = new Map<string, boolean>();
  for (const patientId of new Set(rows.map((row) => row.patientId)))
    seesRecord.set(patientId, await scope.allows('patient.read', { patientId }));
  // The video-visit link is not part of the FHIR resource (it is the patient's secret).
  const viewer = { changesAs: 'staff' as const, publicUrl: ctx.publicUrl };
  const visible = rows.filter((row) => seesRecord.get(row.patientId));
  const open = await appointmentViews(ctx.orm, cipher, visible, { ...viewer, seesHealthDetails: true });
  const withheld = await appointmentViews(
    ctx.orm,
    cipher,
    rows.filter((row) => !seesRecord.get(row.patientId)),
    { ...viewer, seesHealthDetails: false },
  );
  const extras = await extrasFor(ctx, rows);
  const views = new Map([...open, ...withheld].map((view) => [view.id, view]));
  return rows.map((row) => appointmentResource(ctx.base, row, views.get(row.id)!, extras));
}

/** One appointment, after the policy allowed reading the patient's appointments; audited. */
export async function readAppointmentResource(
  scope: ActorScope,
  ctx: FhirContext,
  cipher: FieldCipher,
  id: string,
): Promise<FhirResource> {
  const [row] = isUuid(id)
    ? await ctx.orm
        .select()
        .from(appointments)
        .where(and(eq(appointments.organizationId, ctx.organizationId), eq(appointments.id, id)))
    : [];
  if (!row)
    throw new NotFound(`There is no Appointment/${id} at this clinic. Search with Appointment?patient=.`);
  await scope.authorize('appointment.read', { patientId: row.patientId });
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.read', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { via: 'fhir' },
    }),
  );
  const [resource] = await appointmentResources(scope, ctx, cipher, [row]);
  return resource!;
}

function statusConditions(search: ParsedSearch): SQL[] {
  return clausesOf(search, 'status', 'token').map((clause) =>
    anyOf(clause, (value) => {
      const code = value.code ?? '';
      if (!fhirStatuses.has(code))
        throw new Invalid(
          `status=${code} is not an appointment status. Use pending, booked, arrived, fulfilled, cancelled or noshow.`,
          [{ field: 'status', message: 'is not an appointment status' }],
        );
      const ours = statusOfFhir.get(code);
      return ours ? eq(appointments.status, ours) : sql`false`;
    }),
  );
}

/** One page of the organisation's appointments that match, soonest first; the patients shown are audited. */
export async function searchAppointments(
  scope: ActorScope,
  ctx: FhirContext,
  cipher: FieldCipher,
  search: ParsedSearch,
) {
  const patientIds = clausesOf(search, 'patient', 'reference').flatMap((clause) =>
    clause.map((value) => value.id),
  );
  // A search for named patients is decided per patient, so a refusal is recorded against them.
  for (const patientId of new Set(patientIds.filter(isUuid)))
    await scope.authorize('appointment.read', { patientId });
  if (patientIds.length === 0) await scope.authorize('appointment.read');
  const where = and(
    eq(appointments.organizationId, ctx.organizationId),
    ...idConditions(search, appointments.id),
    ...referenceConditions(search, 'patient', { Patient: appointments.patientId }),
    ...referenceConditions(search, 'practitioner', { Practitioner: appointments.providerId }),
    ...referenceConditions(search, 'location', { Location: appointments.locationId }),
    ...clausesOf(search, 'date', 'date').map((clause) =>
      anyOf(clause, (value) => instantMatches(appointments.startsAt, value)),
    ),
    ...statusConditions(search),
    ...clausesOf(search, 'service-type', 'token').map((clause) =>
      anyOf(clause, (value) => {
        if (value.system !== undefined && value.system !== localCodeSystem(ctx.base, 'appointment-type'))
          return sql`false`;
        return value.code === undefined
          ? sql`true`
          : sql`exists (select 1 from appointment_types t where t.id = ${appointments.appointmentTypeId} and t.code = ${value.code})`;
      }),
    ),
  );
  const [{ total } = { total: 0 }] = await ctx.orm.select({ total: count() }).from(appointments).where(where);
  const rows =
    search.count === 0
      ? []
      : await ctx.orm
          .select()
          .from(appointments)
          .where(where)
          .orderBy(asc(appointments.startsAt), asc(appointments.id))
          .limit(search.count)
          .offset(search.offset);
  scope.record({
    action: 'appointment.search',
    resourceType: 'appointment',
    patientIds: [...new Set(rows.map((row) => row.patientId))],
    outcome: 'allowed',
    details: { via: 'fhir', query: new URLSearchParams(search.query).toString(), total, shown: rows.length },
  });
  return { total, resources: await appointmentResources(scope, ctx, cipher, rows) };
}
