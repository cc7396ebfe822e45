import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Small hand-written FHIR resources and bundles for the import tests. */

/** The Synthea sample bundles shipped beside the repository (tests only; the product never reads them). */
const repository = path.resolve(import.meta.dirname, '../../../../../..');
export const syntheaSamples = path.resolve(repository, '../shared/data/synthea-r4');

export function patientResource(id: string, overrides: Record<string, unknown> = {}) {
  return {
    resourceType: 'Patient',
    id,
    identifier: [
      { system: 'https://clinic.example.org/patients', value: id },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        system: 'https://clinic.example.org/mrn',
        value: `MRN-${id}`,
      },
    ],
    name: [{ use: 'official', family: 'Rivera', given: ['Ana', 'Lucia'] }],
    gender: 'female',
    birthDate: '2019-06-02',
    telecom: [
      { system: 'phone', value: '(508) 555-0142', use: 'home' },
      { system: 'email', value: `${id}@example.com` },
    ],
    communication: [
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es-MX' }] }, preferred: true },
    ],
    ...overrides,
  };
}

export function relatedPersonResource(id: string, patientReference: string, roleCode = 'MTH') {
  return {
    resourceType: 'RelatedPerson',
    id,
    identifier: [{ system: 'https://clinic.example.org/related', value: id }],
    patient: { reference: patientReference },
    relationship: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: roleCode }] },
    ],
    name: [{ family: 'Rivera', given: ['Carmen'] }],
    telecom: [{ system: 'phone', value: '508-555-0143', use: 'mobile' }],
  };
}

export function bundle(resources: object[], type = 'collection') {
  return {
    resourceType: 'Bundle',
    type,
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${(resource as { id: string }).id}`,
      resource,
    })),
  };
}

const temporaryFolders: string[] = [];

/** A fresh temporary folder holding these files (name -> JSON value, or raw text). */
export function folderWith(files: Record<string, unknown>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-fhir-'));
  temporaryFolders.push(folder);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(
      path.join(folder, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return folder;
}

/** Removes the folders `folderWith` made (call in afterAll). */
export function removeTemporaryFolders(): void {
  for (const folder of temporaryFolders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}
