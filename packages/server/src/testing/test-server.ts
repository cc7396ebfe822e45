import { Writable } from 'node:stream';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../db/connection.ts';
import { type RunningServer, startServer } from '../main.ts';
import { createLogger } from '../observability/logger.ts';

/** Log lines a test server wrote, parsed, so tests can check what reached the log. */
export interface CapturedLog {
  lines: Record<string, unknown>[];
  text(): string;
}

function captureLog(): { stream: Writable; captured: CapturedLog } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const text = chunk.toString();
      raw.push(text);
      for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, captured: { lines, text: () => raw.join('') } };
}

/** A fixed key for tests (never used outside them). */
export const testEncryptionKeys = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

/** The configuration tests run with: no demo data, workers off unless asked, quiet. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PATIENTDESK_DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    PORT: '0',
    PATIENTDESK_ENCRYPTION_KEYS: testEncryptionKeys,
    ...overrides,
  });
}

/** Starts a server (not listening; use `app.inject`) on a test database, capturing its log. */
export async function startTestServer(
  database: Database,
  options: { config?: Config; listen?: boolean } = {},
): Promise<RunningServer & { log: CapturedLog }> {
  const { stream, captured } = captureLog();
  const logger = createLogger({ level: 'info', destination: stream });
  const server = await startServer(options.config ?? testConfig(), {
    database,
    logger,
    listen: options.listen ?? false,
  });
  return Object.assign(server, { log: captured });
}
