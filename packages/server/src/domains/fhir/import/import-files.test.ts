import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/connection.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import type { Organization } from '../../organizations/service.ts';
import { importFhirFiles } from './import-files.ts';
import { describeProblem } from './parse-bundle.ts';
import {
  bundle,
  folderWith,
  patientResource,
  relatedPersonResource,
  removeTemporaryFolders,
  syntheaSamples,
} from './test-bundles.ts';

async function count(database: Database, table: string, organizationId: string): Promise<number> {
  const { rows } = await database.query<{ count: number }>(
    `select count(*)::int as count from ${table} where organization_id = $1`,
    [organizationId],
  );
  return rows[0]!.count;
}

describe('importing FHIR bundles', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    removeTemporaryFolders();
    await test.drop();
  });

  const newClinic = () => createTestClinic(test.database.orm, 'Harbor View Clinic');
  const importInto = (clinic: Organization, ...paths: string[]) =>
    importFhirFiles(test.database, clinic, paths);

  describe('the Synthea samples', () => {
    let clinic: Organization;
    let first: Awaited<ReturnType<typeof importInto>>;
    beforeAll(async () => {
      clinic = await newClinic();
      first = await importInto(clinic, syntheaSamples);
    });

    it('creates the 10 patients, 17 practitioners and 17 organisations, and skips clinical resources', async () => {
      expect(first.rejected).toEqual([]);
      expect(first.imported).toBe(12);
      expect(first.counts.Patient).toEqual({ created: 10, updated: 0 });
      expect(first.counts.Practitioner.created).toBe(17);
      expect(first.counts.Organization.created).toBe(17);
      expect(await count(test.database, 'patients', clinic.id)).toBe(10);
      expect(await count(test.database, 'providers', clinic.id)).toBe(17);
      expect(await count(test.database, 'partner_organizations', clinic.id)).toBe(17);
      expect(first.skipped).toMatchObject({ Encounter: 139, Claim: 139, Immunization: 242 });
    });

    it('puts each imported bundle in the audit log, naming the patients it brought in', async () => {
      const { rows } = await test.database.query<{ actor_type: string; patient_ids: string[] }>(
        `select actor_type, patient_ids from audit_events where organization_id = $1 and action = 'patient.import' order by seq`,
        [clinic.id],
      );
      // Ten patient bundles name their patient; the organisation and practitioner bundles name none.
      expect(rows).toHaveLength(12);
      expect(rows.every((row) => row.actor_type === 'system')).toBe(true);
      const named = new Set(rows.flatMap((row) => row.patient_ids));
      const patientIds = await test.database.query<{ id: string }>(
        'select id from patients where organization_id = $1',
        [clinic.id],
      );
      expect(named).toEqual(new Set(patientIds.rows.map((row) => row.id)));
    });

    it('stores a known patient with her name, birth date, sex, MRN and contact details', async () => {
      const { rows } = await test.database.query(
        `select given_name, family_name, birth_date::text, sex, mrn, phone, preferred_language, city, external_id
         from patients where organization_id = $1 and family_name = 'Schowalter414'`,
        [clinic.id],
      );
      expect(rows).toEqual([
        {
          given_name: 'Bibi254',
          family_name: 'Schowalter414',
          birth_date: '2009-04-29',
          sex: 'female',
          mrn: '475d72ca-91c7-7211-97e3-f000af33fc04',
          phone: '+15552599533',
          preferred_language: 'en',
          city: 'Westborough',
          external_id: 'https://github.com/synthetichealth/synthea|475d72ca-91c7-7211-97e3-f000af33fc04',
        },
      ]);
      const provider = await test.database.query(
        `select prefix, given_name, family_name, npi, sex from providers where organization_id = $1 and npi = '9999984089'`,
        [clinic.id],
      );
      expect(provider.rows).toEqual([
        { prefix: 'Dr.', given_name: 'Cordell41', family_name: 'Ferry570', npi: '9999984089', sex: 'male' },
      ]);
    });

    it('updates instead of duplicating when the same bundles are imported again', async () => {
      const before = await test.database.query<{ updated_at: Date }>(
        `select updated_at from patients where organization_id = $1 and family_name = 'Schowalter414'`,
        [clinic.id],
      );
      const again = await importInto(clinic, syntheaSamples);
      expect(again.counts.Patient).toEqual({ created: 0, updated: 10 });
      expect(again.counts.Practitioner.created).toBe(0);
      expect(again.counts.Organization.created).toBe(0);
      expect(again.counts.Practitioner.updated).toBeGreaterThanOrEqual(17);
      expect(await count(test.database, 'patients', clinic.id)).toBe(10);
      expect(await count(test.database, 'providers', clinic.id)).toBe(17);
      expect(await count(test.database, 'partner_organizations', clinic.id)).toBe(17);
      const after = await test.database.query<{ updated_at: Date }>(
        `select updated_at from patients where organization_id = $1 and family_name = 'Schowalter414'`,
        [clinic.id],
      );
      expect(after.rows[0]!.updated_at.getTime()).toBeGreaterThan(before.rows[0]!.updated_at.getTime());
    });
  });

  it('rejects a bundle with one bad entry whole, and still imports the other files', async () => {
    const clinic = await newClinic();
    const folder = folderWith({
      'a-bad.json': bundle([patientResource('first'), patientResource('abc', { birthDate: 'yesterday' })]),
      'b-good.json': bundle([patientResource('second')]),
    });
    const summary = await importInto(clinic, folder);
    expect(summary.imported).toBe(1);
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]!.file).toBe(path.join(folder, 'a-bad.json'));
    expect(summary.rejected[0]!.problems.map(describeProblem)).toEqual([
      'entry 1 (Patient/abc): birthDate must be a date like 2009-04-29',
    ]);
    const { rows } = await test.database.query<{ mrn: string }>(
      'select mrn from patients where organization_id = $1',
      [clinic.id],
    );
    expect(rows.map((row) => row.mrn)).toEqual(['MRN-second']);
  });

  it('rolls a bundle back when the database refuses one of its entries', async () => {
    const clinic = await newClinic();
    // Two patients with different identifiers but the same MRN: the second insert fails.
    const twin = patientResource('twin', {
      identifier: [
        { system: 'https://clinic.example.org/patients', value: 'twin' },
        { type: { coding: [{ code: 'MR' }] }, value: 'MRN-first' },
      ],
    });
    const summary = await importInto(
      clinic,
      folderWith({ 'twins.json': bundle([patientResource('first'), twin]) }),
    );
    expect(summary.rejected[0]!.problems.map(describeProblem)).toEqual([
      'entry 1 (Patient/twin): has a medical record number that already belongs to another patient (imported with another identifier)',
    ]);
    expect(await count(test.database, 'patients', clinic.id)).toBe(0);
  });

  it('links a RelatedPerson to its patient with the relationship and no scopes', async () => {
    const clinic = await newClinic();
    const summary = await importInto(
      clinic,
      folderWith({
        'family.json': bundle([
          patientResource('child'),
          relatedPersonResource('mother', 'urn:uuid:child', 'MTH'),
        ]),
      }),
    );
    expect(summary.counts.RelatedPerson).toEqual({ created: 1, updated: 0 });
    const { rows } = await test.database.query(
      `select x.given_name, x.phone, a.relationship, a.scopes, p.mrn
       from proxy_authorizations a join proxies x on x.id = a.proxy_id join patients p on p.id = a.patient_id
       where a.organization_id = $1`,
      [clinic.id],
    );
    expect(rows).toEqual([
      { given_name: 'Carmen', phone: '+15085550143', relationship: 'parent', scopes: [], mrn: 'MRN-child' },
    ]);
  });

  it('keeps the scopes staff granted when the same RelatedPerson is imported again', async () => {
    const clinic = await newClinic();
    const folder = folderWith({
      'family.json': bundle([patientResource('kid'), relatedPersonResource('dad', 'Patient/kid', 'FTH')]),
    });
    await importInto(clinic, folder);
    await test.database.query(
      `update proxy_authorizations set scopes = '{scheduling,messaging}' where organization_id = $1`,
      [clinic.id],
    );
    const again = await importInto(clinic, folder);
    expect(again.counts.RelatedPerson).toEqual({ created: 0, updated: 1 });
    const { rows } = await test.database.query<{ scopes: string[] }>(
      'select scopes from proxy_authorizations where organization_id = $1',
      [clinic.id],
    );
    expect(rows).toEqual([{ scopes: ['scheduling', 'messaging'] }]);
  });

  it('finds the patient of a RelatedPerson among patients imported before, and rejects an unknown one', async () => {
    const clinic = await newClinic();
    await importInto(clinic, folderWith({ 'patient.json': bundle([patientResource('grandma')]) }));
    const later = await importInto(
      clinic,
      folderWith({
        'caretaker.json': bundle([relatedPersonResource('helper', 'Patient/grandma', 'FRND')]),
        'stranger.json': bundle([relatedPersonResource('stranger', 'Patient/nobody')]),
      }),
    );
    expect(later.counts.RelatedPerson.created).toBe(1);
    expect(later.rejected.map((rejected) => rejected.problems.map(describeProblem))).toEqual([
      [
        'entry 0 (RelatedPerson/stranger): patient refers to "Patient/nobody", which is neither in this bundle nor imported before. Import the patient first, or in the same bundle.',
      ],
    ]);
    expect(await count(test.database, 'proxies', clinic.id)).toBe(1);
  });

  it("stores a Location with the organisation's time zone, and an Organization as a partner", async () => {
    const clinic = await newClinic();
    const site = {
      resourceType: 'Location',
      id: 'north',
      name: 'North Shore Urgent Care',
      telecom: [{ system: 'phone', value: '978.555.0110' }],
      address: { line: ['12 Harbor Rd'], city: 'Salem', state: 'MA', postalCode: '01970', country: 'US' },
      position: { latitude: 42.52, longitude: -70.89 },
    };
    const hospital = {
      resourceType: 'Organization',
      id: 'general',
      identifier: [{ system: 'https://registry.example.org/orgs', value: 'G-1' }],
      type: [{ coding: [{ code: 'prov' }] }],
      name: 'Salem General Hospital',
    };
    const folder = folderWith({ 'places.json': bundle([site, hospital], 'transaction') });
    await importInto(clinic, folder);
    await test.database.query(
      `update locations set time_zone = 'America/Chicago' where organization_id = $1`,
      [clinic.id],
    );
    const again = await importInto(clinic, folder);
    expect(again.counts.Location).toEqual({ created: 0, updated: 1 });
    const location = await test.database.query(
      'select name, phone, address_line, city, time_zone, latitude, longitude, external_id from locations where organization_id = $1',
      [clinic.id],
    );
    expect(location.rows).toEqual([
      {
        name: 'North Shore Urgent Care',
        phone: '+19785550110',
        address_line: '12 Harbor Rd',
        city: 'Salem',
        // Given the organisation's zone when created; the clinic's correction survives a re-import.
        time_zone: 'America/Chicago',
        latitude: 42.52,
        longitude: -70.89,
        external_id: 'fhir:Location/north',
      },
    ]);
    const partner = await test.database.query(
      'select name, kind, external_id from partner_organizations where organization_id = $1',
      [clinic.id],
    );
    expect(partner.rows).toEqual([
      { name: 'Salem General Hospital', kind: 'prov', external_id: 'https://registry.example.org/orgs|G-1' },
    ]);
  });

  it("creates a Location in the organisation's time zone", async () => {
    const clinic = await newClinic();
    const site = { resourceType: 'Location', id: 'south', name: 'South Clinic' };
    await importInto(clinic, folderWith({ 'site.json': bundle([site]) }));
    const { rows } = await test.database.query('select time_zone from locations where organization_id = $1', [
      clinic.id,
    ]);
    expect(rows).toEqual([{ time_zone: clinic.timeZone }]);
  });

  it('rejects files that are not JSON or not a FHIR Bundle, with a clear message', async () => {
    const clinic = await newClinic();
    const folder = folderWith({
      'notes.json': 'Patient: Ana Rivera, born 2019-06-02',
      'patient.json': patientResource('alone'),
    });
    const summary = await importInto(clinic, folder);
    expect(summary.imported).toBe(0);
    expect(
      summary.rejected.map((rejected) => [path.basename(rejected.file), rejected.problems[0]!.message]),
    ).toEqual([
      ['notes.json', 'is not JSON. Export the bundle as FHIR JSON (not XML or NDJSON).'],
      [
        'patient.json',
        'is not a FHIR Bundle: its resourceType is "Patient". Import bundles (resourceType "Bundle"), such as Synthea\'s exports.',
      ],
    ]);
    expect(await count(test.database, 'patients', clinic.id)).toBe(0);
  });

  it('refuses a path that does not exist before importing anything', async () => {
    const clinic = await newClinic();
    await expect(importInto(clinic, syntheaSamples, '/nowhere/bundles.json')).rejects.toThrow(
      /There is no file or folder at "\/nowhere\/bundles.json"/,
    );
    expect(await count(test.database, 'patients', clinic.id)).toBe(0);
  });
});
