import { randomUUID } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { Database } from '../packages/server/src/db/connection.ts';
import {
  appendChainedEvents,
  type FixtureEvent,
} from '../packages/server/src/domains/audit/chain-fixtures.ts';
import { verifyChain } from '../packages/server/src/domains/audit/verify.ts';
import { createOrganization } from '../packages/server/src/domains/organizations/service.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, type ScratchKind, scratchKinds } from './lib/scratch-database.ts';
import { round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * How fast `patientdesk audit-verify` walks a large chain: one organisation's chain of a million
 * events (built directly, hashes computed with chain.ts, thousands of rows per INSERT), then
 * verified with `verifyChain`, which recomputes every hash. BENCH_AUDIT_EVENTS sets another
 * size for a quick try.
 */

const defaultEvents = 1_000_000;
const actions = [
  'patient.read',
  'patient.search',
  'patient.notes.read',
  'auth.sign-in',
  'patient.update',
  'audit.read',
];

/** A clinic's plausible traffic: 50 staff, 5,000 patients, one event a second. */
function* clinicTraffic(count: number): Generator<FixtureEvent> {
  const staff = Array.from({ length: 50 }, () => randomUUID());
  const patientIds = Array.from({ length: 5_000 }, () => randomUUID());
  const start = Date.parse('2025-01-01T08:00:00Z');
  for (let index = 0; index < count; index++) {
    const action = actions[index % actions.length]!;
    const aboutPatient = action.startsWith('patient.');
    yield {
      occurredAt: new Date(start + index * 1000),
      actorType: 'staff',
      actorId: staff[index % staff.length]!,
      actorRole: index % 7 === 0 ? 'supervisor' : 'agent',
      actorName: `Staff member ${index % staff.length}`,
      action,
      resourceType: aboutPatient ? 'patient' : 'route',
      resourceId: aboutPatient ? patientIds[(index * 7) % patientIds.length]! : null,
      patientIds: aboutPatient ? [patientIds[(index * 7) % patientIds.length]!] : [],
      outcome: index % 97 === 0 ? 'denied' : 'allowed',
      ip: `10.0.${(index >> 8) & 255}.${index & 255}`,
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      requestId: randomUUID(),
      details: aboutPatient ? { via: 'role' } : {},
    };
  }
}

function bar(label: string, total: number) {
  const progressBar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      barsize: 30,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  progressBar.start(total, 0, { rate: 0 });
  return {
    update: (done: number) =>
      progressBar.update(done, {
        rate: Math.round(done / Math.max((performance.now() - started) / 1000, 0.001)),
      }),
    stop: () => progressBar.stop(),
  };
}

interface Measured {
  kind: ScratchKind;
  label: string;
  events: number;
  buildSeconds: number;
  verifySeconds: number;
  intact: boolean;
}

async function measure(
  kind: ScratchKind,
  database: Database,
  label: string,
  events: number,
): Promise<Measured> {
  const organization = await createOrganization(database.orm, {
    slug: `bench-verify-${Date.now()}`,
    name: 'Verify Bench Clinic',
    timeZone: 'America/New_York',
  });
  const building = bar(`audit-verify: ${kind}: building`, events);
  let started = performance.now();
  await appendChainedEvents(database, organization.id, clinicTraffic(events), {
    batchSize: 5_000,
    onBatch: building.update,
  }).finally(building.stop);
  const buildSeconds = (performance.now() - started) / 1000;
  progress(`audit-verify: ${kind}: analysing the table...`);
  await database.query('analyze audit_events');
  progressDone();

  const verifying = bar(`audit-verify: ${kind}: verifying`, events);
  started = performance.now();
  const result = await verifyChain(database, organization.id, verifying.update).finally(verifying.stop);
  const verifySeconds = (performance.now() - started) / 1000;
  return {
    kind,
    label,
    events,
    buildSeconds,
    verifySeconds,
    intact: result.intact && result.events === events,
  };
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? defaultEvents);
  const measured: Measured[] = [];
  for (const kind of scratchKinds(options.postgresUrl)) {
    progress(`audit-verify: opening a scratch ${kind} database...`);
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      measured.push(await measure(kind, scratch.database, scratch.label, events));
    } finally {
      progress(`audit-verify: removing the scratch ${kind} database...`);
      await scratch.drop();
    }
  }
  progressDone();

  const figures: BenchmarkReport['figures'] = { events };
  const rows: (string | number)[][] = [];
  for (const m of measured) {
    const name = m.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    figures[`${m.kind}_verify_events_per_second`] = round(m.events / m.verifySeconds, 0);
    figures[`${m.kind}_verify_seconds`] = round(m.verifySeconds, 1);
    figures[`${m.kind}_build_events_per_second`] = round(m.events / m.buildSeconds, 0);
    figures[`${m.kind}_intact`] = m.intact ? 'yes' : 'NO';
    rows.push(
      [
        `${name}: verify (verifyChain)`,
        round(m.events / m.verifySeconds, 0),
        round(m.verifySeconds, 1),
        m.intact ? 'intact' : 'BROKEN',
      ],
      [
        `${name}: build (hash + batched INSERT)`,
        round(m.events / m.buildSeconds, 0),
        round(m.buildSeconds, 1),
        '',
      ],
    );
  }
  return {
    benchmark: 'audit-verify',
    title: `audit-verify: recompute the hash chain of ${events.toLocaleString('en-US')} audit events`,
    setting: {
      events,
      databases: measured.map((m) => m.label).join('; '),
      'verify reads': '5,000 events per page, SHA-256 over RFC 8785 JSON per event',
      cores: (await import('node:os')).cpus().length,
    },
    columns: ['step', 'events/s', 'seconds', 'chain'],
    rows,
    figures,
  };
}
