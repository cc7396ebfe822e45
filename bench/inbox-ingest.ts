import os from 'node:os';
import autocannon from 'autocannon';
import { connectAgentDesk } from './lib/agent-desk.ts';
import { type InboxServer, localPostgresUrl, startInboxServer } from './lib/inbox-server.ts';
import { type LoadRun, type LoadSummary, offerLoad, summariseLoad } from './lib/offered-load.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { type ScratchKind, scratchKinds } from './lib/scratch-database.ts';
import { percentile, round } from './lib/statistics.ts';
import { signedText, textNumbering, textPoster, webhookPath } from './lib/twilio-texts.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * Texts coming in through Twilio's real webhook (`POST /hooks/twilio/sms`, form-encoded, signed),
 * each from a new number, so each stores a contact, a conversation and an encrypted message and
 * announces the conversation. (a) How many the server takes per second with 32 (--connections) in
 * flight. (b) With a supervisor's desk on the `/api/live` websocket, how long from just before a
 * text is posted until its `conversation.changed` `created` event reaches the desk, at a steady
 * 100 and 500 texts/s offered open loop (sent on schedule whether or not earlier ones were
 * answered, so a server that falls behind shows it as waiting, not as a slower sender), and
 * whether any event never came. Next to the `http-floor` figure for `GET /health`, as a ratio.
 */

const warmUpSeconds = 2;
const offeredRates = [100, 500] as const;
/** Twilio gives up on a webhook after 15 s; an answer later than that is a failure. */
const twilioTimeoutSeconds = 15;

interface IngestRun {
  perSecond: number;
  webhookP50: number;
  failed: number;
}

/** (a) Texts through the webhook for `seconds`, as fast as `connections` concurrent requests allow. */
async function measureIngest(
  server: InboxServer,
  nextNumber: () => number,
  seconds: number,
  connections: number,
): Promise<IngestRun> {
  const result = await autocannon({
    url: server.address,
    connections,
    duration: seconds,
    timeout: twilioTimeoutSeconds,
    requests: [
      {
        method: 'POST',
        path: webhookPath,
        setupRequest: (request) => {
          const text = signedText(nextNumber());
          return { ...request, headers: text.headers, body: text.form };
        },
      },
    ],
  });
  return {
    perSecond: result['2xx'] / result.duration,
    webhookP50: result.latency.p50,
    // Errors include timeouts.
    failed: result.non2xx + result.errors,
  };
}

interface DatabaseResult {
  label: string;
  ingest: IngestRun[];
  loads: Map<number, LoadSummary[]>;
}

async function measureDatabase(
  kind: ScratchKind,
  options: { postgresUrl?: string; runs: number; connections: number; seconds: number },
): Promise<DatabaseResult> {
  progress(`inbox-ingest: ${kind}: starting a server with a clinic that receives texts...`);
  const server = await startInboxServer(kind, options.postgresUrl);
  const nextNumber = textNumbering();
  const ingest: IngestRun[] = [];
  const runs: LoadRun[] = [];
  let createdAt = new Map<string, number>();
  try {
    try {
      progress(`inbox-ingest: ${kind}: warming up for ${warmUpSeconds} s...`);
      await measureIngest(server, nextNumber, warmUpSeconds, options.connections);
      for (let index = 1; index <= options.runs; index++) {
        progress(
          `inbox-ingest: ${kind}: texts for ${options.seconds} s, ${options.connections} at a time (run ${index} of ${options.runs})...`,
        );
        ingest.push(await measureIngest(server, nextNumber, options.seconds, options.connections));
      }
      const desk = await connectAgentDesk(server.address, server.supervisorEmail);
      const poster = textPoster(server.address);
      try {
        for (let index = 1; index <= options.runs; index++)
          for (const rate of offeredRates) {
            const label = `${kind}: ${rate}/s for ${options.seconds} s (run ${index} of ${options.runs})`;
            progress(`inbox-ingest: ${label}...`);
            runs.push(await offerLoad(poster, desk, nextNumber, rate, options.seconds, label));
          }
      } finally {
        desk.close();
        poster.close();
      }
      createdAt = desk.createdAt;
    } finally {
      await server.stop();
    }
    progress(`inbox-ingest: ${kind}: matching texts to the events the desk heard...`);
    const conversations = await server.conversationsByMessageSid();
    const loads = new Map<number, LoadSummary[]>(offeredRates.map((rate) => [rate, []]));
    for (const run of runs) loads.get(run.rate)!.push(summariseLoad(run, conversations, createdAt));
    return { label: server.label, ingest, loads };
  } finally {
    await server.drop();
  }
}

const median = (values: number[]) => percentile(values, 0.5);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const columns = [
  'database',
  'load',
  'texts/s',
  'ratio to /health',
  'kept up',
  'event p50 ms',
  'event p99 ms',
  'webhook p50 ms',
  'missed events',
  'failed',
];

/** One database's rows of the table and its figures for --json. */
function reportDatabase(
  kind: ScratchKind,
  result: DatabaseResult,
  health: number,
  connections: number,
): Pick<BenchmarkReport, 'rows' | 'figures'> {
  const ingested = median(result.ingest.map((run) => run.perSecond));
  // Three significant digits: the ratio is small, and the table would round a number to 0.00.
  const ratio = Number((ingested / health).toPrecision(3));
  const ingestFailed = sum(result.ingest.map((run) => run.failed));
  const ingestWebhookP50 = round(median(result.ingest.map((run) => run.webhookP50)), 1);
  const rows: BenchmarkReport['rows'] = [
    [
      kind,
      `max ingest, ${connections} in flight`,
      round(ingested, 0),
      String(ratio),
      '',
      '',
      '',
      ingestWebhookP50,
      '',
      ingestFailed,
    ],
  ];
  const figures: BenchmarkReport['figures'] = {
    [`${kind}_ingest_messages_per_s`]: round(ingested, 0),
    [`${kind}_ingest_ratio_to_health`]: ratio,
    [`${kind}_ingest_webhook_p50_ms`]: ingestWebhookP50,
    [`${kind}_ingest_failed`]: ingestFailed,
  };
  for (const [rate, summaries] of result.loads) {
    const of = (pick: (summary: LoadSummary) => number) => summaries.map(pick);
    const behind = summaries.flatMap((summary) =>
      summary.fellBehindAfter === null ? [] : [summary.fellBehindAfter],
    );
    const behindAfter = behind.length ? round(median(behind), 1) : null;
    const load = {
      achieved: round(median(of((summary) => summary.achievedPerSecond)), 0),
      p50: round(median(of((summary) => summary.eventP50)), 1),
      p99: round(median(of((summary) => summary.eventP99)), 1),
      webhookP50: round(median(of((summary) => summary.webhookP50)), 1),
      missed: sum(of((summary) => summary.missed)),
      failed: sum(of((summary) => summary.failed)),
    };
    rows.push([
      kind,
      `${rate}/s offered, open loop`,
      load.achieved,
      '',
      behind.length ? `no: ${behind.length} of ${summaries.length} runs, at ${behindAfter} s` : 'yes',
      load.p50,
      load.p99,
      load.webhookP50,
      load.missed,
      load.failed,
    ]);
    const key = `${kind}_at_${rate}_per_s`;
    Object.assign(figures, {
      [`${key}_achieved_per_s`]: load.achieved,
      [`${key}_runs_fell_behind`]: behind.length,
      [`${key}_fell_behind_after_s`]: behindAfter,
      [`${key}_event_p50_ms`]: load.p50,
      [`${key}_event_p99_ms`]: load.p99,
      [`${key}_webhook_p50_ms`]: load.webhookP50,
      [`${key}_missed_events`]: load.missed,
      [`${key}_failed`]: load.failed,
    });
  }
  return { rows, figures };
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const runs = options.runs ?? 3;
  const connections = options.connections ?? 32;
  const seconds = options.durationSeconds ?? 10;
  // PostgreSQL as given, else the local server when one answers (PGlite is always measured).
  const postgresUrl = options.postgresUrl ?? (await localPostgresUrl());
  const floor = await (await import('./http-floor.ts')).run({});
  const health = Number(floor.figures.health_requests_per_s);

  const rows: BenchmarkReport['rows'] = [
    ['—', 'GET /health (http-floor, 10 connections)', round(health, 0), '', '', '', '', '', '', ''],
  ];
  const figures: BenchmarkReport['figures'] = { health_requests_per_s: round(health, 0) };
  const setting: BenchmarkReport['setting'] = {
    machine: `${os.cpus().length} CPUs, shared with the benchmark client (and whatever else runs)`,
    texts: 'each from a new number (a new contact and conversation), signed with the Twilio SDK',
    ingest: `autocannon, ${connections} connections, ${seconds} s per run after ${warmUpSeconds} s to warm up, ${twilioTimeoutSeconds} s timeout (Twilio's), no desk connected`,
    'offered load': `${offeredRates.join(' and ')} texts/s open loop for ${seconds} s each, a supervisor on /api/live`,
    runs: `${runs} (figures are medians over runs; missed and failed are totals)`,
  };
  for (const kind of scratchKinds(postgresUrl)) {
    const result = await measureDatabase(kind, { postgresUrl, runs, connections, seconds });
    setting[kind] = result.label;
    const reported = reportDatabase(kind, result, health, connections);
    rows.push(...reported.rows);
    Object.assign(figures, reported.figures);
  }
  progressDone();
  return {
    benchmark: 'inbox-ingest',
    title: 'inbox-ingest: texts through POST /hooks/twilio/sms, and from sending to the event at a desk',
    setting,
    columns,
    rows,
    figures,
    notes: [
      'event: from just before the webhook request is sent to the conversation.changed "created" event arriving on the desk\'s websocket (so it includes the webhook\'s own answer).',
      'texts/s under offered load: texts accepted per second, from the first send to the last answer.',
      'kept up: "no" when a second\'s worth of texts was waiting for an answer; sending stopped there, since the wait would only grow.',
      'webhook p50: until the webhook answered (autocannon rounds to whole ms in the max-ingest row).',
      'missed events: accepted texts whose conversation was never announced to the desk; it must be 0.',
    ],
  };
}
