import type {
  ProviderProfileUpdate,
  ProviderScheduleList,
  ProviderScheduleProfile,
} from '@patientdesk/contracts';
import { and, asc, count, eq, gt, inArray, notInArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { Invalid } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { locations } from '../../organizations/schema.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { findProvider, providerDisplayName } from '../directory.ts';
import { payerName } from '../insurance.ts';
import {
  providerAppointmentTypes,
  providerLocations,
  providers,
  scheduleExceptions,
  scheduleRules,
} from '../schema.ts';
import { localInstant } from '../working-hours.ts';
import { offerAddedTime } from './added-time.ts';
import { recomputeFreeTime } from './free-time-upkeep.ts';
import { extraHoursView, ruleView, timeOffView } from './hours-views.ts';
import {
  checkLocationsOfClinic,
  checkTypesOfClinic,
  insuranceKeys,
  languageCodes,
} from './profile-checks.ts';

/**
 * Each provider's scheduling profile: what patients search by (insurance, languages,
 * telehealth, new patients, bio, photo), the kinds of visit they offer, and where they work.
 * Linking or unlinking a location changes their free time at once.
 */

/** The providers of the clinic with what the schedule list shows. */
export async function listScheduleProviders(scope: ActorScope): Promise<ProviderScheduleList['items']> {
  await scope.authorize('schedule.read');
  const organizationId = scope.actor.organizationId;
  const rows = await scope.orm
    .select()
    .from(providers)
    .where(eq(providers.organizationId, organizationId))
    .orderBy(asc(providers.familyName), asc(providers.givenName));
  const places = await scope.orm
    .select({ providerId: providerLocations.providerId, name: locations.name })
    .from(providerLocations)
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(and(eq(providerLocations.organizationId, organizationId), eq(providerLocations.active, true)))
    .orderBy(asc(locations.name));
  const typeCounts = await scope.orm
    .select({ providerId: providerAppointmentTypes.providerId, types: count() })
    .from(providerAppointmentTypes)
    .where(eq(providerAppointmentTypes.organizationId, organizationId))
    .groupBy(providerAppointmentTypes.providerId);
  const ruleCounts = await scope.orm
    .select({ providerId: scheduleRules.providerId, rules: count() })
    .from(scheduleRules)
    .where(eq(scheduleRules.organizationId, organizationId))
    .groupBy(scheduleRules.providerId);
  const placesOf = new Map<string, string[]>();
  for (const place of places)
    placesOf.set(place.providerId, [...(placesOf.get(place.providerId) ?? []), place.name]);
  const typesOf = new Map(typeCounts.map((row) => [row.providerId, row.types]));
  const rulesOf = new Map(ruleCounts.map((row) => [row.providerId, row.rules]));
  return rows.map((row) => ({
    id: row.id,
    displayName: providerDisplayName(row),
    specialty: row.specialty,
    acceptingNewPatients: row.acceptingNewPatients,
    offersTelehealth: row.offersTelehealth,
    locationNames: placesOf.get(row.id) ?? [],
    appointmentTypeCount: typesOf.get(row.id) ?? 0,
    ruleCount: rulesOf.get(row.id) ?? 0,
  }));
}

/** A provider's profile with their hours: rules, extra hours and time off from today on. */
export async function readProviderProfile(
  scope: ActorScope,
  providerId: string,
  now = new Date(),
): Promise<ProviderScheduleProfile> {
  await scope.authorize('schedule.read');
  return profileOf(scope.orm, scope.actor.organizationId, providerId, now);
}

async function profileOf(
  orm: Orm,
  organizationId: string,
  providerId: string,
  now: Date,
): Promise<ProviderScheduleProfile> {
  const provider = await findProvider(orm, organizationId, providerId);
  // From the start of the earliest possible "today": what is still to come anywhere.
  const fromDay = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days: 1 }).startOf('day').toJSDate();
  const allLocations = await orm
    .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.organizationId, organizationId))
    .orderBy(asc(locations.name));
  const links = await orm
    .select({ locationId: providerLocations.locationId, active: providerLocations.active })
    .from(providerLocations)
    .where(eq(providerLocations.providerId, providerId));
  const types = await orm
    .select({ id: providerAppointmentTypes.appointmentTypeId })
    .from(providerAppointmentTypes)
    .where(eq(providerAppointmentTypes.providerId, providerId));
  const rules = await orm
    .select()
    .from(scheduleRules)
    .where(eq(scheduleRules.providerId, providerId))
    .orderBy(asc(scheduleRules.startTime), asc(scheduleRules.createdAt));
  const changes = await orm
    .select()
    .from(scheduleExceptions)
    .where(and(eq(scheduleExceptions.providerId, providerId), gt(scheduleExceptions.endsAt, fromDay)))
    .orderBy(asc(scheduleExceptions.startsAt));
  const linkOf = new Map(links.map((link) => [link.locationId, link.active]));
  const zoneOf = new Map(allLocations.map((location) => [location.id, location.timeZone]));
  return {
    id: provider.id,
    displayName: providerDisplayName(provider),
    specialty: provider.specialty,
    acceptedInsurance: provider.acceptedInsurance.map((key) => ({ key, name: payerName(key) })),
    languages: provider.languages,
    offersTelehealth: provider.offersTelehealth,
    acceptingNewPatients: provider.acceptingNewPatients,
    bio: provider.bio,
    photoUrl: provider.photoUrl,
    appointmentTypeIds: types.map((type) => type.id),
    locations: allLocations.map((location) => ({
      locationId: location.id,
      name: location.name,
      timeZone: location.timeZone,
      linked: linkOf.has(location.id),
      active: linkOf.get(location.id) ?? false,
    })),
    rules: rules.map(ruleView),
    extraHours: changes
      .filter((change) => change.kind === 'extra-hours' && change.locationId)
      .map((change) => extraHoursView(change, zoneOf.get(change.locationId!) ?? 'UTC')),
    timeOff: changes.filter((change) => change.kind === 'unavailable').map(timeOffView),
    freeTimeThrough: provider.freeTimeThrough,
  };
}

/** Sets the kinds of visit offered to exactly `typeIds`. */
async function setOfferedTypes(orm: Orm, organizationId: string, providerId: string, typeIds: string[]) {
  await orm
    .delete(providerAppointmentTypes)
    .where(
      and(
        eq(providerAppointmentTypes.providerId, providerId),
        typeIds.length > 0 ? notInArray(providerAppointmentTypes.appointmentTypeId, typeIds) : undefined,
      ),
    );
  if (typeIds.length > 0)
    await orm
      .insert(providerAppointmentTypes)
      .values(typeIds.map((appointmentTypeId) => ({ organizationId, providerId, appointmentTypeId })))
      .onConflictDoNothing();
}

/** Links or unlinks locations; returns those where the provider now works and did not before. */
async function setLocationLinks(
  orm: Orm,
  organizationId: string,
  providerId: string,
  changes: { locationId: string; active: boolean }[],
): Promise<string[]> {
  const before = new Map(
    (
      await orm
        .select({ locationId: providerLocations.locationId, active: providerLocations.active })
        .from(providerLocations)
        .where(eq(providerLocations.providerId, providerId))
    ).map((link) => [link.locationId, link.active]),
  );
  const opened: string[] = [];
  for (const change of changes) {
    if (!before.has(change.locationId)) {
      // A link is kept once made, active or not: it is the provider's role there (FHIR PractitionerRole).
      await orm
        .insert(providerLocations)
        .values({ organizationId, providerId, locationId: change.locationId, active: change.active });
    } else if (before.get(change.locationId) !== change.active) {
      await orm
        .update(providerLocations)
        .set({ active: change.active })
        .where(
          and(
            eq(providerLocations.providerId, providerId),
            eq(providerLocations.locationId, change.locationId),
          ),
        );
    }
    if (change.active && before.get(change.locationId) !== true) opened.push(change.locationId);
  }
  return opened;
}

/** Changes the fields sent; when locations change, the free time follows in the same transaction. */
export async function updateProviderProfile(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  input: ProviderProfileUpdate,
  now = new Date(),
): Promise<ProviderScheduleProfile> {
  await scope.authorize('schedule.manage');
  const { orm } = scope;
  const organizationId = scope.actor.organizationId;
  await findProvider(orm, organizationId, providerId);
  const columns: Partial<typeof providers.$inferInsert> = {};
  if (input.acceptedInsurance) columns.acceptedInsurance = insuranceKeys(input.acceptedInsurance);
  if (input.languages) columns.languages = languageCodes(input.languages);
  if (input.offersTelehealth !== undefined) columns.offersTelehealth = input.offersTelehealth;
  if (input.acceptingNewPatients !== undefined) columns.acceptingNewPatients = input.acceptingNewPatients;
  if (input.bio !== undefined) columns.bio = input.bio;
  if (input.photoUrl !== undefined) columns.photoUrl = input.photoUrl;
  const typeIds = input.appointmentTypeIds ? [...new Set(input.appointmentTypeIds)] : undefined;
  if (typeIds) await checkTypesOfClinic(orm, organizationId, typeIds);
  if (input.locations) {
    const ids = input.locations.map((link) => link.locationId);
    await checkLocationsOfClinic(orm, organizationId, ids);
    const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
    if (repeated >= 0)
      throw new Invalid('A location is listed twice.', [
        { field: `body.locations.${repeated}.locationId`, message: 'is already in the list' },
      ]);
  }

  await orm
    .update(providers)
    .set({ ...columns, updatedAt: now })
    .where(eq(providers.id, providerId));
  if (typeIds) await setOfferedTypes(orm, organizationId, providerId, typeIds);
  if (input.locations) {
    const opened = await setLocationLinks(orm, organizationId, providerId, input.locations);
    const horizon = await recomputeFreeTime(orm, {
      organizationId,
      providerId,
      freeTimeDays: deps.scheduling.freeTimeDays,
      now,
    });
    if (opened.length > 0) {
      const places = await orm
        .select({ id: locations.id, timeZone: locations.timeZone })
        .from(locations)
        .where(inArray(locations.id, opened));
      for (const place of places)
        await offerAddedTime(orm, deps, {
          providerId,
          locationId: place.id,
          from: now,
          to: new Date(localInstant(horizon, '24:00', place.timeZone)),
          now,
        });
    }
  }
  scope.record({
    action: 'provider.schedule-profile.update',
    resourceType: 'provider',
    resourceId: providerId,
    outcome: 'allowed',
    details: { fields: Object.keys(input) },
  });
  return profileOf(orm, organizationId, providerId, now);
}
