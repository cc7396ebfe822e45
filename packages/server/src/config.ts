import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration of PatientDesk. It is read from the environment once, at start,
 * and passed down; no other module reads `process.env`.
 */

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
  message: 'must be a PostgreSQL connection URL such as postgres://user:password@host:5432/database',
});

const cronExpression = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, { message: 'must be a 5-field cron expression such as "15 3 * * *"' });

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2, 'must be at least 2').max(200).default(10),
  PATIENTDESK_DATA_DIR: z.string().min(1).default('.patientdesk'),
  PATIENTDESK_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('patientdesk-demo'),
  PATIENTDESK_DEMO_SEED: booleanFromEnv.optional(),
  PATIENTDESK_DEMO_SEED_NUMBER: z.coerce.number().int().min(1).default(20261122),
  PATIENTDESK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .max(100 * 1024 * 1024, 'must be at most 104857600 bytes (100 MiB)')
    .default(1024 * 1024),
  PATIENTDESK_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  PATIENTDESK_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  PATIENTDESK_RUN_WORKERS: booleanFromEnv.default(true),
  PATIENTDESK_RETENTION_SWEEP_CRON: cronExpression.default('15 3 * * *'),
  PATIENTDESK_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  PATIENTDESK_WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PATIENTDESK_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export type Environment = z.input<typeof environmentSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; bodyLimitBytes: number; cookieSecure: boolean };
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  demo: { seedOnFirstStart: boolean; password: string; seedNumber: number };
  sessions: { idleMinutes: number; maxHours: number };
  jobs: { runInProcess: boolean; retentionSweepCron: string };
  web: { distDir: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: readable lines at a terminal in development, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
}

/** Raised when the environment holds a value PatientDesk cannot start with. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `PatientDesk cannot start: the configuration is not valid.\n${problems
        .map((p) => `  ${p.variable}: ${p.problem}`)
        .join('\n')}\nFix these variables (see .env.example for every setting) and start again.`,
    );
    this.name = 'ConfigError';
  }
}

const defaultWebDist = path.resolve(import.meta.dirname, '../../web/dist');

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const allowed = issue.code === 'invalid_value' ? ` (allowed: ${issue.values.join(', ')})` : '';
        return { variable, problem: `${issue.message}${allowed}; got "${present[variable] ?? ''}"` };
      }),
    );
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  if (embedded && !e.PATIENTDESK_RUN_WORKERS) {
    throw new ConfigError([
      {
        variable: 'PATIENTDESK_RUN_WORKERS',
        problem:
          'must be true on the embedded database, which only one process can open; set DATABASE_URL to run workers separately',
      },
    ]);
  }
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.PATIENTDESK_BODY_LIMIT_BYTES,
      cookieSecure:
        e.PATIENTDESK_COOKIE_SECURE === 'auto'
          ? e.NODE_ENV === 'production'
          : e.PATIENTDESK_COOKIE_SECURE === 'true',
    },
    database: embedded
      ? { kind: 'pglite', dataDir: path.resolve(cwd, e.PATIENTDESK_DATA_DIR) }
      : { kind: 'postgres', url: e.DATABASE_URL!, poolSize: e.DATABASE_POOL_SIZE },
    demo: {
      seedOnFirstStart: e.PATIENTDESK_DEMO_SEED ?? embedded,
      password: e.PATIENTDESK_DEMO_PASSWORD,
      seedNumber: e.PATIENTDESK_DEMO_SEED_NUMBER,
    },
    sessions: { idleMinutes: e.PATIENTDESK_SESSION_IDLE_MINUTES, maxHours: e.PATIENTDESK_SESSION_MAX_HOURS },
    jobs: { runInProcess: e.PATIENTDESK_RUN_WORKERS, retentionSweepCron: e.PATIENTDESK_RETENTION_SWEEP_CRON },
    web: { distDir: e.PATIENTDESK_WEB_DIST ? path.resolve(cwd, e.PATIENTDESK_WEB_DIST) : defaultWebDist },
    logLevel: e.LOG_LEVEL,
    logFormat: e.PATIENTDESK_LOG_FORMAT,
  };
}
