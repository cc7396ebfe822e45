import { z } from 'zod';

/**
 * Zod schemas for the part of FHIR R4 that PatientDesk imports: the Bundle envelope, the data
 * types the mapped elements use, and Patient, RelatedPerson, Practitioner, Organization and
 * Location. Only the elements we map are checked; everything else in a resource is allowed and
 * ignored (FHIR resources carry much more than a service desk needs). Element names and
 * cardinalities follow https://hl7.org/fhir/R4/.
 */

// FHIR `date` allows 2009, 2009-04 and 2009-04-29; a patient's birth date must be the full day,
// because staff verify identity with it.
const fullDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date like 2009-04-29', abort: true })
  .refine(
    (value) => {
      const day = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
    },
    {
      error: 'must be a date like 2009-04-29 (this day does not exist)',
    },
  );

export const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const codeableConcept = z.looseObject({
  coding: z.array(coding).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof codeableConcept>;

export const identifier = z.looseObject({
  use: z.string().optional(),
  type: codeableConcept.optional(),
  system: z.string().optional(),
  value: z.string().optional(),
});
export type Identifier = z.infer<typeof identifier>;

export const humanName = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
});
export type HumanName = z.infer<typeof humanName>;

export const contactPoint = z.looseObject({
  system: z.enum(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']).optional(),
  value: z.string().optional(),
  use: z.string().optional(),
  rank: z.number().optional(),
});
export type ContactPoint = z.infer<typeof contactPoint>;

export const address = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export type Address = z.infer<typeof address>;

export const reference = z.looseObject({
  reference: z.string().optional(),
  identifier: identifier.optional(),
  display: z.string().optional(),
});
export type Reference = z.infer<typeof reference>;

const gender = z.enum(['male', 'female', 'other', 'unknown']);

// The FHIR id rule (https://hl7.org/fhir/R4/datatypes.html#id).
const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, {
  error: 'must be 1 to 64 letters, digits, "-" or "."',
});

const resource = <Type extends string>(resourceType: Type) => ({
  resourceType: z.literal(resourceType),
  id: id.optional(),
  identifier: z.array(identifier).optional(),
});

export const patientResource = z.looseObject({
  ...resource('Patient'),
  name: z.array(humanName).optional(),
  telecom: z.array(contactPoint).optional(),
  gender: gender.optional(),
  birthDate: fullDate,
  address: z.array(address).optional(),
  communication: z
    .array(z.looseObject({ language: codeableConcept, preferred: z.boolean().optional() }))
    .optional(),
});
export type PatientResource = z.infer<typeof patientResource>;

export const relatedPersonResource = z.looseObject({
  ...resource('RelatedPerson'),
  patient: reference,
  relationship: z.array(codeableConcept).optional(),
  name: z.array(humanName).optional(),
  telecom: z.array(contactPoint).optional(),
  gender: gender.optional(),
  communication: z
    .array(z.looseObject({ language: codeableConcept, preferred: z.boolean().optional() }))
    .optional(),
});
export type RelatedPersonResource = z.infer<typeof relatedPersonResource>;

export const practitionerResource = z.looseObject({
  ...resource('Practitioner'),
  name: z.array(humanName).optional(),
  telecom: z.array(contactPoint).optional(),
  gender: gender.optional(),
  communication: z.array(codeableConcept).optional(),
});
export type PractitionerResource = z.infer<typeof practitionerResource>;

export const organizationResource = z.looseObject({
  ...resource('Organization'),
  type: z.array(codeableConcept).optional(),
  name: z.string(),
  telecom: z.array(contactPoint).optional(),
  address: z.array(address).optional(),
});
export type OrganizationResource = z.infer<typeof organizationResource>;

export const locationResource = z.looseObject({
  ...resource('Location'),
  name: z.string(),
  telecom: z.array(contactPoint).optional(),
  address: address.optional(),
  position: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
});
export type LocationResource = z.infer<typeof locationResource>;

/** The resource types PatientDesk imports; any other resource in a bundle is skipped and counted. */
export const importedResourceTypes = [
  'Organization',
  'Location',
  'Practitioner',
  'Patient',
  'RelatedPerson',
] as const;
export type ImportedResourceType = (typeof importedResourceTypes)[number];

/** Bundle types that carry resources to store; a searchset or history is not an import. */
export const importableBundleTypes = ['transaction', 'batch', 'collection'] as const;

export const bundleEnvelope = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string(), id: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type BundleEnvelope = z.infer<typeof bundleEnvelope>;
