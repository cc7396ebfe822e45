import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killHard, spawnPatientDesk, spawnTypeScript, waitForOutput } from '../testing/child-process.ts';
import { temporaryFolder } from '../testing/temporary-folder.ts';

const fixture = path.resolve(import.meta.dirname, '../testing/fixtures/hold-embedded-database.ts');
const children: ReturnType<typeof spawnPatientDesk>[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await killHard(child);
});

async function startOn(dataDir: string): Promise<string> {
  const server = spawnPatientDesk(['start'], {
    PATIENTDESK_DATA_DIR: dataDir,
    PATIENTDESK_DEMO_SEED: 'false',
    PORT: '0',
  });
  children.push(server);
  const output = await waitForOutput(server, /PatientDesk is running at (http:\/\/\S+)/);
  return /PatientDesk is running at (http:\/\/\S+)/.exec(output)![1]!;
}

describe('patientdesk start on the embedded database', () => {
  // Three processes start one after the other, each migrating the embedded database: on a busy
  // machine that passes the 30 s default, so it gets three minutes (this is no speed check).
  it('finds the data of the last run after it was killed with kill -9', { timeout: 180_000 }, async () => {
    const dataDir = temporaryFolder('pd-start-');
    const writer = spawnTypeScript(fixture, [dataDir, 'crash-clinic']);
    children.push(writer);
    await waitForOutput(writer, /ready/);
    await killHard(writer);

    const address = await startOn(dataDir);
    const profile = await fetch(`${address}/api/public/organizations/crash-clinic`);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ name: 'Clinic crash-clinic' });
    expect((await fetch(`${address}/ready`)).status).toBe(200);

    await killHard(children.pop()!);
    const again = await startOn(dataDir);
    expect((await fetch(`${again}/api/public/organizations/crash-clinic`)).status).toBe(200);
  });
});
