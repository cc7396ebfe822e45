import { and, desc, eq } from 'drizzle-orm';
import type { Database, Orm } from '../packages/server/src/db/connection.ts';
import type { StaffActor } from '../packages/server/src/domains/access/actor.ts';
import { runAsActor } from '../packages/server/src/domains/access/actor-scope.ts';
import { type AuditContext, createAuditTrail } from '../packages/server/src/domains/audit/audit-trail.ts';
import { verifyChain } from '../packages/server/src/domains/audit/verify.ts';
import { createOrganization } from '../packages/server/src/domains/organizations/service.ts';
import {
  patientConsents,
  patientContactPoints,
  patients,
} from '../packages/server/src/domains/patients/schema.ts';
import { createPatients } from '../packages/server/src/domains/patients/service.ts';
import { createStaffMember } from '../packages/server/src/domains/staff/service.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, type ScratchKind, scratchKinds } from './lib/scratch-database.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * What the audit log costs. (1) Appends: 8 async loops, like 8 requests in flight, each awaiting
 * `record()` of one event (what a request does before it answers) on one organisation's chain,
 * so every event takes its turn at the chain head; the trail groups what arrives together.
 * (2) A PHI read: the same patient read in a tenant transaction through `runAsActor`, with and
 * without the awaited audit event, one after the other in alternation; the ratio of medians is
 * what auditing adds to the read a person waits for.
 */

const writers = 8;

interface AppendResult {
  events: number;
  seconds: number;
  latencies: number[];
  intact: boolean;
}

interface ReadResult {
  withoutAudit: number[];
  withAudit: number[];
}

const context = (organizationId: string, writer: number): AuditContext => ({
  organizationId,
  actorType: 'staff',
  actorId: null,
  actorRole: 'agent',
  actorName: `bench writer ${writer}`,
  ip: '127.0.0.1',
  userAgent: 'patientdesk-bench',
  requestId: null,
});

async function measureAppends(database: Database, seconds: number, label: string): Promise<AppendResult> {
  const organization = await createOrganization(database.orm, {
    slug: `bench-append-${Date.now()}`,
    name: 'Append Bench Clinic',
    timeZone: 'America/New_York',
  });
  const trail = createAuditTrail(database);
  const event = (writer: number, index: number) => ({
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: `${writer}-${index}`,
    patientIds: ['00000000-0000-4000-8000-000000000001'],
    outcome: 'allowed' as const,
    details: { via: 'role' },
  });
  // Warm-up: the chain head exists, statements are planned.
  for (let index = 0; index < 200; index++) await trail.record(context(organization.id, 0), event(0, -index));

  const latencies: number[] = [];
  let events = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const ticker = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    progress(`audit-append: ${label}: ${events} events, ${Math.round(events / elapsed)}/s...`);
  }, 500);
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let index = 0; performance.now() < deadline; index++) {
        const before = performance.now();
        await trail.record(context(organization.id, writer), event(writer, index));
        latencies.push(performance.now() - before);
        events += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(ticker);
  progress(`audit-append: ${label}: verifying the ${events + 200} events appended...`);
  const verification = await verifyChain(database, organization.id);
  return {
    events,
    seconds: elapsed,
    latencies,
    intact: verification.intact && verification.events === events + 200,
  };
}

/** The representative PHI read: the patient, their contact points and latest consents. */
async function readPatient(orm: Orm, organizationId: string, patientId: string) {
  const [patient] = await orm
    .select()
    .from(patients)
    .where(and(eq(patients.id, patientId), eq(patients.organizationId, organizationId)));
  const contactPoints = await orm
    .select()
    .from(patientContactPoints)
    .where(eq(patientContactPoints.patientId, patientId));
  const consents = await orm
    .select()
    .from(patientConsents)
    .where(eq(patientConsents.patientId, patientId))
    .orderBy(desc(patientConsents.recordedAt))
    .limit(10);
  return { patient, contactPoints, consents };
}

async function measureRead(database: Database, pairs: number, label: string): Promise<ReadResult> {
  const organization = await createOrganization(database.orm, {
    slug: `bench-read-${Date.now()}`,
    name: 'Read Bench Clinic',
    timeZone: 'America/New_York',
  });
  const staff = await createStaffMember(database.orm, {
    organizationId: organization.id,
    email: `agent-${Date.now()}@bench.test`,
    displayName: 'Bench Agent',
    role: 'agent',
  });
  const [patient] = await createPatients(database.orm, [
    {
      organizationId: organization.id,
      mrn: 'BENCH-1',
      givenName: 'Maria',
      familyName: 'Lopez',
      birthDate: '1979-05-14',
      phone: '+1 555 010 2233',
      email: 'maria.lopez@example.com',
    },
  ]);
  await database.orm.insert(patientConsents).values(
    (['sms', 'email', 'voice'] as const).map((channel) => ({
      organizationId: organization.id,
      patientId: patient!.id,
      channel,
      status: 'granted' as const,
      source: 'registration' as const,
    })),
  );
  const actor: StaffActor = {
    kind: 'staff',
    role: 'agent',
    staffMemberId: staff.id,
    organizationId: organization.id,
    displayName: staff.displayName,
    credential: { kind: 'session', sessionId: 'bench', expiresAt: new Date(Date.now() + 3_600_000) },
    mfaEnrollmentRequired: false,
  };
  const deps = { database, audit: createAuditTrail(database) };
  const read = (audited: boolean) =>
    runAsActor(deps, undefined, actor, async (scope) => {
      await scope.authorize('patient.read', { patientId: patient!.id });
      const record = await readPatient(scope.orm, organization.id, patient!.id);
      if (audited)
        scope.record({
          action: 'patient.read',
          resourceType: 'patient',
          resourceId: patient!.id,
          patientIds: [patient!.id],
          outcome: 'allowed',
        });
      return record;
    });
  const timed = async (audited: boolean) => {
    const before = performance.now();
    await read(audited);
    return performance.now() - before;
  };
  for (let index = 0; index < 100; index++) await timed(index % 2 === 0);
  const result: ReadResult = { withoutAudit: [], withAudit: [] };
  for (let index = 0; index < pairs; index++) {
    // Alternate which goes first, so neither always follows the other's commit.
    if (index % 2 === 0) {
      result.withoutAudit.push(await timed(false));
      result.withAudit.push(await timed(true));
    } else {
      result.withAudit.push(await timed(true));
      result.withoutAudit.push(await timed(false));
    }
    if (index % 100 === 0) progress(`audit-append: ${label}: PHI read ${index} of ${pairs} pairs...`);
  }
  return result;
}

interface Measured {
  kind: ScratchKind;
  label: string;
  append: AppendResult;
  read: ReadResult;
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const seconds = options.durationSeconds ?? 10;
  const pairs = options.runs ?? 1_000;
  const measured: Measured[] = [];
  for (const kind of scratchKinds(options.postgresUrl)) {
    progress(`audit-append: opening a scratch ${kind} database...`);
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      // Reads first: the append load leaves work behind (autovacuum, GIN pending list) that
      // would land on the reads' timings.
      const read = await measureRead(scratch.database, pairs, kind);
      const append = await measureAppends(scratch.database, seconds, kind);
      measured.push({ kind, label: scratch.label, append, read });
    } finally {
      await scratch.drop();
    }
  }
  progressDone();

  const figures: BenchmarkReport['figures'] = {};
  const rows: (string | number)[][] = [];
  for (const { kind, append, read } of measured) {
    const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const rate = append.events / append.seconds;
    const withoutMedian = percentile(read.withoutAudit, 0.5);
    const withMedian = percentile(read.withAudit, 0.5);
    figures[`${kind}_events_per_second`] = round(rate, 0);
    figures[`${kind}_record_p50_ms`] = round(percentile(append.latencies, 0.5), 3);
    figures[`${kind}_record_p99_ms`] = round(percentile(append.latencies, 0.99), 3);
    figures[`${kind}_chain_intact`] = append.intact ? 'yes' : 'NO';
    figures[`${kind}_read_median_ms`] = round(withoutMedian, 3);
    figures[`${kind}_read_audited_median_ms`] = round(withMedian, 3);
    figures[`${kind}_audit_overhead_ratio`] = round(withMedian / withoutMedian, 2);
    rows.push(
      [
        `${label}: appends, ${writers} writers`,
        round(rate, 0),
        round(percentile(append.latencies, 0.5), 2),
        round(percentile(append.latencies, 0.99), 2),
        append.intact ? 'intact' : 'BROKEN',
      ],
      [
        `${label}: PHI read, no audit`,
        '',
        round(withoutMedian, 2),
        round(percentile(read.withoutAudit, 0.99), 2),
        '',
      ],
      [
        `${label}: PHI read + awaited audit`,
        '',
        round(withMedian, 2),
        round(percentile(read.withAudit, 0.99), 2),
        `x${round(withMedian / withoutMedian, 2)}`,
      ],
    );
  }
  return {
    benchmark: 'audit-append',
    title: 'audit-append: chained audit appends under concurrency, and what auditing adds to a PHI read',
    setting: {
      writers,
      'append load': `${seconds} s of 8 loops awaiting record() of 1 event each, one organisation`,
      'PHI read': `${pairs} alternating pairs; patient + contact points + consents in one tenant transaction (runAsActor)`,
      databases: measured.map((m) => m.label).join('; '),
      cores: (await import('node:os')).cpus().length,
    },
    columns: ['measurement', 'events/s', 'p50 ms', 'p99 ms', 'chain / ratio'],
    rows,
    figures,
    notes: [
      'the ratio is the median PHI read with its audit event committed before returning, over the same read without',
      'PGlite is one backend in this process: appends and reads queue behind each other there',
    ],
  };
}
