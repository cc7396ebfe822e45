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

const key32 = Buffer.alloc(32, 1).toString('base64');

describe('configuration', () => {
  it('starts on the embedded database in ./.patientdesk on port 3000 with the demo clinic when nothing is set', () => {
    const config = loadConfig({}, '/srv/clinic');
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('/srv/clinic', '.patientdesk') });
    expect(config.demo).toMatchObject({ seedOnFirstStart: true, password: 'patientdesk-demo' });
    expect(config.sessions).toEqual({ idleMinutes: 15, maxHours: 12 });
  });

  it('uses PostgreSQL and skips the demo clinic when DATABASE_URL is set', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://app@db.internal:5432/patientdesk',
        PATIENTDESK_ENCRYPTION_KEYS: `k1:${key32}`,
      },
      '/srv/clinic',
    );
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

  it('keeps encryption keys in the data folder on the embedded database when none are configured', () => {
    expect(loadConfig({}, '/srv/clinic').encryption).toEqual({
      source: 'data-folder',
      dataDir: '/srv/clinic/.patientdesk',
    });
  });

  it('requires encryption keys with DATABASE_URL, since every process must share them', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://app@db/pd' })).toMatch(
      /PATIENTDESK_ENCRYPTION_KEYS: is required with DATABASE_URL/,
    );
  });

  it('reads several encryption keys and uses the last one, or the one PATIENTDESK_ENCRYPTION_KEY_ID names', () => {
    const other = Buffer.alloc(32, 2).toString('base64');
    const keys = `old:${key32},new:${other}`;
    const config = loadConfig({ PATIENTDESK_ENCRYPTION_KEYS: keys });
    expect(config.encryption).toMatchObject({ source: 'environment', activeKeyId: 'new' });
    expect(
      loadConfig({ PATIENTDESK_ENCRYPTION_KEYS: keys, PATIENTDESK_ENCRYPTION_KEY_ID: 'old' }).encryption,
    ).toMatchObject({
      activeKeyId: 'old',
    });
    expect(problemsOf({ PATIENTDESK_ENCRYPTION_KEYS: keys, PATIENTDESK_ENCRYPTION_KEY_ID: 'k9' })).toMatch(
      /PATIENTDESK_ENCRYPTION_KEY_ID: names "k9", which PATIENTDESK_ENCRYPTION_KEYS does not contain \(it has: old, new\)/,
    );
    expect(
      problemsOf({ PATIENTDESK_ENCRYPTION_KEYS: `k1:${Buffer.alloc(24, 1).toString('base64')}` }),
    ).toMatch(/key "k1" is 24 bytes; AES-256 keys are 32 bytes/);
    expect(problemsOf({ PATIENTDESK_ENCRYPTION_KEYS: 'just-a-password' })).toMatch(
      /PATIENTDESK_ENCRYPTION_KEYS: must be a comma-separated list of key-id:base64-key pairs/,
    );
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
