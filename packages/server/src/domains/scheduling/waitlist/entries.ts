import type { WaitlistEntry, WaitlistJoinRequest, WaitlistQuery } from '@patientdesk/contracts';
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { Conflict, Invalid, NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import type { Action } from '../../access/policy.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { findPatientToChange, patientEvent } from '../../patients/patient-access.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { checkProviderOffers } from '../booking-rules.ts';
import { findProvider } from '../directory.ts';
import {
  appointments,
  appointmentTypes,
  providerAppointmentTypes,
  providers,
  waitlistEntries,
} from '../schema.ts';
import { waitlistEntryViews } from './entry-views.ts';
import type { WaitlistEntryRow } from './fits.ts';
import { releaseOffersOf } from './offer-answers.ts';

/**
 * The waitlist for people: patients and proxies (the `scheduling` scope) in the portal, staff for
 * a patient. Joining checks that the wait can ever end (someone offers that visit, there and
 * then); every step is decided by the access policy and leaves an audit event.
 */

interface Acting {
  read: Action;
  change: Action;
  createdBy: { type: 'patient' | 'proxy' | 'staff'; id: string | null };
  onlineOnly: boolean;
}

function actingAs(scope: ActorScope): Acting {
  const actor = scope.actor;
  if (actor.kind === 'staff')
    return {
      read: 'appointment.read',
      change: 'appointment.book',
      createdBy: { type: 'staff', id: actor.staffMemberId },
      onlineOnly: false,
    };
  return {
    read: 'portal.appointments.read',
    change: 'portal.appointments.book',
    createdBy: { type: actor.subject.type, id: actor.subject.id },
    onlineOnly: true,
  };
}

const field = (name: string, message: string) => [{ field: `body.${name}`, message }];

/** Checks what the entry waits for, so that an offer can one day fit it. */
async function checkWhatIsWaitedFor(scope: ActorScope, request: WaitlistJoinRequest, onlineOnly: boolean) {
  const { orm } = scope;
  const organizationId = scope.actor.organizationId;
  if (request.providerId && request.specialty)
    throw new Invalid(
      'Choose a provider or a specialty, not both.',
      field('specialty', 'leave it out when a provider is chosen'),
    );
  const [type] = await orm
    .select()
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.id, request.appointmentTypeId),
        eq(appointmentTypes.organizationId, organizationId),
      ),
    );
  if (!type?.active)
    throw new Invalid(
      'There is no such kind of visit at this clinic.',
      field('appointmentTypeId', 'must be one of the clinic’s kinds of visit'),
    );
  if (onlineOnly && !type.bookableOnline)
    throw new Invalid(
      `"${type.name}" visits are booked by the clinic's staff. Call or message the clinic to be put on its waitlist.`,
      field('appointmentTypeId', 'is not bookable online'),
    );
  if (request.locationId) {
    const [location] = await orm
      .select({ id: locations.id })
      .from(locations)
      .where(and(eq(locations.id, request.locationId), eq(locations.organizationId, organizationId)));
    if (!location)
      throw new Invalid(
        'There is no such location at this clinic.',
        field('locationId', 'must be one of the clinic’s locations'),
      );
  }
  if (request.providerId) {
    const provider = await findProvider(orm, organizationId, request.providerId).catch(() => {
      throw new Invalid(
        'There is no such provider at this clinic.',
        field('providerId', 'must be one of the clinic’s providers'),
      );
    });
    if (request.locationId) await checkProviderOffers(orm, provider, type, request.locationId);
    else {
      const [offered] = await orm
        .select({ id: providerAppointmentTypes.providerId })
        .from(providerAppointmentTypes)
        .where(
          and(
            eq(providerAppointmentTypes.providerId, provider.id),
            eq(providerAppointmentTypes.appointmentTypeId, type.id),
          ),
        );
      if (!offered)
        throw new Invalid(
          `This provider does not offer "${type.name}" visits. Choose another kind of visit or provider.`,
          field('appointmentTypeId', 'is not offered by this provider'),
        );
    }
  } else {
    const [someone] = await orm
      .select({ id: providers.id })
      .from(providers)
      .innerJoin(providerAppointmentTypes, eq(providerAppointmentTypes.providerId, providers.id))
      .where(
        and(
          eq(providers.organizationId, organizationId),
          sql`lower(${providers.specialty}) = lower(${request.specialty})`,
          eq(providerAppointmentTypes.appointmentTypeId, type.id),
          request.locationId
            ? sql`exists (select 1 from provider_locations pl where pl.provider_id = ${providers.id}
                and pl.location_id = ${request.locationId} and pl.active)`
            : undefined,
        ),
      )
      .limit(1);
    if (!someone)
      throw new Invalid(
        `No ${request.specialty} provider here offers "${type.name}" visits${request.locationId ? ' at that location' : ''}.`,
        field('specialty', 'has no provider offering this kind of visit'),
      );
  }
  return type;
}

async function checkAppointmentToMove(scope: ActorScope, request: WaitlistJoinRequest, now: Date) {
  if (!request.currentAppointmentId) return;
  const [appointment] = await scope.orm
    .select()
    .from(appointments)
    .where(eq(appointments.id, request.currentAppointmentId));
  const refusal = field('currentAppointmentId', 'must be one of the patient’s upcoming booked appointments');
  if (!appointment || appointment.patientId !== request.patientId)
    throw new Invalid('That appointment is not one of this patient’s.', refusal);
  if (appointment.status !== 'booked' || appointment.startsAt.getTime() <= now.getTime())
    throw new Invalid('Only an upcoming booked appointment can be moved earlier.', refusal);
  if (appointment.appointmentTypeId !== request.appointmentTypeId)
    throw new Invalid(
      'The appointment to move earlier is another kind of visit. Choose the same kind of visit.',
      field('appointmentTypeId', 'must be the kind of visit of the appointment to move'),
    );
}

/** Puts a patient on the waitlist. */
export async function joinWaitlist(
  scope: ActorScope,
  request: WaitlistJoinRequest,
  now = new Date(),
): Promise<WaitlistEntry> {
  const acting = actingAs(scope);
  await scope.authorize(acting.change, { patientId: request.patientId });
  const patient = await findPatientToChange(scope.orm, request.patientId);
  await checkWhatIsWaitedFor(scope, request, acting.onlineOnly);
  await checkAppointmentToMove(scope, request, now);
  const [organization] = await scope.orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, patient.organizationId));
  const today = DateTime.fromJSDate(now, { zone: organization!.timeZone }).toISODate()!;
  if (request.availableUntil && request.availableUntil < today)
    throw new Invalid('The last day that suits is already past.', field('availableUntil', 'is in the past'));

  const same = await scope.orm
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.patientId, patient.id),
        eq(waitlistEntries.status, 'waiting'),
        eq(waitlistEntries.appointmentTypeId, request.appointmentTypeId),
        request.providerId
          ? eq(waitlistEntries.providerId, request.providerId)
          : isNull(waitlistEntries.providerId),
        request.specialty
          ? sql`lower(${waitlistEntries.specialty}) = lower(${request.specialty})`
          : isNull(waitlistEntries.specialty),
        request.locationId
          ? eq(waitlistEntries.locationId, request.locationId)
          : isNull(waitlistEntries.locationId),
      ),
    );
  if (same.length > 0)
    throw new Conflict(
      'This patient is already waiting for this. Change the days or hours of that entry by withdrawing it and joining again.',
    );

  const [row] = await scope.orm
    .insert(waitlistEntries)
    .values({
      organizationId: patient.organizationId,
      patientId: patient.id,
      providerId: request.providerId ?? null,
      specialty: request.providerId ? null : (request.specialty ?? null),
      appointmentTypeId: request.appointmentTypeId,
      locationId: request.locationId ?? null,
      currentAppointmentId: request.currentAppointmentId ?? null,
      weekdays: [...new Set(request.weekdays)].sort((a, b) => a - b),
      earliestTime: request.earliestTime,
      latestTime: request.latestTime,
      availableFrom: request.availableFrom ?? null,
      availableUntil: request.availableUntil ?? null,
      createdByType: acting.createdBy.type,
      createdById: acting.createdBy.id,
    })
    .returning();
  scope.record(
    patientEvent(scope, patient.id, 'waitlist.join', { resourceType: 'waitlist-entry', resourceId: row!.id }),
  );
  const [view] = await waitlistEntryViews(scope.orm, [row!]);
  return view!;
}

/** A patient's waitlist entries, newest first. */
export async function listPatientWaitlist(
  scope: ActorScope,
  patientId: string,
  language?: string,
): Promise<WaitlistEntry[]> {
  const acting = actingAs(scope);
  await scope.authorize(acting.read, { patientId });
  const rows = await scope.orm
    .select()
    .from(waitlistEntries)
    .where(eq(waitlistEntries.patientId, patientId))
    .orderBy(desc(waitlistEntries.createdAt))
    .limit(100);
  scope.record(patientEvent(scope, patientId, 'waitlist.list', { resourceType: 'waitlist-entry' }));
  return waitlistEntryViews(scope.orm, rows, language);
}

/**
 * A waitlist as the front desk sees it: in the order offers go out (oldest first). For a
 * provider, the entries that wait for them and those that wait for any provider of their
 * specialty.
 */
export async function listWaitlist(scope: ActorScope, query: WaitlistQuery): Promise<WaitlistEntry[]> {
  await scope.authorize('appointment.read');
  const { orm } = scope;
  const organizationId = scope.actor.organizationId;
  let forProvider: ReturnType<typeof or> | undefined;
  if (query.providerId) {
    const provider = await findProvider(orm, organizationId, query.providerId);
    forProvider = provider.specialty
      ? or(
          eq(waitlistEntries.providerId, provider.id),
          and(
            isNull(waitlistEntries.providerId),
            sql`lower(${waitlistEntries.specialty}) = lower(${provider.specialty})`,
          ),
        )
      : eq(waitlistEntries.providerId, provider.id);
  }
  const rows = await orm
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.organizationId, organizationId),
        eq(waitlistEntries.status, query.status),
        forProvider,
        query.specialty
          ? or(
              sql`lower(${waitlistEntries.specialty}) = lower(${query.specialty})`,
              sql`exists (select 1 from providers p where p.id = ${waitlistEntries.providerId}
                and lower(p.specialty) = lower(${query.specialty}))`,
            )
          : undefined,
        query.appointmentTypeId ? eq(waitlistEntries.appointmentTypeId, query.appointmentTypeId) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
    .limit(query.limit);
  const patientIds = [...new Set(rows.map((row) => row.patientId))];
  if (patientIds.length > 0)
    scope.record({
      action: 'waitlist.list',
      resourceType: 'waitlist-entry',
      patientIds,
      outcome: 'allowed',
      details: { ...query },
    });
  return waitlistEntryViews(orm, rows);
}

/** Takes a patient off the waitlist; an offer they had open goes on to the next in line. */
export async function withdrawFromWaitlist(
  scope: ActorScope,
  deps: SchedulingDependencies,
  entryId: string,
  now = new Date(),
): Promise<WaitlistEntry> {
  const acting = actingAs(scope);
  const [entry] = await scope.orm.select().from(waitlistEntries).where(eq(waitlistEntries.id, entryId));
  if (!entry) throw new NotFound(`There is no waitlist entry ${entryId}. Look at the list again.`);
  await scope.authorize(acting.change, { patientId: entry.patientId });
  if (entry.status !== 'waiting')
    throw new Conflict(
      entry.status === 'booked'
        ? 'This wait is over: a time was already booked from it.'
        : `This entry is already ${entry.status}.`,
    );
  const [withdrawn] = await scope.orm
    .update(waitlistEntries)
    .set({ status: 'withdrawn', updatedAt: now })
    .where(eq(waitlistEntries.id, entry.id))
    .returning();
  await releaseOffersOf(scope.orm, deps, entry.id, now);
  scope.record(
    patientEvent(scope, entry.patientId, 'waitlist.withdraw', {
      resourceType: 'waitlist-entry',
      resourceId: entry.id,
    }),
  );
  const [view] = await waitlistEntryViews(scope.orm, [withdrawn as WaitlistEntryRow]);
  return view!;
}
