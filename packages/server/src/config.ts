import path from 'node:path';
import { z } from 'zod';
import type { LanguageModelSettings } from './domains/assistant/language-model.ts';
import type { SmtpSettings } from './domains/channels/email/smtp-sender.ts';

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
  PATIENTDESK_ENCRYPTION_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{8,128}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{8,128})*$/,
      'must be a comma-separated list of key-id:base64-key pairs (each key 32 random bytes, e.g. from `openssl rand -base64 32`)',
    )
    .optional(),
  PATIENTDESK_ENCRYPTION_KEY_ID: z.string().optional(),
  PATIENTDESK_PUBLIC_URL: z
    .url({ message: 'must be the address people open, such as https://desk.clinic.org' })
    .optional(),
  PUBLIC_URL: z
    .url({ message: 'must be the address people open, such as https://desk.clinic.org' })
    .optional(),
  PATIENTDESK_SMS_DRIVER: z.enum(['outbox', 'twilio']).default('outbox'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token from the Twilio console').optional(),
  PATIENTDESK_EMAIL_DRIVER: z.enum(['outbox', 'smtp']).default('outbox'),
  SMTP_URL: z
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), {
      message: 'must be smtp://user:password@host:587 or smtps://...:465',
    })
    .optional(),
  PATIENTDESK_SMTP_LISTEN: z
    .string()
    .regex(/^[^:]+:\d{1,5}$/, 'must be host:port, such as 0.0.0.0:2525')
    .optional(),
  PATIENTDESK_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024, 'must be at most 52428800 bytes (50 MiB)')
    .default(10 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PATIENTDESK_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  PATIENTDESK_TRIAGE_MODEL: z.string().min(1).optional(),
  PATIENTDESK_VIDEO_VISIT_URL: z
    .url({ message: 'must be the address video rooms are made under, such as https://meet.jit.si' })
    .default('https://meet.jit.si'),
  PATIENTDESK_FREE_TIME_DAYS: z.coerce
    .number()
    .int()
    .min(14, 'must be at least 14 days')
    .max(730, 'must be at most 730 days')
    .default(180),
  PATIENTDESK_ASSISTANT_MODEL_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
      message: 'must be the base URL of an OpenAI-compatible API, such as http://127.0.0.1:8000/v1',
    })
    .optional(),
  PATIENTDESK_ASSISTANT_MODEL_KEY: z.string().min(1).optional(),
  PATIENTDESK_ASSISTANT_MODEL: z.string().min(1).default('default'),
  PATIENTDESK_ASSISTANT_MODEL_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
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
  /** The address people open; links in emails (password reset, invitations) start with it. */
  publicUrl: string;
  /**
   * Keys for field-level encryption of PHI. `environment`: from PATIENTDESK_ENCRYPTION_KEYS.
   * `data-folder`: none configured on the embedded database, so a key file is kept (and made on
   * first start) in the data folder.
   */
  encryption:
    | { source: 'environment'; keys: Map<string, Buffer>; activeKeyId: string }
    | { source: 'data-folder'; dataDir: string };
  /** Where outgoing SMS and email go, and how inbound ones arrive. */
  channels: {
    sms: { driver: 'outbox' } | { driver: 'twilio'; accountSid: string; authToken: string };
    /** Checks `X-Twilio-Signature` on /hooks/twilio/*; without it those webhooks refuse everything. */
    twilioAuthToken: string | null;
    email: { driver: 'outbox' } | { driver: 'smtp'; smtp: SmtpSettings };
    /** The built-in inbound mail server, when configured. */
    smtpListen: { host: string; port: number } | null;
    attachmentMaxBytes: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: readable lines at a terminal in development, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** A triage model trained with a clinic's own corrections; null: the model bundled with the code. */
  triage: { modelFile: string | null };
  /** The assistant's optional language model (an OpenAI-compatible endpoint); null: answers come from search. */
  assistant: { languageModel: LanguageModelSettings | null };
  scheduling: {
    /** Video visits are rooms under this address (a Jitsi server by default). */
    videoVisitBaseUrl: string;
    /** How many days ahead free time is kept computed (the longest booking window). */
    freeTimeDays: number;
  };
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
  const encryption = encryptionSettings(e, embedded ? path.resolve(cwd, e.PATIENTDESK_DATA_DIR) : undefined);
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
    channels: channelSettings(e),
    publicUrl: (e.PATIENTDESK_PUBLIC_URL ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(
      /\/$/,
      '',
    ),
    encryption,
    logLevel: e.LOG_LEVEL,
    logFormat: e.PATIENTDESK_LOG_FORMAT,
    triage: { modelFile: e.PATIENTDESK_TRIAGE_MODEL ? path.resolve(cwd, e.PATIENTDESK_TRIAGE_MODEL) : null },
    assistant: {
      languageModel: e.PATIENTDESK_ASSISTANT_MODEL_URL
        ? {
            url: e.PATIENTDESK_ASSISTANT_MODEL_URL,
            apiKey: e.PATIENTDESK_ASSISTANT_MODEL_KEY ?? null,
            model: e.PATIENTDESK_ASSISTANT_MODEL,
            timeoutMs: e.PATIENTDESK_ASSISTANT_MODEL_TIMEOUT_MS,
          }
        : null,
    },
    scheduling: {
      videoVisitBaseUrl: e.PATIENTDESK_VIDEO_VISIT_URL.replace(/\/$/, ''),
      freeTimeDays: e.PATIENTDESK_FREE_TIME_DAYS,
    },
  };
}

function encryptionSettings(
  e: z.infer<typeof environmentSchema>,
  embeddedDataDir: string | undefined,
): Config['encryption'] {
  if (!e.PATIENTDESK_ENCRYPTION_KEYS) {
    if (embeddedDataDir) return { source: 'data-folder', dataDir: embeddedDataDir };
    throw new ConfigError([
      {
        variable: 'PATIENTDESK_ENCRYPTION_KEYS',
        problem:
          'is required with DATABASE_URL: every process must share the keys that protect PHI. Set it to key-id:base64-key (e.g. k1:$(openssl rand -base64 32))',
      },
    ]);
  }
  const keys = new Map<string, Buffer>();
  for (const pair of e.PATIENTDESK_ENCRYPTION_KEYS.split(',')) {
    const [id, encoded] = pair.split(':') as [string, string];
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      throw new ConfigError([
        {
          variable: 'PATIENTDESK_ENCRYPTION_KEYS',
          problem: `key "${id}" is ${key.length} bytes; AES-256 keys are 32 bytes (openssl rand -base64 32)`,
        },
      ]);
    }
    if (keys.has(id))
      throw new ConfigError([
        { variable: 'PATIENTDESK_ENCRYPTION_KEYS', problem: `key id "${id}" appears twice` },
      ]);
    keys.set(id, key);
  }
  const activeKeyId = e.PATIENTDESK_ENCRYPTION_KEY_ID ?? [...keys.keys()].at(-1)!;
  if (!keys.has(activeKeyId)) {
    throw new ConfigError([
      {
        variable: 'PATIENTDESK_ENCRYPTION_KEY_ID',
        problem: `names "${activeKeyId}", which PATIENTDESK_ENCRYPTION_KEYS does not contain (it has: ${[...keys.keys()].join(', ')})`,
      },
    ]);
  }
  return { source: 'environment', keys, activeKeyId };
}

function channelSettings(e: z.infer<typeof environmentSchema>): Config['channels'] {
  const problems: { variable: string; problem: string }[] = [];
  if (e.PATIENTDESK_SMS_DRIVER === 'twilio') {
    if (!e.TWILIO_ACCOUNT_SID)
      problems.push({
        variable: 'TWILIO_ACCOUNT_SID',
        problem: 'is required when PATIENTDESK_SMS_DRIVER is twilio',
      });
    if (!e.TWILIO_AUTH_TOKEN)
      problems.push({
        variable: 'TWILIO_AUTH_TOKEN',
        problem: 'is required when PATIENTDESK_SMS_DRIVER is twilio',
      });
  }
  if (e.PATIENTDESK_EMAIL_DRIVER === 'smtp' && !e.SMTP_URL)
    problems.push({ variable: 'SMTP_URL', problem: 'is required when PATIENTDESK_EMAIL_DRIVER is smtp' });
  if (problems.length) throw new ConfigError(problems);
  const smtpUrl = e.SMTP_URL ? new URL(e.SMTP_URL) : undefined;
  const listen = e.PATIENTDESK_SMTP_LISTEN?.split(':');
  return {
    sms:
      e.PATIENTDESK_SMS_DRIVER === 'twilio'
        ? { driver: 'twilio', accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN! }
        : { driver: 'outbox' },
    twilioAuthToken: e.TWILIO_AUTH_TOKEN ?? null,
    email:
      smtpUrl && e.PATIENTDESK_EMAIL_DRIVER === 'smtp'
        ? {
            driver: 'smtp',
            smtp: {
              host: smtpUrl.hostname,
              port: Number(smtpUrl.port) || (smtpUrl.protocol === 'smtps:' ? 465 : 587),
              secure: smtpUrl.protocol === 'smtps:',
              ...(smtpUrl.username
                ? {
                    user: decodeURIComponent(smtpUrl.username),
                    password: decodeURIComponent(smtpUrl.password),
                  }
                : {}),
            },
          }
        : { driver: 'outbox' },
    smtpListen: listen ? { host: listen[0]!, port: Number(listen[1]) } : null,
    attachmentMaxBytes: e.PATIENTDESK_ATTACHMENT_MAX_BYTES,
  };
}
