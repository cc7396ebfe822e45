import { type SQL, sql } from 'drizzle-orm';
import { providerDisplayName } from '../../scheduling/directory.ts';
import type { appointmentTypes } from '../../scheduling/schema.ts';
import { providerLocations } from '../../scheduling/schema.ts';
import type { CodeableConcept, FhirResource } from '../fhir-types.ts';
import { localCodeSystem, referenceTo } from '../fhir-types.ts';
import { anyOf, referenceConditions } from '../search-filters.ts';
import { clausesOf, type ParsedSearch, type SearchParameter } from '../search-params.ts';
import type { FhirContext } from './context.ts';
import {
  findRole,
  findRoles,
  offeredTypes,
  type ProviderRole,
  roleConditions,
  specialtyConcept,
} from './practitioner-role.ts';

/**
 * A provider's bookable time at one location as a FHIR Schedule
 * (https://hl7.org/fhir/R4/schedule.html): its actors are the practitioner and the location,
 * its service types the kinds of visit the provider offers. Its free Slots are the ones the
 * scheduling core computes; the planning horizon is how far ahead that free time is computed.
 */

type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;

export const scheduleSearchParameters: readonly SearchParameter[] = [
  {
    name: 'actor',
    type: 'reference',
    targets: ['Practitioner', 'Location', 'PractitionerRole'],
    documentation:
      'Practitioner/<id>, Location/<id>, or PractitionerRole/<id> (the same id as the Schedule).',
  },
  {
    name: 'service-type',
    type: 'token',
    documentation: 'An appointment type code the provider offers (new-patient, follow-up...).',
  },
  {
    name: 'specialty',
    type: 'token',
    documentation: 'The specialty code (its words in lower case joined by "-", e.g. family-medicine).',
  },
  { name: 'active', type: 'token', documentation: 'true or false: whether the schedule is in use.' },
];

/** A kind of visit as a code of the clinic's appointment types. */
export function appointmentTypeConcept(
  base: string,
  type: Pick<AppointmentTypeRow, 'code' | 'name'>,
): CodeableConcept {
  return {
    coding: [{ system: localCodeSystem(base, 'appointment-type'), code: type.code, display: type.name }],
    text: type.name,
  };
}

export function scheduleResource(
  base: string,
  role: ProviderRole,
  types: AppointmentTypeRow[],
): FhirResource {
  const specialty = specialtyConcept(base, role.provider.specialty);
  const name = providerDisplayName(role.provider);
  return {
    resourceType: 'Schedule',
    id: role.id,
    active: role.active,
    ...(types.length > 0 ? { serviceType: types.map((type) => appointmentTypeConcept(base, type)) } : {}),
    ...(specialty.length > 0 ? { specialty } : {}),
    actor: [
      referenceTo('Practitioner', role.provider.id, name),
      referenceTo('Location', role.location.id, role.location.name),
    ],
    ...(role.provider.freeTimeThrough ? { planningHorizon: { end: role.provider.freeTimeThrough } } : {}),
    comment: `${name} at ${role.location.name}; times in ${role.location.timeZone}.`,
  };
}

async function withTypes(ctx: FhirContext, roles: ProviderRole[]): Promise<FhirResource[]> {
  const offered = await offeredTypes(
    ctx,
    roles.map((role) => role.provider.id),
  );
  return roles.map((role) => scheduleResource(ctx.base, role, offered.get(role.provider.id) ?? []));
}

export async function readSchedule(ctx: FhirContext, id: string): Promise<FhirResource> {
  const [resource] = await withTypes(ctx, [await findRole(ctx, 'Schedule', id)]);
  return resource!;
}

/** `service-type`: the provider offers an active appointment type with one of the codes. */
export function serviceTypeConditions(search: ParsedSearch, base: string, name: string): SQL[] {
  return clausesOf(search, name, 'token').map((clause) =>
    anyOf(clause, (value) => {
      if (value.system !== undefined && value.system !== localCodeSystem(base, 'appointment-type'))
        return sql`false`;
      return sql`exists (
        select 1 from provider_appointment_types pat
        join appointment_types t on t.id = pat.appointment_type_id
        where pat.provider_id = ${providerLocations.providerId} and t.active
          ${value.code === undefined ? sql`` : sql`and t.code = ${value.code}`})`;
    }),
  );
}

export async function searchSchedules(ctx: FhirContext, search: ParsedSearch) {
  const where = [
    ...roleConditions(search, ctx),
    ...referenceConditions(search, 'actor', {
      Practitioner: providerLocations.providerId,
      Location: providerLocations.locationId,
      PractitionerRole: providerLocations.id,
    }),
    ...serviceTypeConditions(search, ctx.base, 'service-type'),
  ];
  const { total, roles } = await findRoles(ctx, where, search);
  return { total, resources: await withTypes(ctx, roles) };
}
