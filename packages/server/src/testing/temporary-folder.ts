import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** A new empty folder for one test, removed when the test finishes. Call it inside a test. */
export function temporaryFolder(prefix = 'pd-test-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}
