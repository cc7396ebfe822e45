/**
 * The FHIR R4 data types the facade writes (https://hl7.org/fhir/R4/datatypes.html), only the
 * elements it uses. Every resource built from them is checked against HL7's JSON schema in tests.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  system?: string;
  value?: string;
}

export interface ContactPoint {
  system: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Meta {
  lastUpdated?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
}

/** Any resource the facade answers with. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  [element: string]: unknown;
}

export const npiSystem = 'http://hl7.org/fhir/sid/us-npi';
/** BCP 47 language tags (Practitioner.communication). */
export const languageSystem = 'urn:ietf:bcp:47';
/** The extension that names a location's IANA time zone, which every slot time depends on. */
export const timeZoneExtension = 'http://hl7.org/fhir/StructureDefinition/timezone';

/** A reference to a resource on this server. */
export function referenceTo(type: string, id: string, display?: string): Reference {
  return display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
}

/** FHIR `instant`: an ISO time with seconds and zone (millisecond precision is allowed). */
export function instant(value: Date): string {
  return value.toISOString();
}

/**
 * A code system of this clinic's own codes (specialties, appointment types), named under the
 * server's FHIR base: codes no standard terminology has, defined by who defines them.
 */
export function localCodeSystem(base: string, name: 'specialty' | 'appointment-type'): string {
  return `${base}/CodeSystem/${name}`;
}
