import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { NotFound } from '../../../errors.ts';
import { locations } from '../../organizations/schema.ts';
import type { FhirResource } from '../fhir-types.ts';
import { timeZoneExtension } from '../fhir-types.ts';
import { anyOf, idConditions, stringMatches } from '../search-filters.ts';
import { clausesOf, isUuid, type ParsedSearch, type SearchParameter } from '../search-params.ts';
import type { FhirContext } from './context.ts';

/**
 * Clinic locations as FHIR Location (https://hl7.org/fhir/R4/location.html): address, phone,
 * position, opening hours, holidays, and the IANA time zone every slot is computed in.
 */

export type LocationRow = typeof locations.$inferSelect;

export const locationSearchParameters: readonly SearchParameter[] = [
  {
    name: 'name',
    type: 'string',
    documentation: 'The location name; starts with the value, any case. :exact and :contains supported.',
  },
  { name: 'address-city', type: 'string', documentation: 'The city; starts with the value, any case.' },
  { name: 'address-state', type: 'string', documentation: 'The state or region; starts with the value.' },
  { name: 'address-postalcode', type: 'string', documentation: 'The postal code; starts with the value.' },
];

const weekdayCodes = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** FHIR `time` has no 24:00; a day open to midnight closes at its last second. */
const fhirTime = (clock: string) => (clock === '24:00' ? '23:59:59' : `${clock}:00`);

function hoursOfOperation(weekly: LocationRow['businessHours']) {
  if (!weekly) return [];
  return Object.entries(weekly).flatMap(([day, intervals]) =>
    (intervals ?? []).map(({ start, end }) => {
      const daysOfWeek = [weekdayCodes[Number(day) - 1]!];
      return start === '00:00' && end === '24:00'
        ? { daysOfWeek, allDay: true }
        : { daysOfWeek, openingTime: fhirTime(start), closingTime: fhirTime(end) };
    }),
  );
}

export function locationResource(row: LocationRow): FhirResource {
  const line = row.addressLine ? [row.addressLine] : [];
  const address = {
    use: 'work',
    type: 'physical',
    ...(line.length > 0 ? { line } : {}),
    ...(row.city ? { city: row.city } : {}),
    ...(row.region ? { state: row.region } : {}),
    ...(row.postalCode ? { postalCode: row.postalCode } : {}),
    ...(row.country ? { country: row.country } : {}),
  };
  const hours = hoursOfOperation(row.businessHours);
  return {
    resourceType: 'Location',
    id: row.id,
    meta: { lastUpdated: row.updatedAt.toISOString() },
    extension: [{ url: timeZoneExtension, valueCode: row.timeZone }],
    status: 'active',
    name: row.name,
    mode: 'instance',
    ...(row.phone ? { telecom: [{ system: 'phone', value: row.phone, use: 'work' }] } : {}),
    ...(Object.keys(address).length > 2 ? { address } : {}),
    ...(row.latitude !== null && row.longitude !== null
      ? { position: { latitude: row.latitude, longitude: row.longitude } }
      : {}),
    ...(hours.length > 0 ? { hoursOfOperation: hours } : {}),
    ...(row.closedDates.length > 0
      ? { availabilityExceptions: `Closed on ${[...row.closedDates].sort().join(', ')}.` }
      : {}),
  };
}

/** One location of the organisation, or 404. */
export async function readLocation({ orm, organizationId }: FhirContext, id: string): Promise<FhirResource> {
  const [row] = isUuid(id)
    ? await orm
        .select()
        .from(locations)
        .where(and(eq(locations.organizationId, organizationId), eq(locations.id, id)))
    : [];
  if (!row) throw new NotFound(`There is no Location/${id} at this clinic. Search with Location?name=.`);
  return locationResource(row);
}

function conditions(search: ParsedSearch, organizationId: string): SQL[] {
  const where: SQL[] = [eq(locations.organizationId, organizationId), ...idConditions(search, locations.id)];
  const columns = {
    name: locations.name,
    'address-city': locations.city,
    'address-state': locations.region,
    'address-postalcode': locations.postalCode,
  };
  for (const [name, column] of Object.entries(columns))
    for (const clause of clausesOf(search, name, 'string'))
      where.push(anyOf(clause, (value) => stringMatches([column], value)));
  return where;
}

/** One page of matching locations, by name, and how many match in all. */
export async function searchLocations({ orm, organizationId }: FhirContext, search: ParsedSearch) {
  const where = and(...conditions(search, organizationId));
  const [{ total } = { total: 0 }] = await orm.select({ total: count() }).from(locations).where(where);
  const rows =
    search.count === 0
      ? []
      : await orm
          .select()
          .from(locations)
          .where(where)
          .orderBy(asc(locations.name), asc(locations.id))
          .limit(search.count)
          .offset(search.offset);
  return { total, resources: rows.map(locationResource) };
}
