import { providerSearchQuerySchema } from '../packages/contracts/src/index.ts';
import type { Database } from '../packages/server/src/db/connection.ts';
import { inTenant } from '../packages/server/src/db/tenant-scope.ts';
import { providerCalendar, searchProviders } from '../packages/server/src/domains/scheduling/availability.ts';
import {
  type AvailabilityClinic,
  buildAvailabilityClinic,
  providerCount,
  scheduleDays,
  specialties,
} from './lib/availability-clinic.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, scratchKinds } from './lib/scratch-database.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * Availability at health-system scale: 2,000 providers with 90 days of working hours, half of
 * that time booked (bench/lib/availability-clinic.ts). Then, through the services the routes
 * call (in a tenant transaction, row-level security on, as a request runs them):
 *   - search: the providers of a specialty who accept an insurance and speak a language and are
 *     free soonest within 14 days, a page of 20 with their earliest 3 free times each
 *     (`searchProviders`, GET /api/providers/search);
 *   - calendar: one provider's free times for 30 days (`providerCalendar`, GET /api/providers/:id/calendar).
 * The filters vary as patients' would; searches and calendars take turns, so noise on the
 * machine falls on both.
 */

// How patients write their insurance: payer names, abbreviations, keys.
const insuranceAsTyped = [
  'Aetna',
  'Blue Cross Blue Shield',
  'BCBS',
  'cigna',
  'Humana',
  'Medicaid',
  'Medicare',
  'UnitedHealthcare',
  'UHC',
  'TRICARE',
  'Kaiser Permanente',
];
const languages = [
  { weight: 0.45, value: 'en' },
  { weight: 0.35, value: 'es' },
  { weight: 0.1, value: 'vi' },
  { weight: 0.1, value: 'zh' },
];

/** A small, seeded random generator, so every run asks the same questions. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Measured {
  search: number[];
  calendar: number[];
  hits: number[];
  fullHits: number;
  calendarTimes: number[];
}

async function measure(
  database: Database,
  clinic: AvailabilityClinic,
  label: string,
  runs: number,
): Promise<Measured> {
  const random = seededRandom(6);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const language = () => {
    let roll = random();
    for (const option of languages) {
      roll -= option.weight;
      if (roll <= 0) return option.value;
    }
    return 'en';
  };
  const { organizationId, now } = clinic;
  const search = (filters: Record<string, string>) =>
    inTenant(database, organizationId, (orm) =>
      searchProviders(orm, organizationId, providerSearchQuerySchema.parse(filters), {
        onlineOnly: true,
        now,
      }),
    );
  const calendar = (providerId: string) =>
    inTenant(database, organizationId, (orm) =>
      providerCalendar(orm, organizationId, {
        providerId,
        appointmentType: 'follow-up',
        days: 30,
        onlineOnly: true,
        now,
      }),
    );
  const rounds = Array.from({ length: runs + 20 }, () => ({
    filters: {
      specialty: pick(specialties),
      insurance: pick(insuranceAsTyped),
      language: language(),
      withinDays: '14',
    },
    providerId: pick(clinic.providerIds),
  }));
  const measured: Measured = { search: [], calendar: [], hits: [], fullHits: 0, calendarTimes: [] };
  progress(`availability: ${label}: warming up...`);
  for (const round of rounds.slice(0, 20)) {
    await search(round.filters);
    await calendar(round.providerId);
  }
  for (const [index, round] of rounds.slice(20).entries()) {
    if (index % 50 === 0) progress(`availability: ${label}: search and calendar ${index + 1} of ${runs}...`);
    let started = performance.now();
    const found = await search(round.filters);
    measured.search.push(performance.now() - started);
    measured.hits.push(found.items.length);
    measured.fullHits += found.items.filter((hit) => hit.nextFreeTimes.length === 3).length;
    started = performance.now();
    const days = await calendar(round.providerId);
    measured.calendar.push(performance.now() - started);
    measured.calendarTimes.push(days.days.reduce((sum, day) => sum + day.times.length, 0));
  }
  return measured;
}

const average = (values: number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const runs = options.runs ?? 300;
  const rows: BenchmarkReport['rows'] = [];
  const figures: BenchmarkReport['figures'] = { providers: providerCount, schedule_days: scheduleDays };
  const setting: BenchmarkReport['setting'] = {
    clinic: `${providerCount.toLocaleString('en-US')} providers, ${scheduleDays} days of hours (two blocks a weekday), half of the time booked in 30-minute visits`,
    search: `specialty + insurance + language, within 14 days, 3 times per provider (searchProviders); ${runs} searches`,
    calendar: `one provider, 30 days, follow-up visits (providerCalendar); ${runs} calendars`,
    measured: 'the service in a tenant transaction (row-level security on), wall time per call',
  };
  for (const kind of scratchKinds(options.postgresUrl)) {
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      const clinic = await buildAvailabilityClinic(scratch.database, scratch.label);
      // A server's autovacuum would soon gather statistics; the embedded database has none, so
      // it is measured as PatientDesk runs it, without.
      if (scratch.database.kind === 'postgres') await scratch.database.exec('vacuum analyze');
      setting[`${kind} build`] =
        `${round(clinic.buildSeconds, 1)} s rows (${clinic.appointments.toLocaleString('en-US')} appointments), ` +
        `${round(clinic.freeTimeSeconds, 1)} s free time (${clinic.freeRanges.toLocaleString('en-US')} free ranges), ${scratch.label}`;
      figures[`${kind}_build_s`] = round(clinic.buildSeconds, 1);
      figures[`${kind}_free_time_s`] = round(clinic.freeTimeSeconds, 1);
      figures[`${kind}_appointments`] = clinic.appointments;
      figures[`${kind}_free_ranges`] = clinic.freeRanges;
      const measured = await measure(scratch.database, clinic, scratch.label, runs);
      for (const [name, latencies, result] of [
        ['search', measured.search, `${round(average(measured.hits), 1)} providers shown`],
        ['calendar', measured.calendar, `${round(average(measured.calendarTimes), 0)} free times`],
      ] as const) {
        const p50 = percentile(latencies, 0.5);
        const p95 = percentile(latencies, 0.95);
        rows.push([kind, name, round(p50, 2), round(p95, 2), round(Math.max(...latencies), 2), result]);
        figures[`${kind}_${name}_p50_ms`] = round(p50, 2);
        figures[`${kind}_${name}_p95_ms`] = round(p95, 2);
      }
      figures[`${kind}_search_providers_shown_avg`] = round(average(measured.hits), 1);
      figures[`${kind}_search_hits_with_3_times_pct`] = round(
        (100 * measured.fullHits) /
          Math.max(
            1,
            measured.hits.reduce((sum, hits) => sum + hits, 0),
          ),
        1,
      );
    } finally {
      await scratch.drop();
    }
  }
  progressDone();
  return {
    benchmark: 'availability',
    title: `availability: provider search and one provider's calendar at ${providerCount.toLocaleString('en-US')} providers`,
    setting,
    columns: ['database', 'call', 'p50 ms', 'p95 ms', 'max ms', 'answer (average)'],
    rows,
    figures,
    notes: [
      'Targets: search p95 under 50 ms, calendar p95 under 10 ms.',
      'A search shows at most 20 providers (the default limit), soonest first: every provider who matches is ranked by their first free range, and times are worked out only for those who can make the page.',
    ],
  };
}
