import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { NotFound } from '../../../errors.ts';
import { locations } from '../../organizations/schema.ts';
import { providerDisplayName } from '../../scheduling/directory.ts';
import {
  appointmentTypes,
  providerAppointmentTypes,
  providerLocations,
  providers,
} from '../../scheduling/schema.ts';
import type { CodeableConcept, FhirResource } from '../fhir-types.ts';
import { localCodeSystem, referenceTo } from '../fhir-types.ts';
import { anyOf, idConditions, labelCode, labelCodeSql, referenceConditions } from '../search-filters.ts';
import { clausesOf, isUuid, type ParsedSearch, type SearchParameter } from '../search-params.ts';
import type { FhirContext } from './context.ts';
import type { ProviderRow } from './practitioner.ts';

/**
 * A provider's work at one location (a row of provider_locations) is both a FHIR
 * PractitionerRole (https://hl7.org/fhir/R4/practitionerrole.html) and the Schedule their
 * slots belong to; both have the row's id.
 */

export interface ProviderRole {
  id: string;
  active: boolean;
  provider: ProviderRow;
  location: { id: string; name: string; timeZone: string };
}

export const practitionerRoleSearchParameters: readonly SearchParameter[] = [
  {
    name: 'practitioner',
    type: 'reference',
    targets: ['Practitioner'],
    documentation: 'The practitioner: Practitioner/<id>.',
  },
  { name: 'location', type: 'reference', targets: ['Location'], documentation: 'Where: Location/<id>.' },
  {
    name: 'specialty',
    type: 'token',
    documentation:
      'The specialty code (its words in lower case joined by "-", e.g. family-medicine), optionally with its system.',
  },
  { name: 'active', type: 'token', documentation: 'true or false: whether the role is current.' },
];

/** The specialty as a CodeableConcept of the clinic's own specialty codes. */
export function specialtyConcept(base: string, specialty: string | null): CodeableConcept[] {
  if (!specialty) return [];
  return [
    {
      coding: [
        { system: localCodeSystem(base, 'specialty'), code: labelCode(specialty), display: specialty },
      ],
      text: specialty,
    },
  ];
}

export function practitionerRoleResource(base: string, role: ProviderRole): FhirResource {
  const specialty = specialtyConcept(base, role.provider.specialty);
  const telecom = [
    ...(role.provider.phone ? [{ system: 'phone', value: role.provider.phone, use: 'work' }] : []),
    ...(role.provider.email ? [{ system: 'email', value: role.provider.email, use: 'work' }] : []),
  ];
  return {
    resourceType: 'PractitionerRole',
    id: role.id,
    active: role.active,
    practitioner: referenceTo('Practitioner', role.provider.id, providerDisplayName(role.provider)),
    location: [referenceTo('Location', role.location.id, role.location.name)],
    ...(specialty.length > 0 ? { specialty } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
  };
}

const roleColumns = {
  id: providerLocations.id,
  active: providerLocations.active,
  provider: providers,
  location: { id: locations.id, name: locations.name, timeZone: locations.timeZone },
};

/** Conditions every role search understands (the role's own, its provider's and its location's). */
export function roleConditions(search: ParsedSearch, ctx: FhirContext): SQL[] {
  const where: SQL[] = [
    eq(providerLocations.organizationId, ctx.organizationId),
    ...idConditions(search, providerLocations.id),
  ];
  for (const clause of clausesOf(search, 'specialty', 'token'))
    where.push(
      anyOf(clause, (value) => {
        if (value.system !== undefined && value.system !== localCodeSystem(ctx.base, 'specialty'))
          return sql`false`;
        return value.code === undefined
          ? sql`${providers.specialty} is not null`
          : sql`${labelCodeSql(providers.specialty)} = ${labelCode(value.code)}`;
      }),
    );
  for (const clause of clausesOf(search, 'active', 'token'))
    where.push(
      anyOf(clause, (value) =>
        value.code === 'true' || value.code === 'false'
          ? eq(providerLocations.active, value.code === 'true')
          : sql`false`,
      ),
    );
  return where;
}

/** One page of roles matching the conditions, by provider then location name, and the total. */
export async function findRoles(
  ctx: FhirContext,
  where: SQL[],
  page: { count: number; offset: number },
): Promise<{ total: number; roles: ProviderRole[] }> {
  const [{ total } = { total: 0 }] = await ctx.orm
    .select({ total: count() })
    .from(providerLocations)
    .innerJoin(providers, eq(providers.id, providerLocations.providerId))
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(and(...where));
  const roles =
    page.count === 0
      ? []
      : await ctx.orm
          .select(roleColumns)
          .from(providerLocations)
          .innerJoin(providers, eq(providers.id, providerLocations.providerId))
          .innerJoin(locations, eq(locations.id, providerLocations.locationId))
          .where(and(...where))
          .orderBy(
            asc(providers.familyName),
            asc(providers.givenName),
            asc(locations.name),
            asc(providerLocations.id),
          )
          .limit(page.count)
          .offset(page.offset);
  return { total, roles };
}

/** One role by its id, or 404 naming the resource type asked for. */
export async function findRole(ctx: FhirContext, resourceType: string, id: string): Promise<ProviderRole> {
  const { roles } = isUuid(id)
    ? await findRoles(
        ctx,
        [eq(providerLocations.organizationId, ctx.organizationId), eq(providerLocations.id, id)],
        { count: 1, offset: 0 },
      )
    : { roles: [] };
  if (!roles[0])
    throw new NotFound(
      `There is no ${resourceType}/${id} at this clinic. Search with ${resourceType}?practitioner= or ?actor=.`,
    );
  return roles[0];
}

/** The active appointment types each provider offers (Schedule.serviceType, and which slots exist). */
export async function offeredTypes(ctx: FhirContext, providerIds: string[]) {
  const offered = new Map<string, (typeof appointmentTypes.$inferSelect)[]>();
  if (providerIds.length === 0) return offered;
  const rows = await ctx.orm
    .select({ providerId: providerAppointmentTypes.providerId, type: appointmentTypes })
    .from(providerAppointmentTypes)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, providerAppointmentTypes.appointmentTypeId))
    .where(
      and(
        inArray(providerAppointmentTypes.providerId, providerIds),
        eq(appointmentTypes.organizationId, ctx.organizationId),
        eq(appointmentTypes.active, true),
      ),
    )
    .orderBy(asc(appointmentTypes.code));
  for (const row of rows) offered.set(row.providerId, [...(offered.get(row.providerId) ?? []), row.type]);
  return offered;
}

export async function readPractitionerRole(ctx: FhirContext, id: string): Promise<FhirResource> {
  return practitionerRoleResource(ctx.base, await findRole(ctx, 'PractitionerRole', id));
}

export async function searchPractitionerRoles(ctx: FhirContext, search: ParsedSearch) {
  const where = [
    ...roleConditions(search, ctx),
    ...referenceConditions(search, 'practitioner', { Practitioner: providerLocations.providerId }),
    ...referenceConditions(search, 'location', { Location: providerLocations.locationId }),
  ];
  const { total, roles } = await findRoles(ctx, where, search);
  return { total, resources: roles.map((role) => practitionerRoleResource(ctx.base, role)) };
}
