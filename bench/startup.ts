import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { startServerProcess, temporaryFolder } from './lib/server-process.ts';
import { round, type Summary, summarise } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * How long until PatientDesk is ready: from spawning `patientdesk start` to `GET /ready`
 * answering 200 — on a fresh data folder (what a newcomer meets on `npm install && npm start`,
 * with and without creating the demo clinic) and on a warm restart of an existing folder.
 */

interface Scenario {
  key: string;
  label: string;
  seedDemo: boolean;
  restart: boolean;
}

const scenarios: Scenario[] = [
  { key: 'fresh_with_demo', label: 'fresh data folder + demo clinic', seedDemo: true, restart: false },
  { key: 'fresh_without_demo', label: 'fresh data folder, no demo', seedDemo: false, restart: false },
  { key: 'warm_restart', label: 'warm restart (demo data present)', seedDemo: true, restart: true },
];

async function measure(scenario: Scenario, run: number, runs: number): Promise<number> {
  progress(`startup: ${scenario.label}, run ${run} of ${runs}...`);
  const dataDir = temporaryFolder();
  const env = { PATIENTDESK_DEMO_SEED: String(scenario.seedDemo) };
  if (scenario.restart) {
    const first = await startServerProcess({ dataDir, env });
    await first.stop();
  }
  const server = await startServerProcess({ dataDir, env });
  await server.stop();
  return server.readyAfterMs;
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const runs = options.runs ?? 5;
  const results: { scenario: Scenario; summary?: Summary; error?: string }[] = [];
  for (const scenario of scenarios) {
    const times: number[] = [];
    try {
      for (let index = 1; index <= runs; index++) times.push(await measure(scenario, index, runs));
      results.push({ scenario, summary: summarise(times) });
    } catch (error) {
      results.push({ scenario, error: (error as Error).message.split('\n').slice(0, 3).join(' ') });
    }
  }
  progressDone();

  const figures: BenchmarkReport['figures'] = {};
  for (const { scenario, summary } of results) {
    figures[`${scenario.key}_median_ms`] = summary ? round(summary.median, 0) : null;
    figures[`${scenario.key}_p95_ms`] = summary ? round(summary.p95, 0) : null;
  }
  return {
    benchmark: 'startup',
    title: 'startup: spawn `patientdesk start` -> GET /ready answers 200',
    setting: { database: 'embedded PostgreSQL (PGlite), a new temporary data folder per run', runs },
    columns: ['scenario', 'median ms', 'p95 ms', 'min ms', 'max ms'],
    rows: results.map(({ scenario, summary, error }) =>
      summary
        ? [
            scenario.label,
            round(summary.median, 0),
            round(summary.p95, 0),
            round(summary.min, 0),
            round(summary.max, 0),
          ]
        : [scenario.label, `failed: ${error}`, '', '', ''],
    ),
    figures,
  };
}
