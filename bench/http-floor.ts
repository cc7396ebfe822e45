import autocannon from 'autocannon';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { startServerProcess, temporaryFolder } from './lib/server-process.ts';
import { round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * The floor of the HTTP stack: how fast the server answers `GET /health` (no database) against
 * the cheapest route that reads the database (`GET /api/public/organizations/:slug`: one indexed
 * SELECT). The ratio shows what one database round trip costs on top of Fastify itself.
 */

interface Measurement {
  requestsPerSecond: number;
  /**
   * Mean latency in ms with fractions. autocannon records whole milliseconds, so this comes from
   * Little's law instead: with N connections each waiting for its answer, mean = N / throughput.
   */
  mean: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(url: string, seconds: number, connections: number): Promise<Measurement> {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    mean: (connections / result.requests.average) * 1000,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const seconds = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  progress('http-floor: starting a server with the demo clinic...');
  const server = await startServerProcess({
    dataDir: temporaryFolder(),
    env: { PATIENTDESK_DEMO_SEED: 'true' },
  });
  const routes = [
    { key: 'health', label: 'GET /health (no database)', url: `${server.address}/health` },
    {
      key: 'organization',
      label: 'GET /api/public/organizations/demo (1 SELECT)',
      url: `${server.address}/api/public/organizations/demo`,
    },
  ];
  const measured: Record<string, Measurement> = {};
  try {
    for (const route of routes) {
      progress(`http-floor: warming up ${route.label}...`);
      await load(route.url, 2, connections);
      progress(`http-floor: measuring ${route.label} for ${seconds} s...`);
      measured[route.key] = await load(route.url, seconds, connections);
    }
  } finally {
    await server.stop();
    progressDone();
  }
  const health = measured.health!;
  const organization = measured.organization!;
  // A percentile of 0 ms (under one millisecond) has no meaningful ratio; the mean always has.
  const ratioOf = (a: number, b: number) => (b > 0 ? round(a / b) : null);
  const ratio = {
    requestsPerSecond: ratioOf(organization.requestsPerSecond, health.requestsPerSecond),
    mean: ratioOf(organization.mean, health.mean),
    p50: ratioOf(organization.p50, health.p50),
    p99: ratioOf(organization.p99, health.p99),
  };
  const shown = (value: number | null) => (value === null ? '— (<1 ms)' : value);
  const row = (label: string, m: Measurement) => [
    label,
    round(m.requestsPerSecond, 0),
    round(m.mean, 3),
    m.p50,
    m.p99,
    m.failures,
  ];
  return {
    benchmark: 'http-floor',
    title: 'http-floor: GET /health against the cheapest database-touching route',
    setting: {
      database: 'embedded PostgreSQL (PGlite), demo clinic',
      load: `autocannon, ${connections} connections, ${seconds} s per route after a 2 s warm-up, from the benchmark process`,
    },
    columns: ['route', 'requests/s', 'mean ms', 'p50 ms', 'p99 ms', 'failed'],
    rows: [
      row(routes[0]!.label, health),
      row(routes[1]!.label, organization),
      [
        'ratio database route / health',
        shown(ratio.requestsPerSecond),
        shown(ratio.mean),
        shown(ratio.p50),
        shown(ratio.p99),
        '',
      ],
    ],
    figures: {
      health_requests_per_s: round(health.requestsPerSecond, 0),
      health_mean_ms: round(health.mean, 3),
      health_p50_ms: health.p50,
      health_p99_ms: health.p99,
      database_route_requests_per_s: round(organization.requestsPerSecond, 0),
      database_route_mean_ms: round(organization.mean, 3),
      database_route_p50_ms: organization.p50,
      database_route_p99_ms: organization.p99,
      ratio_requests_per_s: ratio.requestsPerSecond,
      ratio_mean_latency: ratio.mean,
      ratio_p50: ratio.p50,
      ratio_p99: ratio.p99,
      failed_requests: health.failures + organization.failures,
    },
  };
}
