import type {
  AppointmentTypeSummary,
  LocationSummary,
  ProviderSummary,
  SchedulingDirectory,
} from '@patientdesk/contracts';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { locations, organizations } from '../organizations/schema.ts';
import { inTurn } from './in-turn.ts';
import { payerName } from './insurance.ts';
import { appointmentTypes, providerAppointmentTypes, providerLocations, providers } from './schema.ts';

/**
 * The provider directory: who sees patients where, for which kinds of visit, speaking which
 * languages and accepting which insurance. None of it is health information; the booking
 * pages and the public search read it.
 */

export type ProviderRow = typeof providers.$inferSelect;
export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;

/** "Dr. Ana Ruiz, MD" */
export function providerDisplayName(
  provider: Pick<ProviderRow, 'prefix' | 'givenName' | 'familyName' | 'credentials'>,
) {
  const name = [provider.prefix, provider.givenName, provider.familyName].filter(Boolean).join(' ');
  return provider.credentials ? `${name}, ${provider.credentials}` : name;
}

/** An appointment type as a patient reads it, in their language when it has a translation. */
export function appointmentTypeSummary(row: AppointmentTypeRow, language = 'en'): AppointmentTypeSummary {
  const translation = language === 'en' ? undefined : row.translations[language];
  return {
    id: row.id,
    code: row.code,
    name: translation?.name || row.name,
    description: translation?.description || row.description,
    durationMinutes: row.durationMinutes,
    mode: row.mode,
    patientStatus: row.patientStatus,
    bookableOnline: row.bookableOnline,
    preparation: translation?.preparation || row.preparation,
    intakeQuestions: row.intakeQuestions.map((question) => ({
      id: question.id,
      text: question.text[language] || question.text.en || Object.values(question.text)[0] || question.id,
      required: question.required,
    })),
  };
}

export function locationSummary(row: LocationRow): LocationSummary {
  return {
    id: row.id,
    name: row.name,
    addressLine: row.addressLine,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    phone: row.phone,
    timeZone: row.timeZone,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An active appointment type of the organisation, by id or code; 400 naming the field when there is none. */
export async function findAppointmentType(
  orm: Orm,
  organizationId: string,
  idOrCode: string,
  field = 'appointmentType',
): Promise<AppointmentTypeRow> {
  const [row] = await orm
    .select()
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.organizationId, organizationId),
        uuidPattern.test(idOrCode)
          ? or(eq(appointmentTypes.id, idOrCode), eq(appointmentTypes.code, idOrCode))
          : eq(appointmentTypes.code, idOrCode),
      ),
    );
  if (!row?.active)
    throw new Invalid(
      `There is no appointment type "${idOrCode}" at this clinic. Choose one from the directory.`,
      [{ field, message: 'must be the id or code of one of the clinic’s appointment types' }],
    );
  return row;
}

/** The provider's row in the organisation, or 404. */
export async function findProvider(
  orm: Orm,
  organizationId: string,
  providerId: string,
): Promise<ProviderRow> {
  const [row] = await orm
    .select()
    .from(providers)
    .where(and(eq(providers.id, providerId), eq(providers.organizationId, organizationId)));
  if (!row)
    throw new NotFound(`There is no provider ${providerId} at this clinic. Search for providers again.`);
  return row;
}

/** Where each provider works and which kinds of visit they offer. */
export async function providerLinks(orm: Orm, providerIds: string[]) {
  if (providerIds.length === 0)
    return { locationsOf: new Map<string, string[]>(), typesOf: new Map<string, string[]>() };
  const [places, kinds] = await inTurn(
    orm
      .select({ providerId: providerLocations.providerId, locationId: providerLocations.locationId })
      .from(providerLocations)
      .where(and(inArray(providerLocations.providerId, providerIds), eq(providerLocations.active, true))),
    orm
      .select({
        providerId: providerAppointmentTypes.providerId,
        appointmentTypeId: providerAppointmentTypes.appointmentTypeId,
      })
      .from(providerAppointmentTypes)
      .where(inArray(providerAppointmentTypes.providerId, providerIds)),
  );
  const locationsOf = new Map<string, string[]>();
  for (const place of places)
    locationsOf.set(place.providerId, [...(locationsOf.get(place.providerId) ?? []), place.locationId]);
  const typesOf = new Map<string, string[]>();
  for (const kind of kinds)
    typesOf.set(kind.providerId, [...(typesOf.get(kind.providerId) ?? []), kind.appointmentTypeId]);
  return { locationsOf, typesOf };
}

export function providerSummary(
  row: ProviderRow,
  links: { locationIds: string[]; appointmentTypeIds: string[] },
): ProviderSummary {
  return {
    id: row.id,
    displayName: providerDisplayName(row),
    specialty: row.specialty,
    languages: row.languages,
    acceptedInsurance: row.acceptedInsurance,
    acceptingNewPatients: row.acceptingNewPatients,
    offersTelehealth: row.offersTelehealth,
    bio: row.bio,
    photoUrl: row.photoUrl,
    locationIds: links.locationIds,
    appointmentTypeIds: links.appointmentTypeIds,
  };
}

/**
 * Everything a booking form offers: specialties, languages, insurance, locations, kinds of
 * visit and providers. `onlineOnly` leaves out what patients cannot book themselves.
 */
export async function readDirectory(
  orm: Orm,
  organizationId: string,
  options: { language?: string; onlineOnly: boolean },
): Promise<SchedulingDirectory> {
  const [organization] = await orm
    .select({ slug: organizations.slug, name: organizations.name, timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization) throw new NotFound('This clinic does not exist.');
  const [providerRows, locationRows, typeRows] = await inTurn(
    orm
      .select()
      .from(providers)
      .where(eq(providers.organizationId, organizationId))
      .orderBy(asc(providers.familyName), asc(providers.givenName)),
    orm
      .select()
      .from(locations)
      .where(eq(locations.organizationId, organizationId))
      .orderBy(asc(locations.name)),
    orm
      .select()
      .from(appointmentTypes)
      .where(and(eq(appointmentTypes.organizationId, organizationId), eq(appointmentTypes.active, true)))
      .orderBy(asc(appointmentTypes.name)),
  );
  const visibleTypes = typeRows.filter((row) => row.bookableOnline || !options.onlineOnly);
  const visibleTypeIds = new Set(visibleTypes.map((row) => row.id));
  const { locationsOf, typesOf } = await providerLinks(
    orm,
    providerRows.map((row) => row.id),
  );
  const listed = providerRows
    .map((row) =>
      providerSummary(row, {
        locationIds: locationsOf.get(row.id) ?? [],
        appointmentTypeIds: (typesOf.get(row.id) ?? []).filter((id) => visibleTypeIds.has(id)),
      }),
    )
    .filter((provider) => provider.locationIds.length > 0 && provider.appointmentTypeIds.length > 0);
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    organization,
    specialties: sorted(listed.flatMap((provider) => (provider.specialty ? [provider.specialty] : []))),
    languages: sorted(listed.flatMap((provider) => provider.languages)),
    insurance: sorted(listed.flatMap((provider) => provider.acceptedInsurance)).map((key) => ({
      key,
      name: payerName(key),
    })),
    locations: locationRows.map(locationSummary),
    appointmentTypes: visibleTypes.map((row) => appointmentTypeSummary(row, options.language)),
    providers: listed,
  };
}
