import type { z } from 'zod';
import type { NewLocation, NewPartnerOrganization } from '../../organizations/service.ts';
import type { ProxyRelationship } from '../../patients/schema.ts';
import type { NewPatient, NewProxy } from '../../patients/service.ts';
import type { NewProvider } from '../../scheduling/service.ts';
import {
  addressColumns,
  chooseEmail,
  chooseName,
  choosePhone,
  externalIdOf,
  languageCode,
  medicalRecordNumberOf,
  nameParts,
  npiSystem,
  preferredLanguage,
} from './contact-details.ts';
import {
  type CodeableConcept,
  type ImportedResourceType,
  locationResource,
  organizationResource,
  patientResource,
  practitionerResource,
  type Reference,
  relatedPersonResource,
} from './fhir-schemas.ts';

/**
 * FHIR R4 resource -> the record a PatientDesk domain stores. Pure functions: they check a
 * resource and map it, or say what is wrong with it, without touching the database.
 */

type WithExternalId<Record> = Omit<Record, 'organizationId'> & { externalId: string };

export type MappedResource =
  | { type: 'Patient'; record: WithExternalId<NewPatient> }
  | {
      type: 'RelatedPerson';
      record: WithExternalId<NewProxy>;
      relationship: ProxyRelationship;
      patient: Reference;
    }
  | { type: 'Practitioner'; record: WithExternalId<NewProvider> }
  | { type: 'Organization'; record: WithExternalId<NewPartnerOrganization> }
  // FHIR Location has no time zone; the importer gives it the organisation's.
  | { type: 'Location'; record: WithExternalId<Omit<NewLocation, 'timeZone'>> };

/** What is wrong with one element of a resource, e.g. { field: 'birthDate', message: 'must be ...' }. */
export interface FieldProblem {
  field?: string;
  message: string;
}

export type MapResult = { ok: true; mapped: MappedResource } | { ok: false; problems: FieldProblem[] };

const schemas = {
  Patient: patientResource,
  RelatedPerson: relatedPersonResource,
  Practitioner: practitionerResource,
  Organization: organizationResource,
  Location: locationResource,
} satisfies Record<ImportedResourceType, z.ZodType>;

/** Checks one resource of an imported type and maps it to its PatientDesk record. */
export function mapResource(type: ImportedResourceType, resource: unknown): MapResult {
  const parsed = schemas[type].safeParse(resource, { error: describeIssue });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: fieldPath(issue.path),
        message: issue.message,
      })),
    };
  }
  const data = parsed.data;
  const externalId = externalIdOf(data);
  if (!externalId) {
    return fail(
      'identifier',
      'is missing, and the resource has no id either, so a later import could not find it again',
    );
  }
  switch (data.resourceType) {
    case 'Patient':
      return mapPatient(data, externalId);
    case 'RelatedPerson':
      return mapRelatedPerson(data, externalId);
    case 'Practitioner':
      return mapPractitioner(data, externalId);
    case 'Organization':
      return ok({
        type: 'Organization',
        record: {
          externalId,
          name: data.name,
          kind: conceptCode(data.type?.[0]) ?? null,
          phone: choosePhone(data.telecom),
          ...addressColumns(data.address),
        },
      });
    case 'Location':
      return ok({
        type: 'Location',
        record: {
          externalId,
          name: data.name,
          phone: choosePhone(data.telecom),
          ...addressColumns(data.address),
          latitude: data.position?.latitude ?? null,
          longitude: data.position?.longitude ?? null,
        },
      });
  }
}

function mapPatient(data: z.infer<typeof patientResource>, externalId: string): MapResult {
  const name = nameParts(chooseName(data.name));
  if (!name) return fail('name', 'is missing: a patient needs a family or given name');
  const mrn = medicalRecordNumberOf(data);
  if (!mrn) return fail('identifier', 'is missing: a patient needs a medical record number or an id');
  return ok({
    type: 'Patient',
    record: {
      externalId,
      mrn,
      ...name,
      birthDate: data.birthDate,
      sex: data.gender ?? 'unknown',
      phone: choosePhone(data.telecom),
      email: chooseEmail(data.telecom),
      // Left undefined when the resource does not say, so a re-import keeps what the desk knows.
      preferredLanguage: preferredLanguage(data.communication),
      ...addressColumns(data.address),
    },
  });
}

function mapRelatedPerson(data: z.infer<typeof relatedPersonResource>, externalId: string): MapResult {
  const name = nameParts(chooseName(data.name));
  if (!name) return fail('name', 'is missing: a proxy needs a family or given name');
  if (!data.patient.reference && !data.patient.identifier?.value)
    return fail('patient', 'must refer to the patient (a reference or an identifier)');
  return ok({
    type: 'RelatedPerson',
    record: {
      externalId,
      ...name,
      phone: choosePhone(data.telecom),
      email: chooseEmail(data.telecom),
      preferredLanguage: preferredLanguage(data.communication),
    },
    relationship: proxyRelationshipOf(data.relationship),
    patient: data.patient,
  });
}

function mapPractitioner(data: z.infer<typeof practitionerResource>, externalId: string): MapResult {
  const chosenName = chooseName(data.name);
  const name = nameParts(chosenName);
  if (!name) return fail('name', 'is missing: a provider needs a family or given name');
  const npiIndex = (data.identifier ?? []).findIndex((item) => item.system === npiSystem);
  const npi = npiIndex === -1 ? null : (data.identifier![npiIndex]!.value?.trim() ?? null);
  if (npi !== null && !/^\d{10}$/.test(npi))
    return fail(`identifier[${npiIndex}].value`, 'must be an NPI of 10 digits (system us-npi)');
  const languages = (data.communication ?? []).map(languageCode).filter((code) => code !== undefined);
  return ok({
    type: 'Practitioner',
    record: {
      externalId,
      ...name,
      prefix: chosenName?.prefix?.join(' ') || null,
      credentials: chosenName?.suffix?.join(', ') || null,
      sex: data.gender ?? 'unknown',
      npi,
      email: chooseEmail(data.telecom),
      phone: choosePhone(data.telecom),
      languages: languages.length > 0 ? [...new Set(languages)] : undefined,
    },
  });
}

// HL7 v3 RoleCode (https://terminology.hl7.org/CodeSystem-v3-RoleCode.html): what the related
// person is to the patient. Step-parents are "other": being one does not by itself make a
// person the child's legal representative.
const relationshipByRoleCode: Record<string, ProxyRelationship> = {
  MTH: 'parent',
  FTH: 'parent',
  PRN: 'parent',
  NMTH: 'parent',
  NFTH: 'parent',
  NPRN: 'parent',
  ADOPTM: 'parent',
  ADOPTF: 'parent',
  ADOPTP: 'parent',
  GUARD: 'guardian',
  SPS: 'spouse',
  HUSB: 'spouse',
  WIFE: 'spouse',
  DOMPART: 'spouse',
  CHILD: 'child',
  SON: 'child',
  DAU: 'child',
  NCHILD: 'child',
  SIB: 'sibling',
  BRO: 'sibling',
  SIS: 'sibling',
  NSIB: 'sibling',
  POWATT: 'legal-representative',
  DPOWATT: 'legal-representative',
  HPOWATT: 'legal-representative',
};

/** The proxy relationship named by a RelatedPerson's v3 RoleCode; anything else is "other". */
export function proxyRelationshipOf(concepts: CodeableConcept[] | undefined): ProxyRelationship {
  for (const concept of concepts ?? []) {
    for (const coding of concept.coding ?? []) {
      const relationship = relationshipByRoleCode[coding.code?.toUpperCase() ?? ''];
      if (relationship) return relationship;
    }
  }
  return 'other';
}

function conceptCode(concept: CodeableConcept | undefined): string | undefined {
  return concept?.coding?.find((coding) => coding.code)?.code ?? concept?.text;
}

const ok = (mapped: MappedResource): MapResult => ({ ok: true, mapped });
const fail = (field: string, message: string): MapResult => ({ ok: false, problems: [{ field, message }] });

/** `telecom[0].value` for the path ['telecom', 0, 'value']. */
function fieldPath(path: PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

// Zod's default messages are written for programmers; these say what the element must be,
// and never repeat the value (it may be a patient's data, and messages end up in logs).
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is missing';
    return `must be ${typeNames[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return undefined;
}
