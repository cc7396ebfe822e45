import type { Address, CodeableConcept, ContactPoint, HumanName, Identifier } from './fhir-schemas.ts';

/**
 * Choosing among a FHIR resource's repeated elements (names, telecoms, addresses, identifiers)
 * the one a service desk should use, and writing it the way PatientDesk stores it.
 */

/** The official name, else the usual one, else the first that is not an old or maiden name. */
export function chooseName(names: HumanName[] | undefined): HumanName | undefined {
  const current = (names ?? []).filter((name) => name.use !== 'old' && name.use !== 'maiden');
  return (
    current.find((name) => name.use === 'official') ??
    current.find((name) => name.use === 'usual') ??
    current[0]
  );
}

/** Given and family name as stored; names are data, so nothing in them is changed or removed. */
export function nameParts(
  name: HumanName | undefined,
): { givenName: string; familyName: string } | undefined {
  const givenName = (name?.given ?? []).join(' ').trim();
  const familyName = (name?.family ?? '').trim();
  if (!givenName && !familyName) return undefined;
  return { givenName, familyName };
}

// A mobile number reaches the person directly (and can take texts), so it comes first.
const telecomUseOrder = ['mobile', 'home', 'work', undefined, 'temp'];

function chooseTelecom(telecom: ContactPoint[] | undefined, system: ContactPoint['system']): string | null {
  const candidates = (telecom ?? []).filter(
    (point) => point.system === system && point.value?.trim() && point.use !== 'old',
  );
  const rank = (point: ContactPoint) => {
    const index = telecomUseOrder.indexOf(point.use);
    return (point.rank ?? 100) * 10 + (index === -1 ? telecomUseOrder.length : index);
  };
  const chosen = candidates.sort((a, b) => rank(a) - rank(b))[0];
  return chosen?.value?.trim() ?? null;
}

/** The best phone number, in E.164 (+15552599533) when it is a US number of 10 digits. */
export function choosePhone(telecom: ContactPoint[] | undefined): string | null {
  const phone = chooseTelecom(telecom, 'phone');
  return phone === null ? null : normalisePhone(phone);
}

export function chooseEmail(telecom: ContactPoint[] | undefined): string | null {
  return chooseTelecom(telecom, 'email');
}

/**
 * Writes a US phone number as E.164 so the desk can match an incoming call or text to the
 * patient. Anything else (extensions, letters, other countries' local numbers) is kept as
 * given, because guessing a country could point a message at the wrong person.
 */
export function normalisePhone(value: string): string {
  const trimmed = value.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return trimmed;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return trimmed;
}

/** The home address, else the first current one, as PatientDesk's address columns. */
export function addressColumns(addresses: Address | Address[] | undefined) {
  const list = Array.isArray(addresses) ? addresses : addresses ? [addresses] : [];
  const current = list.filter((address) => address.use !== 'old');
  const chosen = current.find((address) => address.use === 'home') ?? current[0];
  return {
    addressLine: chosen?.line?.length ? chosen.line.join(', ') : (chosen?.text ?? null),
    city: chosen?.city ?? null,
    region: chosen?.state ?? null,
    postalCode: chosen?.postalCode ?? null,
    country: chosen?.country ?? null,
  };
}

/**
 * The primary language subtag ("en" of "en-US", BCP 47) of a FHIR language concept, or
 * undefined when the concept has no usable code (free text alone is not a language code).
 */
export function languageCode(concept: CodeableConcept | undefined): string | undefined {
  for (const coding of concept?.coding ?? []) {
    const match = /^([a-zA-Z]{2,3})(?:-|$)/.exec(coding.code ?? '');
    if (match) return match[1]!.toLowerCase();
  }
  return undefined;
}

/** The language a person prefers: the communication marked preferred, else the first one. */
export function preferredLanguage(
  communication: { language: CodeableConcept; preferred?: boolean }[] | undefined,
): string | undefined {
  const list = communication ?? [];
  const chosen = list.find((item) => item.preferred) ?? list[0];
  return languageCode(chosen?.language);
}

// Identifier systems whose values never change for the same person or organisation: Synthea's
// own id for the resource and the US National Provider Identifier.
const stableSystems = ['https://github.com/synthetichealth/synthea', 'http://hl7.org/fhir/sid/us-npi'];

function usableIdentifiers(identifiers: Identifier[] | undefined): (Identifier & { value: string })[] {
  return (identifiers ?? []).filter(
    (item): item is Identifier & { value: string } => Boolean(item.value?.trim()) && item.use !== 'old',
  );
}

/**
 * The identity a resource keeps across imports, so importing it again updates the same row:
 * `<system>|<value>` of its identifier (a stable system first), else `fhir:<type>/<id>`.
 */
export function externalIdOf(resource: {
  resourceType: string;
  id?: string | undefined;
  identifier?: Identifier[] | undefined;
}): string | undefined {
  const withSystem = usableIdentifiers(resource.identifier).filter((item) => item.system);
  const chosen = withSystem.find((item) => stableSystems.includes(item.system!)) ?? withSystem[0];
  if (chosen) return `${chosen.system}|${chosen.value}`;
  return resource.id ? `fhir:${resource.resourceType}/${resource.id}` : undefined;
}

/** The medical record number: the identifier typed MR (HL7 v2 table 0203), else the first, else the id. */
export function medicalRecordNumberOf(resource: {
  id?: string | undefined;
  identifier?: Identifier[] | undefined;
}): string | undefined {
  const identifiers = usableIdentifiers(resource.identifier);
  const typedMr = identifiers.find((item) => item.type?.coding?.some((coding) => coding.code === 'MR'));
  return (typedMr ?? identifiers[0])?.value ?? resource.id;
}

export const npiSystem = 'http://hl7.org/fhir/sid/us-npi';
