import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  newPhone,
  textIn,
} from '../domains/conversations/test-conversations.ts';
import { callAs } from '../domains/patients/test-fixtures.ts';
import { parseLabelledExamples } from '../domains/triage/training.ts';
import { spawnPatientDesk, waitForExit } from '../testing/child-process.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../testing/clinic.ts';
import { createCommandTestDatabase } from '../testing/command-test-database.ts';
import { startTestServer, testEncryptionKeys } from '../testing/test-server.ts';

// The real `patientdesk triage export-corrections` in a child process: a clinician's correction
// made in the desk comes out as a labelled example that `triage train --extra` reads.
describe('patientdesk triage', () => {
  let environment: Record<string, string>;
  let open: () => Promise<Database>;
  let cleanUp: () => Promise<void>;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-triage-cli-'));
  const run = (...args: string[]) =>
    waitForExit(
      spawnPatientDesk(['triage', ...args], {
        ...environment,
        PATIENTDESK_ENCRYPTION_KEYS: testEncryptionKeys,
      }),
    );

  beforeAll(async () => {
    const target = await createCommandTestDatabase('pd-triage-');
    environment = target.environment;
    open = target.open;
    cleanUp = target.drop;
    const database = await open();
    try {
      await migrate(database);
      const server = await startTestServer(database, { config: inboxTestConfig() });
      try {
        const clinic = await createTestClinic(database.orm, 'Correcting Clinic');
        await addClinicNumber(database.orm, clinic.id, '+16175550188');
        const clinician = await createTestStaff(database.orm, clinic.id, 'clinician');
        const call = callAs(server, await signInHeaders(server.app, clinician.email));
        const phone = newPhone();
        await textIn(server, '+16175550188', phone, 'the bill for my chest x-ray came twice');
        const id = await conversationIdOf(call, phone);
        const [message] = (await call('GET', `/api/conversations/${id}/messages`)).json().items;
        const corrected = await call(
          'POST',
          `/api/conversations/${id}/messages/${message.id}/triage-correction`,
          {
            urgency: 'routine',
            intent: 'billing',
          },
        );
        expect(corrected.statusCode).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    await cleanUp();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('exports the corrections as labelled examples, to a file only its owner can read', async () => {
    const out = path.join(folder, 'corrections.jsonl');
    const result = await run('export-corrections', '--out', out);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/1 correction\(s\) of clinic-[0-9a-f]+ written to/);
    const examples = parseLabelledExamples(fs.readFileSync(out, 'utf8'), out);
    expect(examples).toEqual([
      {
        text: 'the bill for my chest x-ray came twice',
        language: 'en',
        urgency: 'routine',
        intent: 'billing',
      },
    ]);
    expect(fs.statSync(out).mode & 0o077).toBe(0);
  });

  it('says what is wrong with a bad date or a missing file, and what to do', async () => {
    const badDate = await run('export-corrections', '--since', 'last tuesday');
    expect(badDate.code).not.toBe(0);
    expect(badDate.output).toContain('--since "last tuesday" is not a date; write it like 2026-11-01.');
    const missing = await run(
      'train',
      '--extra',
      path.join(folder, 'nowhere.jsonl'),
      '--out',
      path.join(folder, 'm.json'),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/Cannot read .*nowhere\.jsonl/);
    expect(fs.existsSync(path.join(folder, 'm.json'))).toBe(false);
  });
});
