import { z } from 'zod';
import { Conflict, Invalid, TimeTaken, Unprocessable } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { findPatient, patientEvent } from '../../patients/patient-access.ts';
import { bookAppointment, type SchedulingDependencies } from '../../scheduling/booking.ts';
import type { FhirResource } from '../fhir-types.ts';
import { readSlotId, slotId } from '../slot-id.ts';
import { appointmentResources } from './appointment.ts';
import type { FhirContext } from './context.ts';
import { appointmentInSlot, type FreeSlot, isFree, slotOf } from './slot.ts';

/**
 * Booking by a FHIR client: `POST /fhir/R4/Appointment` with the free Slot it wants and the
 * Patient it is for (https://hl7.org/fhir/R4/appointment.html, as in the Argonaut scheduling
 * guide). The booking itself is the scheduling core's `bookAppointment`, with staff rules: the
 * database refuses a double booking, and a slot someone just took is answered 409.
 */

const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });
const codeableConcept = z.looseObject({
  coding: z.array(z.looseObject({ system: z.string().optional(), code: z.string().optional() })).optional(),
  text: z.string().optional(),
});

const bookingRequest = z.looseObject({
  resourceType: z.literal('Appointment', { error: 'must be "Appointment"' }),
  status: z.enum(['booked', 'proposed'], {
    error: 'must be "booked" (or "proposed"): a new appointment is booked into a free slot',
  }),
  slot: z
    .array(reference, { error: 'must list the free Slot to book, as [{"reference": "Slot/<id>"}]' })
    .length(1, { error: 'must list exactly one Slot: one appointment takes one slot' }),
  participant: z.array(z.looseObject({ actor: reference.optional() }), {
    error: 'must include the patient: [{"actor": {"reference": "Patient/<id>"}}]',
  }),
  start: z.string().optional(),
  end: z.string().optional(),
  reasonCode: z.array(codeableConcept).optional(),
  serviceType: z.array(codeableConcept).optional(),
});

type BookingRequest = z.infer<typeof bookingRequest>;

/** "participant.0.actor" -> "Appointment.participant[0].actor" (FHIRPath, as OperationOutcome names it). */
const fhirPath = (path: PropertyKey[]) =>
  path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`),
    'Appointment',
  );

function readRequest(body: unknown): BookingRequest {
  const parsed = bookingRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new Invalid(
    'This Appointment cannot be booked as sent; see the issues.',
    parsed.error.issues.map((issue) => ({ field: fhirPath(issue.path), message: issue.message })),
  );
}

/** The patient the appointment is for: exactly one Patient among the participants. */
function patientOf(request: BookingRequest): string {
  const patients = request.participant.flatMap((participant, index) => {
    const text = participant.actor?.reference ?? '';
    return text.startsWith('Patient/') || text.includes('/Patient/')
      ? [{ index, id: text.split('/').at(-1)! }]
      : [];
  });
  if (patients.length !== 1)
    throw new Invalid(
      patients.length === 0
        ? 'Name the patient the appointment is for among the participants (actor Patient/<id>).'
        : 'An appointment is for one patient; name only one Patient among the participants.',
      [{ field: 'Appointment.participant', message: 'must include exactly one Patient actor' }],
    );
  return patients[0]!.id;
}

/** The slot named, its schedule and kind of visit found; anything else is a 400 naming the slot. */
async function requestedSlot(ctx: FhirContext, request: BookingRequest): Promise<FreeSlot> {
  const text = request.slot[0]!.reference ?? '';
  const id = text.split('/').at(-1) ?? '';
  const key = text.includes('Slot/') ? readSlotId(id) : undefined;
  const slot = key ? await slotOf(ctx, key) : undefined;
  if (!slot)
    throw new Invalid(
      `Appointment.slot[0] (${text || 'empty'}) is not a slot of this server. Search Slot?status=free and use one of its ids.`,
      [{ field: 'Appointment.slot[0].reference', message: 'must be Slot/<id> of a free slot found here' }],
    );
  return slot;
}

/** What the client said besides the slot must agree with it: practitioner, location, times, kind of visit. */
function checkAgreesWithSlot(request: BookingRequest, slot: FreeSlot): void {
  const problems: { field: string; message: string }[] = [];
  request.participant.forEach((participant, index) => {
    const [type, id] = (participant.actor?.reference ?? '').split('/').slice(-2);
    if (type === 'Practitioner' && id !== slot.schedule.providerId)
      problems.push({
        field: `Appointment.participant[${index}].actor`,
        message: 'is not the practitioner of the slot',
      });
    if (type === 'Location' && id !== slot.schedule.locationId)
      problems.push({
        field: `Appointment.participant[${index}].actor`,
        message: 'is not the location of the slot',
      });
  });
  const end = slot.start + slot.type.durationMinutes * 60_000;
  if (request.start !== undefined && Date.parse(request.start) !== slot.start)
    problems.push({
      field: 'Appointment.start',
      message: `must be the slot's start, ${new Date(slot.start).toISOString()}`,
    });
  if (request.end !== undefined && Date.parse(request.end) !== end)
    problems.push({
      field: 'Appointment.end',
      message: `must be the slot's end, ${new Date(end).toISOString()}`,
    });
  const codes = (request.serviceType ?? []).flatMap((concept) =>
    (concept.coding ?? []).map((coding) => coding.code),
  );
  if (codes.length > 0 && !codes.includes(slot.type.code))
    problems.push({
      field: 'Appointment.serviceType',
      message: `must be the slot's appointment type, ${slot.type.code}`,
    });
  if (problems.length > 0)
    throw new Invalid('The Appointment does not agree with the slot it books; see the issues.', problems);
}

function slotTaken(id: string, nextFreeIds: string[]): Conflict {
  const next =
    nextFreeIds.length > 0
      ? ` The next free ones: ${nextFreeIds.map((free) => `Slot/${free}`).join(', ')}.`
      : '';
  return new Conflict(`Slot/${id} was just taken by another booking.${next}`, [
    { field: 'Appointment.slot[0]', message: 'is no longer free' },
  ]);
}

/** Books the slot for the patient; the new Appointment as FHIR. */
export async function bookFromFhir(
  scope: ActorScope,
  ctx: FhirContext,
  deps: SchedulingDependencies,
  body: unknown,
  now = new Date(),
): Promise<FhirResource> {
  const request = readRequest(body);
  const patientId = patientOf(request);
  await scope.authorize('appointment.book', { patientId });
  try {
    await findPatient(scope.orm, patientId);
  } catch {
    throw new Invalid(`There is no Patient/${patientId} at this clinic; book for one of its patients.`, [
      { field: 'Appointment.participant', message: 'must name a patient of this clinic' },
    ]);
  }
  const slot = await requestedSlot(ctx, request);
  checkAgreesWithSlot(request, slot);
  const id = slotId({
    scheduleId: slot.schedule.id,
    appointmentTypeId: slot.type.id,
    startsAt: new Date(slot.start),
  });
  if (!(await isFree(ctx, slot, now))) {
    if (await appointmentInSlot(ctx, slot)) throw slotTaken(id, []);
    throw new Unprocessable(
      `Slot/${id} is not a free time (any more): the provider's hours or time off changed. Search for free slots again.`,
      [{ field: 'Appointment.slot[0]', message: 'is not free' }],
    );
  }
  const actor = scope.actor;
  const reason = (request.reasonCode ?? [])
    .map((concept) => concept.text ?? concept.coding?.[0]?.code ?? '')
    .filter(Boolean)
    .join('; ')
    .slice(0, 1000);
  let row: Awaited<ReturnType<typeof bookAppointment>>;
  try {
    row = await bookAppointment(scope.orm, deps, {
      organizationId: ctx.organizationId,
      patientId,
      providerId: slot.schedule.providerId,
      locationId: slot.schedule.locationId,
      appointmentTypeId: slot.type.id,
      startsAt: new Date(slot.start),
      bookedBy: {
        type: actor.kind === 'staff' && actor.credential.kind === 'api-token' ? 'api-token' : 'staff',
        id: actor.kind === 'staff' ? actor.staffMemberId : null,
      },
      rules: 'staff',
      reason: reason || null,
      now,
    });
  } catch (error) {
    if (error instanceof TimeTaken)
      throw slotTaken(
        id,
        // Offered at the same location only: another location is another Schedule.
        (error.extra.nextFreeTimes ?? [])
          .filter((free) => free.locationId === slot.schedule.locationId)
          .map((free) =>
            slotId({
              scheduleId: slot.schedule.id,
              appointmentTypeId: free.appointmentTypeId,
              startsAt: new Date(free.startsAt),
            }),
          ),
      );
    throw error;
  }
  scope.record(
    patientEvent(scope, patientId, 'appointment.book', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { via: 'fhir', slot: id, startsAt: row.startsAt.toISOString(), providerId: row.providerId },
    }),
  );
  const [resource] = await appointmentResources(scope, ctx, deps.cipher, [row]);
  return resource!;
}
