import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnPatientDesk, waitForExit } from '../../../testing/child-process.ts';
import { createEmptyPostgresDatabase, testDatabaseKind } from '../../../testing/test-database.ts';
import {
  bundle,
  folderWith,
  patientResource,
  removeTemporaryFolders,
  syntheaSamples,
} from './test-bundles.ts';

// The real `patientdesk import-fhir` in a child process, against the demo clinic made by the
// real `patientdesk seed-demo`: on the embedded database in a temporary folder, or on a fresh
// PostgreSQL database in the postgres test project.
describe('patientdesk import-fhir', () => {
  let environment: Record<string, string>;
  let cleanUp: () => Promise<void>;
  const run = (...args: string[]) => waitForExit(spawnPatientDesk(args, environment));

  beforeAll(async () => {
    if (testDatabaseKind() === 'postgres') {
      const database = await createEmptyPostgresDatabase();
      environment = { DATABASE_URL: database.url };
      cleanUp = database.drop;
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-import-'));
      environment = { PATIENTDESK_DATA_DIR: dataDir, DATABASE_URL: '' };
      cleanUp = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const seeded = await run('seed-demo');
    expect(seeded.code, seeded.output).toBe(0);
  }, 120_000);
  afterAll(async () => {
    removeTemporaryFolders();
    await cleanUp();
  });

  it('explains itself with --help', async () => {
    const help = await run('import-fhir', '--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/Usage: patientdesk import-fhir \[options\] <paths\.\.\.>/);
    expect(help.output).toMatch(/--org <slug>/);
  });

  it('imports the Synthea samples into the demo clinic and prints the summary', async () => {
    const result = await run('import-fhir', syntheaSamples, '--org', 'demo');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/\[12\/12\] .*practitionerInformation1603148702656\.json: imported/);
    expect(result.output).toMatch(/Imported 12 of 12 bundle\(s\) into "Riverside Family Health \(demo\)"/);
    expect(result.output).toMatch(/Patient\s+patients\s+10\s+0/);
    expect(result.output).toMatch(/Practitioner\s+providers\s+17\s+19/);
    expect(result.output).toMatch(/Skipped \d+ resources .*\n\s+Immunization 242/);

    const again = await run('import-fhir', syntheaSamples);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/Patient\s+patients\s+0\s+10/);
  }, 60_000);

  it('exits with status 1 and lists a rejected bundle with its entry and reason', async () => {
    const folder = folderWith({
      'bad.json': bundle([patientResource('fine'), patientResource('abc', { birthDate: 'yesterday' })]),
      'good.json': bundle([patientResource('other')]),
    });
    const result = await run('import-fhir', folder, '--org', 'demo');
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Imported 1 of 2 bundle\(s\)/);
    expect(result.output).toContain(
      `${path.join(folder, 'bad.json')}\n    entry 1 (Patient/abc): birthDate must be a date like 2009-04-29`,
    );
    expect(result.output).toMatch(/1 of 2 bundle\(s\) were rejected/);
    expect(result.output).not.toMatch(/unexpected error/);
  }, 60_000);

  it('says what to do about a missing path or an unknown organisation', async () => {
    const missing = await run('import-fhir', '/nowhere/bundle.json');
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/There is no file or folder at "\/nowhere\/bundle\.json"/);
    const unknown = await run('import-fhir', syntheaSamples, '--org', 'lakeside');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(
      /There is no organisation "lakeside" .* Pass one of these to --org: demo\./,
    );
    expect(unknown.output).not.toMatch(/unexpected error/);
  }, 60_000);
});
