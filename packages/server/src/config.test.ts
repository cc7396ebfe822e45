import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment, '/srv/clinic');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('starts on the embedded database in ./.patientdesk on port 3000 with the demo clinic when nothing is set', () => {
    const config = loadConfig({}, '/srv/clinic');
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('/srv/clinic', '.patientdesk') });
    expect(config.demo).toMatchObject({ seedOnFirstStart: true, password: 'patientdesk-demo' });
    expect(config.sessions).toEqual({ idleMinutes: 15, maxHours: 12 });
  });

  it('uses PostgreSQL and skips the demo clinic when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/patientdesk' }, '/srv/clinic');
    expect(config.database).toMatchObject({
      kind: 'postgres',
      url: 'postgres://app@db.internal:5432/patientdesk',
    });
    expect(config.demo.seedOnFirstStart).toBe(false);
  });

  it('reads PORT, PATIENTDESK_DATA_DIR and PATIENTDESK_DEMO_PASSWORD', () => {
    const config = loadConfig(
      { PORT: '8080', PATIENTDESK_DATA_DIR: 'data/pd', PATIENTDESK_DEMO_PASSWORD: 'a-longer-secret' },
      '/srv/clinic',
    );
    expect(config.http.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/clinic/data/pd' });
    expect(config.demo.password).toBe('a-longer-secret');
  });

  it('names the variable and what is allowed when a value is wrong', () => {
    expect(problemsOf({ PORT: 'eighty' })).toMatch(/PORT: must be a whole number; got "eighty"/);
    expect(problemsOf({ PORT: '70000' })).toMatch(/PORT: must be between 0 and 65535/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toMatch(
      /DATABASE_URL: must be a PostgreSQL connection URL/,
    );
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toMatch(
      /LOG_LEVEL: .*allowed: fatal, error, warn, info, debug, trace, silent/,
    );
    expect(problemsOf({ PATIENTDESK_DEMO_PASSWORD: 'short' })).toMatch(
      /PATIENTDESK_DEMO_PASSWORD: must be at least 8 characters/,
    );
  });

  it('lists every wrong variable at once', () => {
    const message = problemsOf({ PORT: '-1', PATIENTDESK_RUN_WORKERS: 'maybe' });
    expect(message).toContain('PORT:');
    expect(message).toContain('PATIENTDESK_RUN_WORKERS:');
  });

  it('refuses to run the embedded database without in-process workers, which nothing else could run', () => {
    expect(problemsOf({ PATIENTDESK_RUN_WORKERS: 'false' })).toMatch(
      /PATIENTDESK_RUN_WORKERS: must be true on the embedded database/,
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).database.kind).toBe('pglite');
  });
});
