import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
const patientdeskBin = path.join(repositoryRoot, 'packages/server/bin/patientdesk.js');

const running = new Set<ChildProcess>();
const folders = new Set<string>();

// A benchmark stopped half-way (Ctrl-C, an exception) must not leave servers or data behind.
function cleanUp(): void {
  for (const child of running) child.kill('SIGKILL');
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

/** A new empty folder, removed when the benchmark ends. */
export function temporaryFolder(prefix = 'pd-bench-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(folder);
  return folder;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  address: string;
  /** Milliseconds from spawning the process to `GET /ready` answering 200. */
  readyAfterMs: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `patientdesk start` as a child process and waits until `GET /ready` answers 200,
 * polling every 20 ms from the moment of spawning.
 */
export async function startServerProcess(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  let output = '';
  const startedAt = performance.now();
  const child = spawn(process.execPath, [patientdeskBin, 'start'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(port),
      PATIENTDESK_DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
      PATIENTDESK_LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    }
    running.delete(child);
  };

  const deadline = startedAt + (options.timeoutMs ?? 120_000);
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      running.delete(child);
      throw new Error(`the server exited (code ${child.exitCode}) before it was ready:\n${output.trim()}`);
    }
    const ready = await fetch(`${address}/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { address, readyAfterMs: performance.now() - startedAt, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await stop();
  throw new Error(`the server was not ready within ${options.timeoutMs ?? 120_000} ms:\n${output.trim()}`);
}
