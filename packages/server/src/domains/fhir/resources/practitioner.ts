import { and, asc, count, eq, type SQL, sql } from 'drizzle-orm';
import { NotFound } from '../../../errors.ts';
import { providerDisplayName } from '../../scheduling/directory.ts';
import { providers } from '../../scheduling/schema.ts';
import type { ContactPoint, FhirResource } from '../fhir-types.ts';
import { languageSystem, npiSystem } from '../fhir-types.ts';
import { anyOf, idConditions, stringMatches } from '../search-filters.ts';
import { clausesOf, isUuid, type ParsedSearch, type SearchParameter } from '../search-params.ts';
import type { FhirContext } from './context.ts';

/**
 * Providers as FHIR Practitioner (https://hl7.org/fhir/R4/practitioner.html): name, NPI,
 * languages spoken, work contacts and photo. Directory information, not health information.
 */

export type ProviderRow = typeof providers.$inferSelect;

export const practitionerSearchParameters: readonly SearchParameter[] = [
  {
    name: 'name',
    type: 'string',
    documentation:
      'Any part of the name (given, family, prefix, or "given family"); starts with the value, any case. :exact and :contains supported.',
  },
  {
    name: 'identifier',
    type: 'token',
    documentation: `The NPI, as ${npiSystem}|<10 digits> or the digits alone.`,
  },
];

/** "Dr." -> prefix, "MD, MPH" -> suffixes. */
const splitCredentials = (credentials: string | null) =>
  (credentials ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function practitionerResource(row: ProviderRow): FhirResource {
  const telecom: ContactPoint[] = [
    ...(row.phone ? [{ system: 'phone' as const, value: row.phone, use: 'work' as const }] : []),
    ...(row.email ? [{ system: 'email' as const, value: row.email, use: 'work' as const }] : []),
  ];
  const suffix = splitCredentials(row.credentials);
  return {
    resourceType: 'Practitioner',
    id: row.id,
    meta: { lastUpdated: row.updatedAt.toISOString() },
    ...(row.npi ? { identifier: [{ use: 'official', system: npiSystem, value: row.npi }] } : {}),
    name: [
      {
        use: 'official',
        text: providerDisplayName(row),
        family: row.familyName,
        given: [row.givenName],
        ...(row.prefix ? { prefix: [row.prefix] } : {}),
        ...(suffix.length > 0 ? { suffix } : {}),
      },
    ],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: row.sex,
    ...(row.photoUrl ? { photo: [{ url: row.photoUrl }] } : {}),
    ...(row.languages.length > 0
      ? {
          communication: row.languages.map((code) => ({ coding: [{ system: languageSystem, code }] })),
        }
      : {}),
  };
}

/** One practitioner of the organisation, or 404. */
export async function readPractitioner(
  { orm, organizationId }: FhirContext,
  id: string,
): Promise<FhirResource> {
  const [row] = isUuid(id)
    ? await orm
        .select()
        .from(providers)
        .where(and(eq(providers.organizationId, organizationId), eq(providers.id, id)))
    : [];
  if (!row)
    throw new NotFound(`There is no Practitioner/${id} at this clinic. Search with Practitioner?name=.`);
  return practitionerResource(row);
}

function conditions(search: ParsedSearch, organizationId: string): SQL[] {
  const where: SQL[] = [eq(providers.organizationId, organizationId), ...idConditions(search, providers.id)];
  const fullName = sql`${providers.givenName} || ' ' || ${providers.familyName}`;
  for (const clause of clausesOf(search, 'name', 'string'))
    where.push(
      anyOf(clause, (value) =>
        stringMatches([providers.givenName, providers.familyName, providers.prefix, fullName], value),
      ),
    );
  for (const clause of clausesOf(search, 'identifier', 'token'))
    where.push(
      anyOf(clause, (value) => {
        if (value.system !== undefined && value.system !== npiSystem) return sql`false`;
        return value.code === undefined ? sql`${providers.npi} is not null` : eq(providers.npi, value.code);
      }),
    );
  return where;
}

/** One page of matching practitioners, by family then given name, and how many match in all. */
export async function searchPractitioners({ orm, organizationId }: FhirContext, search: ParsedSearch) {
  const where = and(...conditions(search, organizationId));
  const [{ total } = { total: 0 }] = await orm.select({ total: count() }).from(providers).where(where);
  const rows =
    search.count === 0
      ? []
      : await orm
          .select()
          .from(providers)
          .where(where)
          .orderBy(asc(providers.familyName), asc(providers.givenName), asc(providers.id))
          .limit(search.count)
          .offset(search.offset);
  return { total, resources: rows.map(practitionerResource) };
}
