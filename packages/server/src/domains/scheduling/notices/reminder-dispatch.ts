import { inArray, sql } from 'drizzle-orm';
import { type Database, type Orm, rowsOf } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import type { ChannelSender } from '../../channels/outbound.ts';
import type { AppointmentRow } from '../booking.ts';
import { appointments } from '../schema.ts';
import { type AppointmentFacts, appointmentFacts, visitWords } from './appointment-facts.ts';
import { reachOf } from './patient-reach.ts';
import { type QuietHours, quietHoursEndingAfter } from './quiet-hours.ts';
import { quietHoursFor } from './reminder-plan.ts';
import { type Attempt, reminderContent, sendReminders } from './reminder-sending.ts';
import { clinicAddresses } from './send-notice.ts';

/**
 * Sending the reminders that are due. Each batch is one transaction per organisation (under
 * row-level security): claim due reminders with FOR UPDATE SKIP LOCKED (so dispatchers running
 * at once never take the same one), check each appointment is still booked and ahead, render the
 * reminder in the patient's language, send it, and mark it sent, then commit.
 *
 * Exactly once, with the outbox driver: the outbox row is written in that same transaction, so
 * the reminder's "sent" and its message commit together or not at all. A worker killed half way
 * leaves nothing of its batch: the rows unlock, stay pending, and the next run sends them once.
 *
 * With Twilio or SMTP it is at least once, not exactly once: the carrier accepts the message
 * during the transaction, and a crash between that moment and the commit (or a lost connection
 * to the database just then) leaves the reminder pending, so the next run sends it again: the
 * patient may get that reminder twice, and never none. Marking it "sending" in a committed
 * transaction first would make it at most once instead (a crash would lose the reminder
 * silently), which is worse for a patient who needs to come in. To keep the window small, a
 * batch with an outside channel is a handful of reminders, not hundreds.
 */

const minute = 60_000;

/**
 * A reminder dispatched this much after its time and inside quiet hours waits for the morning
 * (the job was down); one a few minutes late (the job runs each minute) still goes.
 */
const lateInQuietHoursMinutes = 15;

export interface ReminderDispatchDependencies {
  database: Database;
  channels: ChannelSender;
  publicUrl: string;
}

export interface DispatchRun {
  sent: number;
  /** Not sent, with a reason on the reminder (no way to reach the patient, the visit began...). */
  skipped: number;
  /** The appointment is no longer booked. */
  cancelled: number;
  /** Due in quiet hours after an outage: moved to the morning. */
  deferred: number;
  batches: number;
}

interface ClaimedReminder {
  id: string;
  appointment_id: string;
  offset_minutes: number;
  send_at: Date | string;
}

export interface Outcome {
  id: string;
  status: 'pending' | 'sent' | 'skipped' | 'cancelled';
  channel: 'sms' | 'email' | null;
  reason: string | null;
  sendAt: Date;
}

/** Dispatches every reminder due at `now`, organisation by organisation, batch by batch. */
export async function dispatchDueReminders(
  deps: ReminderDispatchDependencies,
  options: { now?: Date; batchSize?: number; onBatch?: (run: DispatchRun) => void } = {},
): Promise<DispatchRun> {
  const now = options.now ?? new Date();
  const external = deps.channels.drivers.sms !== 'outbox' || deps.channels.drivers.email !== 'outbox';
  const batchSize = options.batchSize ?? (external ? 10 : 200);
  const run: DispatchRun = { sent: 0, skipped: 0, cancelled: 0, deferred: 0, batches: 0 };
  for (const organizationId of await organizationsWithDueReminders(deps.database.orm, now)) {
    for (;;) {
      const outcomes = await inTenant(deps.database, organizationId, (orm) =>
        dispatchBatch(orm, deps, organizationId, now, batchSize),
      );
      if (outcomes.length === 0) break;
      run.batches += 1;
      for (const outcome of outcomes)
        if (outcome.status === 'sent') run.sent += 1;
        else if (outcome.status === 'skipped') run.skipped += 1;
        else if (outcome.status === 'cancelled') run.cancelled += 1;
        else run.deferred += 1;
      options.onBatch?.(run);
    }
  }
  return run;
}

/**
 * Which organisations have reminders due. Read as the owning role across organisations (ids
 * only); each batch then runs under row-level security.
 */
async function organizationsWithDueReminders(orm: Orm, now: Date): Promise<string[]> {
  return rowsOf<{ organization_id: string }>(
    await orm.execute(sql`
      select distinct organization_id from appointment_reminders
      where status = 'pending' and send_at <= ${now}`),
  ).map((row) => row.organization_id);
}

/** One batch, in the caller's transaction: claimed, sent and marked together. */
async function dispatchBatch(
  orm: Orm,
  deps: ReminderDispatchDependencies,
  organizationId: string,
  now: Date,
  batchSize: number,
): Promise<Outcome[]> {
  const claimed = rowsOf<ClaimedReminder>(
    await orm.execute(sql`
      select id, appointment_id, offset_minutes, send_at from appointment_reminders
      where organization_id = ${organizationId} and status = 'pending' and send_at <= ${now}
      order by send_at
      limit ${batchSize}
      for update skip locked`),
  );
  if (claimed.length === 0) return [];
  const { outcomes, toSend } = await stillDue(orm, claimed, now);
  const facts = await appointmentFacts(
    orm,
    toSend.map((item) => item.appointment),
  );
  const attempts: Attempt[] = [];
  if (facts.size > 0) {
    const patients = [...facts.values()].map((fact) => fact.patient);
    const reach = await reachOf(orm, patients, [...facts.values()][0]!.organization.country);
    const organizationQuiet = await quietHoursFor(orm, organizationId, {
      quietHoursStart: null,
      quietHoursEnd: null,
    });
    for (const { reminder, appointment } of toSend) {
      const fact = facts.get(appointment.id)!;
      const sendAt = new Date(reminder.send_at);
      const held = heldForTheMorning(fact, sendAt, now, organizationQuiet);
      const ways = reach.get(fact.patient.id)!;
      if (held) outcomes.push({ id: reminder.id, channel: null, ...held });
      else if (ways.ways.length === 0)
        outcomes.push({
          id: reminder.id,
          status: 'skipped',
          channel: null,
          reason: `no way to reach the patient: ${ways.refusals.join('; ')}`,
          sendAt,
        });
      else
        attempts.push({
          reminderId: reminder.id,
          sendAt,
          ways: ways.ways,
          compose: reminderContent(visitWords(fact, deps.publicUrl)),
        });
    }
  }
  if (attempts.length > 0)
    outcomes.push(
      ...(await sendReminders(orm, deps, {
        organizationId,
        from: await clinicAddresses(orm, organizationId, deps.publicUrl),
        attempts,
      })),
    );
  await markReminders(orm, outcomes, now);
  return outcomes;
}

/**
 * Which claimed reminders still go: the visit is booked and ahead, and of several of one visit
 * due at once (after an outage) only the latest.
 */
async function stillDue(orm: Orm, claimed: ClaimedReminder[], now: Date) {
  const rows = await orm
    .select()
    .from(appointments)
    .where(
      inArray(
        appointments.id,
        claimed.map((reminder) => reminder.appointment_id),
      ),
    );
  const appointmentOf = new Map(rows.map((row) => [row.id, row]));
  const latestOffset = new Map<string, number>();
  for (const reminder of claimed)
    latestOffset.set(
      reminder.appointment_id,
      Math.min(
        latestOffset.get(reminder.appointment_id) ?? Number.POSITIVE_INFINITY,
        reminder.offset_minutes,
      ),
    );
  const outcomes: Outcome[] = [];
  const toSend: { reminder: ClaimedReminder; appointment: AppointmentRow }[] = [];
  for (const reminder of claimed) {
    const sendAt = new Date(reminder.send_at);
    const appointment = appointmentOf.get(reminder.appointment_id);
    const outcome = (status: Outcome['status'], reason: string | null) =>
      outcomes.push({ id: reminder.id, status, channel: null, reason, sendAt });
    if (appointment?.status !== 'booked') outcome('cancelled', 'the appointment is no longer booked');
    else if (appointment.startsAt.getTime() <= now.getTime()) outcome('skipped', 'the visit had begun');
    else if (latestOffset.get(appointment.id) !== reminder.offset_minutes)
      outcome('skipped', 'a later reminder of the same visit was due at the same time and went instead');
    else toSend.push({ reminder, appointment });
  }
  return { outcomes, toSend };
}

/**
 * A reminder found well after its time (the job was down) while the patient's quiet hours hold
 * waits for them to end, or is skipped when they last until the visit; undefined: it may go.
 */
function heldForTheMorning(
  fact: AppointmentFacts,
  sendAt: Date,
  now: Date,
  organizationQuiet: QuietHours,
): Pick<Outcome, 'status' | 'reason' | 'sendAt'> | undefined {
  if (now.getTime() - sendAt.getTime() <= lateInQuietHoursMinutes * minute) return undefined;
  const quiet: QuietHours =
    fact.patient.quietHoursStart && fact.patient.quietHoursEnd
      ? { start: fact.patient.quietHoursStart, end: fact.patient.quietHoursEnd }
      : organizationQuiet;
  const morning = quietHoursEndingAfter(now, fact.location.timeZone, quiet);
  if (!morning) return undefined;
  return morning.getTime() < fact.appointment.startsAt.getTime()
    ? { status: 'pending', reason: null, sendAt: morning }
    : {
        status: 'skipped',
        reason: 'it was due during an outage, and quiet hours last until the visit',
        sendAt,
      };
}

/** Writes every outcome of the batch in one statement. */
async function markReminders(orm: Orm, outcomes: Outcome[], now: Date): Promise<void> {
  await orm.execute(sql`
    update appointment_reminders as reminder
    set status = outcome.status,
      channel = outcome.channel,
      skip_reason = outcome.reason,
      send_at = outcome.send_at,
      sent_at = case when outcome.status = 'sent' then ${now}::timestamptz end
    from unnest(
      ${sql.param(outcomes.map((o) => o.id))}::uuid[],
      ${sql.param(outcomes.map((o) => o.status))}::text[],
      ${sql.param(outcomes.map((o) => o.channel))}::text[],
      ${sql.param(outcomes.map((o) => o.reason))}::text[],
      ${sql.param(outcomes.map((o) => o.sendAt.toISOString()))}::timestamptz[]
    ) as outcome (id, status, channel, reason, send_at)
    where reminder.id = outcome.id`);
}
