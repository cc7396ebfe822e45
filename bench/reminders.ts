import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../packages/server/src/db/connection.ts';
import { createChannelSender } from '../packages/server/src/domains/channels/outbound.ts';
import { createLocation, createOrganization } from '../packages/server/src/domains/organizations/service.ts';
import { createOutboxSender } from '../packages/server/src/domains/outbox/service.ts';
import {
  type DispatchRun,
  dispatchDueReminders,
} from '../packages/server/src/domains/scheduling/notices/reminder-dispatch.ts';
import {
  insertDueReminders,
  reminderDeliveries,
} from '../packages/server/src/domains/scheduling/notices/test-reminders.ts';
import { appointmentTypes, providers } from '../packages/server/src/domains/scheduling/schema.ts';
import { createFieldCipher } from '../packages/server/src/security/field-encryption.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, type ScratchKind, scratchKinds } from './lib/scratch-database.ts';
import { round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * Reminders at scale: 100,000 booked appointments (each its own patient, half preferring SMS
 * and half email, a fifth in Spanish) whose reminders all fall due within the same hour. The
 * dispatcher, the very code of the every-minute job, runs through the outbox driver until every
 * reminder is sent: on PGlite one dispatcher (one connection), on PostgreSQL several at once, as
 * several workers would. Then each reminder's messages are counted: duplicates and misses must
 * both be 0. The data is built with SQL (generate_series), not through booking.
 *
 * The dispatch runs "as of" noon tomorrow in the clinic's zone, so quiet hours never hold a
 * reminder back whatever time of day the bench is run.
 */

const reminders = 100_000;
const providerCount = 500;

async function buildClinic(database: Database, label: string) {
  const started = performance.now();
  const organization = await createOrganization(database.orm, {
    slug: `bench-reminders-${randomBytes(3).toString('hex')}`,
    name: 'Reminder Bench Clinic',
    timeZone: 'America/New_York',
  });
  const location = await createLocation(database.orm, {
    organizationId: organization.id,
    name: 'Main Street Clinic',
    addressLine: '12 Main Street',
    city: 'Springfield',
    region: 'NY',
    postalCode: '10001',
    phone: '+12125550100',
    timeZone: 'America/New_York',
  });
  const providerRows = await database.orm
    .insert(providers)
    .values(
      Array.from({ length: providerCount }, (_, index) => ({
        organizationId: organization.id,
        givenName: `Provider${index + 1}`,
        familyName: 'Bench',
        prefix: 'Dr.',
      })),
    )
    .returning({ id: providers.id });
  const [type] = await database.orm
    .insert(appointmentTypes)
    .values({
      organizationId: organization.id,
      code: 'follow-up',
      name: 'Follow-up visit',
      durationMinutes: 15,
      translations: { es: { name: 'Consulta de seguimiento' } },
    })
    .returning();
  const asOf = DateTime.now()
    .setZone('America/New_York')
    .plus({ days: 1 })
    .set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  await insertDueReminders(database, {
    organizationId: organization.id,
    locationId: location.id,
    providerIds: providerRows.map((row) => row.id),
    appointmentTypeId: type!.id,
    firstStart: asOf.plus({ days: 1 }).set({ hour: 8 }).toJSDate(),
    count: reminders,
    dueAt: asOf.toJSDate(),
    dueWithinMinutes: 60,
    label: 'B',
    onProgress: (made) =>
      progress(
        `reminders: ${label}: ${made.toLocaleString('en-US')} of ${reminders.toLocaleString('en-US')} appointments...`,
      ),
  });
  return {
    organizationId: organization.id,
    asOf: asOf.toJSDate(),
    seconds: (performance.now() - started) / 1000,
  };
}

async function dispatchAll(database: Database, asOf: Date, dispatchers: number, label: string) {
  const cipher = createFieldCipher(new Map([['bench', randomBytes(32)]]), 'bench');
  const channels = createChannelSender(createOutboxSender(cipher), {
    sms: { driver: 'outbox' },
    email: { driver: 'outbox' },
  });
  const totals = new Map<number, DispatchRun>();
  const started = performance.now();
  let lastShown = 0;
  const runs = await Promise.all(
    Array.from({ length: dispatchers }, (_, index) =>
      dispatchDueReminders(
        { database, channels, publicUrl: 'https://desk.bench.example' },
        {
          now: asOf,
          onBatch: (run) => {
            totals.set(index, { ...run });
            const sent = [...totals.values()].reduce((sum, each) => sum + each.sent, 0);
            if (sent - lastShown >= 5_000 || sent === reminders) {
              lastShown = sent;
              const seconds = (performance.now() - started) / 1000;
              progress(
                `reminders: ${label}: ${sent.toLocaleString('en-US')} sent in ${round(seconds, 1)} s (${Math.round(sent / seconds).toLocaleString('en-US')}/s)...`,
              );
            }
          },
        },
      ),
    ),
  );
  return { seconds: (performance.now() - started) / 1000, runs };
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const rows: BenchmarkReport['rows'] = [];
  const figures: BenchmarkReport['figures'] = {};
  const setting: BenchmarkReport['setting'] = {
    data: `${reminders.toLocaleString('en-US')} booked appointments of ${reminders.toLocaleString('en-US')} patients with ${providerCount} providers, each with a reminder due in the same hour (half SMS, half email, a fifth in Spanish)`,
    measured:
      'dispatchDueReminders (the job’s code) through the outbox driver until all are sent: claim with FOR UPDATE SKIP LOCKED, check, render, send and mark in one transaction per batch of 200',
  };
  for (const kind of scratchKinds(options.postgresUrl) as ScratchKind[]) {
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      const dispatchers = kind === 'pglite' ? 1 : (options.connections ?? 4);
      const {
        organizationId,
        asOf,
        seconds: buildSeconds,
      } = await buildClinic(scratch.database, scratch.label);
      setting[`${kind} build`] = `${round(buildSeconds, 1)} s (${scratch.label})`;
      const { seconds, runs } = await dispatchAll(scratch.database, asOf, dispatchers, scratch.label);
      progress(`reminders: ${scratch.label}: counting each reminder's messages...`);
      const delivered = await reminderDeliveries(scratch.database, organizationId, 'B');
      const sent = runs.reduce((sum, each) => sum + each.sent, 0);
      const perSecond = Math.round(delivered.sent / seconds);
      rows.push([
        kind,
        dispatchers,
        delivered.sent,
        round(seconds, 1),
        perSecond,
        delivered.duplicated,
        delivered.missing,
      ]);
      Object.assign(figures, {
        [`${kind}_dispatchers`]: dispatchers,
        [`${kind}_build_s`]: round(buildSeconds, 1),
        [`${kind}_sent`]: delivered.sent,
        [`${kind}_reported_sent`]: sent,
        [`${kind}_total_s`]: round(seconds, 1),
        [`${kind}_reminders_per_s`]: perSecond,
        [`${kind}_duplicates`]: delivered.duplicated,
        [`${kind}_misses`]: delivered.missing,
      });
    } finally {
      await scratch.drop();
    }
  }
  progressDone();
  return {
    benchmark: 'reminders',
    title: `reminders: dispatching ${reminders.toLocaleString('en-US')} due reminders through the outbox`,
    setting,
    columns: ['database', 'dispatchers', 'sent', 'total s', 'reminders/s', 'duplicates', 'misses'],
    rows,
    figures,
    notes: [
      'duplicates: reminders whose patient got more than one reminder message; misses: reminders whose patient got none. Both must be 0.',
      'On PostgreSQL the dispatchers run at once (--connections sets how many), as several workers would; PGlite has one connection.',
    ],
  };
}
