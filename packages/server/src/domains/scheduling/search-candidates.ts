import type { ProviderSearchQuery } from '@patientdesk/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { type AppointmentTypeRow, type ProviderRow, providerLinks } from './directory.ts';
import { payerKey } from './insurance.ts';
import { appointmentTypes, providers } from './schema.ts';

/**
 * Who a provider search is about, before any free time is read: the locations it may look at,
 * and the providers its filters match, each with the kind of visit to show them for.
 */

interface Place {
  id: string;
  latitude: number | null;
  longitude: number | null;
}

/** Great-circle distance in kilometres. */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The locations a search may look at (the one asked for, those within reach), and how far each is. */
export function searchPlaces(places: Iterable<Place>, query: ProviderSearchQuery) {
  const origin =
    query.latitude !== undefined && query.longitude !== undefined
      ? { latitude: query.latitude, longitude: query.longitude }
      : undefined;
  const distances = new Map<string, number>();
  const all = [...places];
  if (origin)
    for (const location of all)
      if (location.latitude !== null && location.longitude !== null)
        distances.set(
          location.id,
          distanceKm(origin, { latitude: location.latitude, longitude: location.longitude }),
        );
  const allowedLocations = all
    .map((location) => location.id)
    .filter(
      (id) =>
        (!query.locationId || id === query.locationId) &&
        (query.withinKm === undefined || (distances.get(id) ?? Number.POSITIVE_INFINITY) <= query.withinKm),
    );
  return { origin, distances, allowedLocations };
}

/**
 * The providers the filters match who work at one of `allowedLocations`, each with the kind of
 * visit they are shown for: the one asked for, or their shortest one that fits. Grouped by that
 * kind, in the order the search lists providers whose first times and names are the same.
 * Null when none matches. Only what ranking needs is read here; `describeProviders` reads the
 * rest for the page.
 */
export async function matchingProviders(
  orm: Orm,
  organizationId: string,
  query: ProviderSearchQuery,
  options: { onlineOnly: boolean; asked: AppointmentTypeRow | undefined; allowedLocations: string[] },
) {
  const offeredTypes = await orm
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.organizationId, organizationId), eq(appointmentTypes.active, true)));
  const fits = (type: AppointmentTypeRow) =>
    (!options.onlineOnly || type.bookableOnline) &&
    (query.telehealth === undefined || (type.mode === 'telehealth') === query.telehealth) &&
    (!query.newPatient || type.patientStatus !== 'established');
  // The kinds of visit to show, best first: each provider is shown for the first one they offer.
  const preferred = options.asked
    ? [options.asked]
    : offeredTypes
        .filter(fits)
        .sort((a, b) => a.durationMinutes - b.durationMinutes || a.name.localeCompare(b.name));

  const conditions = [eq(providers.organizationId, organizationId)];
  if (query.specialty) conditions.push(sql`lower(${providers.specialty}) = lower(${query.specialty})`);
  if (query.insurance)
    conditions.push(sql`${payerKey(query.insurance)} = any(${providers.acceptedInsurance})`);
  if (query.language) conditions.push(sql`${query.language} = any(${providers.languages})`);
  if (query.newPatient) conditions.push(eq(providers.acceptingNewPatients, true));
  if (query.telehealth) conditions.push(eq(providers.offersTelehealth, true));
  conditions.push(sql`exists (
    select 1 from provider_locations pl
    where pl.provider_id = ${providers.id} and pl.active
      and pl.location_id = any(${sql.param(options.allowedLocations)}::uuid[]))`);
  const rows = await orm
    .select({
      id: providers.id,
      prefix: providers.prefix,
      givenName: providers.givenName,
      familyName: providers.familyName,
      credentials: providers.credentials,
      // The first of `preferred` they offer (1 for the first), null when none.
      rank: sql<number | null>`(
        select min(array_position(${sql.param(preferred.map((type) => type.id))}::uuid[], pat.appointment_type_id))
        from provider_appointment_types pat where pat.provider_id = providers.id)`,
    })
    .from(providers)
    .where(and(...conditions));
  if (rows.length === 0) return null;

  const byType = new Map<string, { type: AppointmentTypeRow; providers: typeof rows }>();
  for (const row of rows) {
    const type = row.rank === null ? undefined : preferred[row.rank - 1];
    if (!type) continue;
    const group = byType.get(type.id) ?? { type, providers: [] };
    group.providers.push(row);
    byType.set(type.id, group);
  }
  return { providers: rows, byType, typeById: new Map(offeredTypes.map((row) => [row.id, row])) };
}

/** The page's providers in full: their rows, where they work and what they offer. */
export async function describeProviders(orm: Orm, providerIds: string[]) {
  if (providerIds.length === 0)
    return { rowOf: new Map<string, ProviderRow>(), ...(await providerLinks(orm, providerIds)) };
  const rows = await orm
    .select()
    .from(providers)
    .where(sql`${providers.id} = any(${sql.param(providerIds)}::uuid[])`);
  return { rowOf: new Map(rows.map((row) => [row.id, row])), ...(await providerLinks(orm, providerIds)) };
}
