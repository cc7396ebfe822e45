// `npm run bench -- <name> [--json] [--runs N] [--duration S] [--connections N] [--postgres-url URL]`
// Runs one benchmark and prints its figures as a table; with --json, the last line of stdout is
// one JSON object of the same figures. Progress goes to stderr.
import { parseArgs } from 'node:util';
import { type BenchmarkReport, formatReport } from './lib/report.ts';

export interface BenchmarkOptions {
  runs?: number;
  durationSeconds?: number;
  connections?: number;
  /** A PostgreSQL server to measure too (else TEST_DATABASE_URL, else PGlite only). */
  postgresUrl?: string;
}

type Benchmark = {
  description: string;
  load: () => Promise<{ run(options: BenchmarkOptions): Promise<BenchmarkReport> }>;
};

/** Every benchmark: add a file `bench/<name>.ts` exporting `run`, and a line here. */
const benchmarks: Record<string, Benchmark> = {
  startup: {
    description: 'fresh data folder to /ready (with and without the demo clinic), and a warm restart',
    load: () => import('./startup.ts'),
  },
  'http-floor': {
    description: 'requests/s and p50/p99 of GET /health against the cheapest database route, as a ratio',
    load: () => import('./http-floor.ts'),
  },
  'audit-append': {
    description: 'audit events/s with 8 concurrent writers, and the audit cost of a PHI read',
    load: () => import('./audit-append.ts'),
  },
  'patient-search': {
    description: 'p50/p95 of patient search (name, typo, DOB, phone, email, MRN) at 100,000 patients',
    load: () => import('./patient-search.ts'),
  },
  'inbox-ingest': {
    description:
      'texts/s through the signed Twilio webhook, and p50/p99 to the live event at a desk at 100 and 500/s',
    load: () => import('./inbox-ingest.ts'),
  },
  triage: {
    description:
      'triage on the held-out evaluation set: emergency recall/precision, accuracy, intent, messages/s',
    load: () => import('./triage.ts'),
  },
  'kb-search': {
    description: 'help-article search at 5,000 articles: p50/p95, and MRR/top-1/top-3 on the question set',
    load: () => import('./kb-search.ts'),
  },
  availability: {
    description:
      'p50/p95 of provider search (specialty + insurance + language, 14 days) and a 30-day calendar at 2,000 providers',
    load: () => import('./availability.ts'),
  },
  'booking-contention': {
    description:
      '200 clients race for 20 times over HTTP on PostgreSQL: bookings, overlaps, 409s with times, bookings/s',
    load: () => import('./booking-contention.ts'),
  },
  reminders: {
    description:
      '100,000 reminders due in one hour dispatched through the outbox: total time, reminders/s, duplicates, misses',
    load: () => import('./reminders.ts'),
  },
  'audit-verify': {
    description: 'build 1,000,000 chained audit events, then verify them: events/s',
    load: () => import('./audit-verify.ts'),
  },
};

function usage(): string {
  const names = Object.entries(benchmarks).map(([name, b]) => `  ${name.padEnd(12)} ${b.description}`);
  return [
    'usage: npm run bench -- <name> [--json] [--runs N] [--duration S] [--connections N] [--postgres-url URL]',
    '',
    'benchmarks:',
    ...names,
  ].join('\n');
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    process.stderr.write(`--${flag} takes a whole number of 1 or more; got "${value}".\n`);
    process.exit(2);
  }
  return number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'postgres-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const name = positionals[0];
if (values.help || !name) {
  process.stdout.write(`${usage()}\n`);
  process.exit(name || values.help ? 0 : 2);
}
const benchmark = benchmarks[name];
if (!benchmark) {
  process.stderr.write(`There is no benchmark called "${name}".\n\n${usage()}\n`);
  process.exit(2);
}

const report = await (await benchmark.load()).run({
  runs: wholeNumber('runs', values.runs),
  durationSeconds: wholeNumber('duration', values.duration),
  connections: wholeNumber('connections', values.connections),
  postgresUrl: values['postgres-url'] ?? process.env.TEST_DATABASE_URL,
});
process.stdout.write(`${formatReport(report)}\n`);
if (values.json)
  process.stdout.write(`${JSON.stringify({ benchmark: report.benchmark, figures: report.figures })}\n`);
process.exit(0);
