import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresDatabase } from '../packages/server/src/db/connection.ts';
import {
  type ClientResult,
  clientCount,
  oneAtATime,
  prepareClinic,
  raceOnce,
  slotCount,
  slotsOfRound,
  tableSays,
} from './lib/contention-clinic.ts';
import { localPostgresUrl } from './lib/inbox-server.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { startServerProcess, temporaryFolder } from './lib/server-process.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * No double booking under contention, on the real PostgreSQL: a `patientdesk start` process
 * (a pool of 20 connections) and 200 clients, each a scheduler's API token booking for a
 * different patient, racing for the same 20 fifteen-minute times of one provider (ten clients
 * per time), all at once through the HTTP API: POST /api/appointments/holds, and for the
 * winners POST /api/appointments/:id/confirm. Afterwards the table itself is asked how many
 * bookings were made and whether any two overlap. Each round races on another day.
 */

const poolSize = 20;

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const rounds = options.runs ?? 3;
  const postgresUrl = options.postgresUrl ?? (await localPostgresUrl());
  if (!postgresUrl)
    throw new Error(
      'booking-contention runs on PostgreSQL only: give --postgres-url, set TEST_DATABASE_URL, or run a server on 127.0.0.1:5432.',
    );
  const name = `patientdesk_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!
    .server_version;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openPostgresDatabase(url.toString(), 2);
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const now = new Date();
    progress('booking-contention: the clinic, its provider, 200 patients and a scheduler’s API token...');
    const clinic = await prepareClinic(database, now);
    progress('booking-contention: starting patientdesk...');
    server = await startServerProcess({
      dataDir: temporaryFolder(),
      env: {
        DATABASE_URL: url.toString(),
        DATABASE_POOL_SIZE: String(poolSize),
        PATIENTDESK_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
        PATIENTDESK_DEMO_SEED: 'false',
      },
    });
    const address = server.address;
    // Every client's connection open and the server's code paths warm before the race.
    await Promise.all(
      clinic.patientIds.map((patientId) =>
        fetch(`${address}/api/patients/${patientId}/appointments`, {
          headers: { authorization: `Bearer ${clinic.token}` },
        }).then((response) => response.arrayBuffer()),
      ),
    );

    const rows: BenchmarkReport['rows'] = [];
    const all: ClientResult[] = [];
    const totals = {
      booked: 0,
      overlaps: 0,
      heldLeft: 0,
      takenWithTimes: 0,
      other: 0,
      bookingsPerSecond: [] as number[],
      answersPerSecond: [] as number[],
    };
    for (let index = 0; index < rounds; index++) {
      const { day, starts } = slotsOfRound(now, index);
      progress(
        `booking-contention: round ${index + 1} of ${rounds}: ${clientCount} clients for ${slotCount} times on ${day}...`,
      );
      const { results, raceStarted, raceMs } = await raceOnce(address, clinic, starts);
      const table = await tableSays(database, clinic, day);
      const winners = results.filter((result) => result.booked);
      const takenWithTimes = results.filter(
        (result) => result.holdStatus === 409 && result.code === 'time_taken' && result.offered > 0,
      ).length;
      const other = results.length - winners.length - takenWithTimes;
      // Bookings made over the time from the first request to the last confirmation.
      const lastBooking = Math.max(raceStarted, ...winners.map((result) => result.finishedAt));
      const bookingsPerSecond = winners.length / Math.max((lastBooking - raceStarted) / 1000, 0.001);
      all.push(...results);
      totals.booked += table.booked;
      totals.overlaps += table.overlaps;
      totals.heldLeft += table.held;
      totals.takenWithTimes += takenWithTimes;
      totals.other += other;
      totals.bookingsPerSecond.push(bookingsPerSecond);
      totals.answersPerSecond.push(clientCount / (raceMs / 1000));
      rows.push([
        `${index + 1} (${day})`,
        table.booked,
        table.overlaps,
        takenWithTimes,
        other,
        round(
          percentile(
            results.map((result) => result.holdMs),
            0.5,
          ),
          1,
        ),
        round(
          percentile(
            results.map((result) => result.holdMs),
            0.95,
          ),
          1,
        ),
        round(
          percentile(
            winners.map((result) => result.totalMs),
            0.95,
          ),
          1,
        ),
        round(raceMs, 0),
        round(bookingsPerSecond, 1),
      ]);
    }
    const alone = slotsOfRound(now, rounds);
    progress(`booking-contention: the same, one client at a time, on ${alone.day}...`);
    const aloneStarted = performance.now();
    const { won, lost } = await oneAtATime(address, clinic, alone.starts);
    const aloneTable = await tableSays(database, clinic, alone.day);
    const wonSeconds = (Math.max(...won.map((result) => result.finishedAt)) - aloneStarted) / 1000;
    const aloneHolds = [...won, ...lost].map((result) => result.holdMs);
    rows.push([
      `one at a time (${alone.day})`,
      aloneTable.booked,
      aloneTable.overlaps,
      lost.filter((result) => result.holdStatus === 409 && result.code === 'time_taken' && result.offered > 0)
        .length,
      won.filter((result) => !result.booked).length,
      round(percentile(aloneHolds, 0.5), 1),
      round(percentile(aloneHolds, 0.95), 1),
      round(
        percentile(
          won.map((result) => result.totalMs),
          0.95,
        ),
        1,
      ),
      round(performance.now() - aloneStarted, 0),
      round(won.filter((result) => result.booked).length / wonSeconds, 1),
    ]);
    progressDone();
    const holds = all.map((result) => result.holdMs);
    const otherKinds = new Map<string, number>();
    for (const result of all)
      if (
        !result.booked &&
        !(result.holdStatus === 409 && result.code === 'time_taken' && result.offered > 0)
      ) {
        const kind =
          `${result.holdStatus} ${result.code ?? ''}${result.holdStatus === 201 ? ' (confirm failed)' : ''}`.trim();
        otherKinds.set(kind, (otherKinds.get(kind) ?? 0) + 1);
      }
    const exact =
      totals.booked === slotCount * rounds &&
      totals.overlaps === 0 &&
      totals.heldLeft === 0 &&
      totals.takenWithTimes === (clientCount - slotCount) * rounds;
    return {
      benchmark: 'booking-contention',
      title: `booking-contention: ${clientCount} clients race for the same ${slotCount} times of one provider, over HTTP`,
      setting: {
        database: `PostgreSQL ${version.split(' ')[0]} (local server), server pool of ${poolSize} connections`,
        clients: `${clientCount} at once, one per patient, a scheduler's API token; client i wants time i mod ${slotCount}`,
        path: 'POST /api/appointments/holds, then POST /api/appointments/:id/confirm for each hold won',
        rounds: `${rounds}, each on another weekday; then the same requests one at a time, for comparison`,
      },
      columns: [
        'round',
        'booked',
        'overlaps',
        '409 with times',
        'other answers',
        'hold p50 ms',
        'hold p95 ms',
        'booking p95 ms',
        'race ms',
        'bookings/s',
      ],
      rows,
      figures: {
        rounds,
        clients_per_round: clientCount,
        times_per_round: slotCount,
        bookings: totals.booked,
        overlaps: totals.overlaps,
        holds_left: totals.heldLeft,
        time_taken_with_times: totals.takenWithTimes,
        other_answers: totals.other,
        exact: exact ? 'yes' : 'no',
        hold_p50_ms: round(percentile(holds, 0.5), 1),
        hold_p95_ms: round(percentile(holds, 0.95), 1),
        booking_p95_ms: round(
          percentile(
            all.filter((result) => result.booked).map((result) => result.totalMs),
            0.95,
          ),
          1,
        ),
        bookings_per_s: round(percentile(totals.bookingsPerSecond, 0.5), 1),
        answers_per_s: round(percentile(totals.answersPerSecond, 0.5), 1),
        alone_booking_p50_ms: round(
          percentile(
            won.map((result) => result.totalMs),
            0.5,
          ),
          1,
        ),
        alone_refusal_p50_ms: round(
          percentile(
            lost.map((result) => result.holdMs),
            0.5,
          ),
          1,
        ),
        alone_bookings_per_s: round(won.filter((result) => result.booked).length / wonSeconds, 1),
      },
      notes: [
        `Expected per round: exactly ${slotCount} booked, 0 overlaps, ${clientCount - slotCount} answered 409 time_taken with the next free times, no other answer.`,
        'bookings/s: the bookings made (hold and confirm) over the time from the first request to the last confirmation; answers/s: the 200 clients answered over the whole race (figures: median of the rounds).',
        'hold: the contended request (the database refuses the overlap; the loser is answered with other times); booking: hold + confirm, for the winners.',
        ...(otherKinds.size > 0
          ? [`Other answers: ${[...otherKinds].map(([kind, count]) => `${kind} ×${count}`).join(', ')}.`]
          : []),
      ],
    };
  } finally {
    await server?.stop();
    await database.close();
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  }
}
