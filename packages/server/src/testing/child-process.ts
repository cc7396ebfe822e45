import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { testEncryptionKeys } from './test-server.ts';

const serverPackage = path.resolve(import.meta.dirname, '../..');

/** Runs a TypeScript file of the server package in a new Node process (through tsx). */
export function spawnTypeScript(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: serverPackage,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the `patientdesk` command in a new process. */
export function spawnPatientDesk(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [path.join(serverPackage, 'bin/patientdesk.js'), ...args], {
    cwd: serverPackage,
    env: { ...process.env, LOG_LEVEL: 'warn', PATIENTDESK_ENCRYPTION_KEYS: testEncryptionKeys, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with everything the child printed once its output matches `pattern`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(output))
        reject(new Error(`process exited (${code}) before printing ${pattern}:\n${output}`));
    });
  });
}

/** Waits for a child to exit and returns its exit code and everything it printed. */
export function waitForExit(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Kills a child with SIGKILL (as a crash would) and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
