import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalisePhone } from './contact-details.ts';
import { proxyRelationshipOf } from './map-resources.ts';
import { BundleRejected, describeProblem, type ParsedBundle, parseBundle } from './parse-bundle.ts';
import { bundle, patientResource, relatedPersonResource, syntheaSamples } from './test-bundles.ts';

function problemsOf(json: unknown): string[] {
  try {
    parseBundle(json);
  } catch (error) {
    if (error instanceof BundleRejected) return error.problems.map(describeProblem);
    throw error;
  }
  throw new Error('the bundle was accepted');
}

function mappedPatient(parsed: ParsedBundle) {
  const entry = parsed.entries.find((item) => item.mapped.type === 'Patient');
  if (entry?.mapped.type !== 'Patient') throw new Error('no patient');
  return entry.mapped.record;
}

describe('checking and mapping a FHIR bundle', () => {
  it('maps a Synthea patient: MRN, names with their digits, birth date, sex, E.164 phone, language, address', () => {
    const file = path.join(syntheaSamples, 'Bibi254_Schowalter414_475d72ca-91c7-7211-97e3-f000af33fc04.json');
    const parsed = parseBundle(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(mappedPatient(parsed)).toEqual({
      externalId: 'https://github.com/synthetichealth/synthea|475d72ca-91c7-7211-97e3-f000af33fc04',
      mrn: '475d72ca-91c7-7211-97e3-f000af33fc04',
      givenName: 'Bibi254',
      familyName: 'Schowalter414',
      birthDate: '2009-04-29',
      sex: 'female',
      phone: '+15552599533',
      email: null,
      preferredLanguage: 'en',
      addressLine: '346 Marvin Divide Suite 33',
      city: 'Westborough',
      region: 'Massachusetts',
      postalCode: '01581',
      country: 'US',
    });
    expect(parsed.skipped).toMatchObject({ Encounter: 13, Claim: 13, Immunization: 18 });
    expect(parsed.entryCount).toBe(94);
  });

  it('accepts transaction, batch and collection bundles, and nothing else', () => {
    for (const type of ['transaction', 'batch', 'collection'])
      expect(parseBundle(bundle([patientResource('p1')], type)).entries).toHaveLength(1);
    expect(problemsOf(bundle([patientResource('p1')], 'searchset'))).toEqual([
      'type is "searchset"; PatientDesk imports bundles of type transaction, batch, collection',
    ]);
  });

  it('names the entry, resource and field of every bad entry, without repeating the value', () => {
    const problems = problemsOf(
      bundle([
        patientResource('good'),
        patientResource('abc', { birthDate: 'yesterday' }),
        patientResource('nameless', { name: [], gender: 'woman' }),
      ]),
    );
    expect(problems).toEqual([
      'entry 1 (Patient/abc): birthDate must be a date like 2009-04-29',
      'entry 2 (Patient/nameless): gender must be one of male, female, other, unknown',
    ]);
    for (const birthDate of ['2009-02-30', '2009-13-45'])
      expect(problemsOf(bundle([patientResource('p', { birthDate })]))).toEqual([
        'entry 0 (Patient/p): birthDate must be a date like 2009-04-29 (this day does not exist)',
      ]);
    expect(problemsOf(bundle([patientResource('p', { name: [{ use: 'official' }] })]))).toEqual([
      'entry 0 (Patient/p): name is missing: a patient needs a family or given name',
    ]);
    expect(
      problemsOf(bundle([patientResource('p', { birthDate: undefined, telecom: [{ value: 7 }] })])),
    ).toEqual([
      'entry 0 (Patient/p): telecom[0].value must be text',
      'entry 0 (Patient/p): birthDate is missing',
    ]);
  });

  it('says clearly when the JSON is not a FHIR Bundle', () => {
    expect(problemsOf(patientResource('p1'))).toEqual([
      'is not a FHIR Bundle: its resourceType is "Patient". Import bundles (resourceType "Bundle"), such as Synthea\'s exports.',
    ]);
    expect(problemsOf([1, 2, 3])[0]).toMatch(/^is not a FHIR Bundle/);
    expect(problemsOf({ resourceType: 'Bundle', type: 'batch', entry: 'none' })[0]).toMatch(
      /"entry" must be a list/,
    );
  });

  it('resolves a RelatedPerson to its patient in the bundle by fullUrl or by Patient/<id>', () => {
    const byFullUrl = parseBundle(
      bundle([relatedPersonResource('mother', 'urn:uuid:child'), patientResource('child')]),
    );
    expect(byFullUrl.entries[0]?.patient).toEqual({ kind: 'entry', index: 1 });
    const byId = parseBundle(
      bundle([patientResource('child'), relatedPersonResource('mother', 'Patient/child')]),
    );
    expect(byId.entries[1]?.patient).toEqual({ kind: 'entry', index: 0 });
    const elsewhere = parseBundle(bundle([relatedPersonResource('mother', 'Patient/older')]));
    expect(elsewhere.entries[0]?.patient).toMatchObject({ kind: 'stored', identifierValue: 'older' });
    expect(problemsOf(bundle([relatedPersonResource('mother', 'Practitioner/dr-who')]))).toEqual([
      'entry 0 (RelatedPerson/mother): patient must refer to a Patient, not a Practitioner',
    ]);
  });

  it('maps HL7 v3 role codes to proxy relationships', () => {
    const relationship = (code: string) => proxyRelationshipOf([{ coding: [{ code }] }]);
    expect(['MTH', 'FTH', 'PRN'].map(relationship)).toEqual(['parent', 'parent', 'parent']);
    expect(relationship('GUARD')).toBe('guardian');
    expect(relationship('SPS')).toBe('spouse');
    expect(relationship('CHILD')).toBe('child');
    expect(relationship('SIB')).toBe('sibling');
    expect(relationship('POWATT')).toBe('legal-representative');
    expect(relationship('FRND')).toBe('other');
    expect(proxyRelationshipOf(undefined)).toBe('other');
  });

  it('writes 10-digit US phone numbers in E.164 and leaves others as given', () => {
    expect(normalisePhone('555-259-9533')).toBe('+15552599533');
    expect(normalisePhone('(508) 555-0142')).toBe('+15085550142');
    expect(normalisePhone('1 508 555 0142')).toBe('+15085550142');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('555-0142 ext 12')).toBe('555-0142 ext 12');
    expect(normalisePhone('5550142')).toBe('5550142');
  });

  it('needs a 10-digit NPI when a practitioner has one', () => {
    const practitioner = {
      resourceType: 'Practitioner',
      id: 'dr',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '12345' }],
      name: [{ family: 'Ng', given: ['Mai'], prefix: ['Dr.'] }],
    };
    expect(problemsOf(bundle([practitioner]))).toEqual([
      'entry 0 (Practitioner/dr): identifier[0].value must be an NPI of 10 digits (system us-npi)',
    ]);
  });
});
