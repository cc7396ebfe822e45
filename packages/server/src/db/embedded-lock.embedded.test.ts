import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  killHard,
  spawnPatientDesk,
  spawnTypeScript,
  waitForExit,
  waitForOutput,
} from '../testing/child-process.ts';
import { temporaryFolder } from '../testing/temporary-folder.ts';
import { openEmbeddedDatabase } from './connection.ts';
import { DataFolderInUseError, lockDataFolder } from './embedded-lock.ts';

const fixture = path.resolve(import.meta.dirname, '../testing/fixtures/hold-embedded-database.ts');
const children: ReturnType<typeof spawnTypeScript>[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await killHard(child);
});

describe('one owner of the embedded database', () => {
  it('refuses a second process, naming the folder, the owner and what to do', async () => {
    const dataDir = temporaryFolder();
    const owner = spawnTypeScript(fixture, [dataDir, 'first-clinic']);
    children.push(owner);
    await waitForOutput(owner, /ready/);

    const error = (() => {
      try {
        lockDataFolder(dataDir, 'second process');
      } catch (caught) {
        return caught as DataFolderInUseError;
      }
    })();
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect(error?.message).toContain(dataDir);
    expect(error?.message).toContain(`pid ${owner.pid}`);
    expect(error?.message).toMatch(/Stop that process first.*PATIENTDESK_DATA_DIR.*DATABASE_URL/);
  });

  it('gives the CLI a clear error instead of opening a folder the server holds', async () => {
    const dataDir = temporaryFolder();
    const owner = spawnTypeScript(fixture, [dataDir, 'busy-clinic']);
    children.push(owner);
    await waitForOutput(owner, /ready/);
    const { code, output } = await waitForExit(
      spawnPatientDesk(['migrate'], { PATIENTDESK_DATA_DIR: dataDir }),
    );
    expect(code).toBe(1);
    expect(output).toContain(`The embedded database in ${dataDir} is in use by another PatientDesk process`);
    expect(output).not.toMatch(/\n\s+at /); // a message for people, not a stack trace
  });

  it('refuses a second open of the same folder inside one process', async () => {
    const dataDir = temporaryFolder();
    const database = await openEmbeddedDatabase({ dataDir });
    try {
      await expect(openEmbeddedDatabase({ dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);
    } finally {
      await database.close();
    }
    const reopened = await openEmbeddedDatabase({ dataDir });
    await reopened.close();
  });

  it('keeps committed data through kill -9 and takes over the lock the dead process left', async () => {
    const dataDir = temporaryFolder();
    const crashed = spawnTypeScript(fixture, [dataDir, 'survivor-clinic']);
    children.push(crashed);
    await waitForOutput(crashed, /ready/);
    await killHard(crashed);
    expect(fs.existsSync(path.join(dataDir, 'patientdesk.lock'))).toBe(true);

    const database = await openEmbeddedDatabase({ dataDir });
    try {
      const { rows } = await database.query<{ name: string }>(
        "select name from organizations where slug = 'survivor-clinic'",
      );
      expect(rows).toEqual([{ name: 'Clinic survivor-clinic' }]);
    } finally {
      await database.close();
    }
  });
});
