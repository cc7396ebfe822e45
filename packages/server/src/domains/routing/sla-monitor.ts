import { and, eq, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Database, Orm } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import type { Logger } from '../../observability/logger.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { ConversationRow } from '../conversations/inbound.ts';
import { publishConversationChange } from '../conversations/live-events.ts';
import { conversations, slaPolicies } from '../conversations/schema.ts';
import { addToTimeline, type TimelineEntry } from '../conversations/timeline.ts';
import { warningLeadMs } from './sla-policy.ts';

/**
 * The SLA clock's minute hand. Each run, for every organisation: snoozed conversations whose time
 * is up come back to the queue; waiting conversations whose answer is overdue are marked
 * breached; those about to be (within the policy's warning lead) are warned. Each of these
 * happens once per wait: the marks (`sla_warned_at`, `sla_breached_at`) are set by an update that
 * only matches rows without them, so two runs at once, or a run repeated, add no second event.
 * A new wait (the contact writes again after an answer) clears the marks.
 */

export interface SlaMonitorDependencies {
  database: Database;
  events: EventBus;
  logger: Logger;
}

export interface SlaMonitorRun {
  wokenFromSnooze: number;
  breached: number;
  warned: number;
  /** Organisations whose check failed (logged); the next run tries them again. */
  failedOrganizations: number;
}

type SlaPolicyRow = typeof slaPolicies.$inferSelect;

interface Change {
  conversation: ConversationRow;
  live: 'updated' | 'sla-breach' | 'sla-warning';
}

const inProgress = ['open', 'pending'] as const;

/** One pass over every organisation at `now`: wake ended snoozes, then mark breaches, then warnings. */
export async function monitorSlas(deps: SlaMonitorDependencies, now = new Date()): Promise<SlaMonitorRun> {
  const run: SlaMonitorRun = { wokenFromSnooze: 0, breached: 0, warned: 0, failedOrganizations: 0 };
  for (const organizationId of await organizationsWithSlaWork(deps.database.orm, now)) {
    let changes: Change[];
    try {
      changes = await inTenant(deps.database, organizationId, (orm) =>
        checkOrganization(orm, organizationId, now),
      );
    } catch (error) {
      run.failedOrganizations++;
      deps.logger.error({ err: error, organizationId }, 'the SLA monitor could not check an organisation');
      continue;
    }
    for (const { conversation, live } of changes) {
      if (live === 'updated') run.wokenFromSnooze++;
      else if (live === 'sla-breach') run.breached++;
      else run.warned++;
      // Published after the commit; a lost live event only delays a screen until its next fetch.
      await publishConversationChange(deps.events, conversation, live).catch((error: unknown) =>
        deps.logger.warn({ err: error, conversationId: conversation.id }, 'an SLA live event was not sent'),
      );
    }
  }
  return run;
}

/**
 * Which organisations have a snooze to end or a wait on an SLA clock. This one query runs as the
 * owning role across every organisation (it reads ids only); the work itself runs per
 * organisation under row-level security.
 */
async function organizationsWithSlaWork(orm: Orm, now: Date): Promise<string[]> {
  const rows = await orm
    .selectDistinct({ organizationId: conversations.organizationId })
    .from(conversations)
    .where(
      or(
        and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, now)),
        and(
          inArray(conversations.status, inProgress),
          isNotNull(conversations.responseDueAt),
          isNull(conversations.slaBreachedAt),
        ),
      ),
    );
  return rows.map((row) => row.organizationId);
}

async function checkOrganization(orm: Orm, organizationId: string, now: Date): Promise<Change[]> {
  const woken = await wakeEndedSnoozes(orm, organizationId, now);
  const breached = await markBreaches(orm, organizationId, now);
  const warned = await markWarnings(orm, organizationId, now);
  return [...woken, ...breached, ...warned];
}

/** Snoozed conversations whose time is up go back to the queue as open. */
async function wakeEndedSnoozes(orm: Orm, organizationId: string, now: Date): Promise<Change[]> {
  const ended = and(
    eq(conversations.organizationId, organizationId),
    eq(conversations.status, 'snoozed'),
    lte(conversations.snoozedUntil, now),
  );
  const due = await orm
    .select({ id: conversations.id, snoozedUntil: conversations.snoozedUntil })
    .from(conversations)
    .where(ended);
  if (due.length === 0) return [];
  const woken = await orm
    .update(conversations)
    .set({ status: 'open', snoozedUntil: null, updatedAt: now })
    .where(
      and(
        ended,
        inArray(
          conversations.id,
          due.map((row) => row.id),
        ),
      ),
    )
    .returning();
  const snoozedUntil = new Map(due.map((row) => [row.id, row.snoozedUntil?.toISOString() ?? null]));
  await addToTimeline(
    orm,
    ...woken.map(
      (conversation): TimelineEntry => ({
        organizationId,
        conversationId: conversation.id,
        kind: 'snooze-ended',
        details: { from: 'snoozed', to: 'open', snoozedUntil: snoozedUntil.get(conversation.id) },
      }),
    ),
  );
  return woken.map((conversation) => ({ conversation, live: 'updated' }));
}

/** Waiting conversations whose answer is overdue: breached, once per wait. */
async function markBreaches(orm: Orm, organizationId: string, now: Date): Promise<Change[]> {
  const breached = await orm
    .update(conversations)
    .set({ slaBreachedAt: now })
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        inArray(conversations.status, inProgress),
        lte(conversations.responseDueAt, now),
        isNull(conversations.slaBreachedAt),
      ),
    )
    .returning();
  await addToTimeline(
    orm,
    ...breached.map(
      (conversation): TimelineEntry => ({
        organizationId,
        conversationId: conversation.id,
        kind: 'sla-breach',
        details: {
          dueAt: conversation.responseDueAt?.toISOString() ?? null,
          response: conversation.firstResponseAt ? 'next' : 'first',
        },
      }),
    ),
  );
  return breached.map((conversation) => ({ conversation, live: 'sla-breach' }));
}

/** Waiting conversations due within their policy's warning lead: warned, once per wait. */
async function markWarnings(orm: Orm, organizationId: string, now: Date): Promise<Change[]> {
  const policies = await orm.select().from(slaPolicies).where(eq(slaPolicies.organizationId, organizationId));
  // Only conversations due within the longest lead any policy here gives are worth a look.
  const longestLead = Math.max(
    warningLeadMs(0),
    ...policies.flatMap((policy) => [
      warningLeadMs(policy.firstResponseMinutes),
      warningLeadMs(policy.nextResponseMinutes),
    ]),
  );
  const candidates = await orm
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        inArray(conversations.status, inProgress),
        gt(conversations.responseDueAt, now),
        lte(conversations.responseDueAt, new Date(now.getTime() + longestLead)),
        isNull(conversations.slaWarnedAt),
        isNull(conversations.slaBreachedAt),
      ),
    );
  const changes: Change[] = [];
  for (const candidate of candidates) {
    const dueAt = candidate.responseDueAt!;
    const lead = warningLeadFor(policies, candidate);
    if (dueAt.getTime() - lead > now.getTime()) continue;
    const [warned] = await orm
      .update(conversations)
      .set({ slaWarnedAt: now })
      .where(
        and(
          eq(conversations.id, candidate.id),
          eq(conversations.responseDueAt, dueAt),
          isNull(conversations.slaWarnedAt),
          isNull(conversations.slaBreachedAt),
        ),
      )
      .returning();
    if (!warned) continue;
    await addToTimeline(orm, {
      organizationId,
      conversationId: warned.id,
      kind: 'sla-warning',
      details: {
        dueAt: dueAt.toISOString(),
        response: warned.firstResponseAt ? 'next' : 'first',
        minutesLeft: Math.ceil((dueAt.getTime() - now.getTime()) / 60_000),
      },
    });
    changes.push({ conversation: warned, live: 'sla-warning' });
  }
  return changes;
}

/**
 * The warning lead for a conversation's current target: the policy for its priority and channel
 * (or its priority on every channel), first or next response, as `responseDueAt` chose it. A due
 * time whose policy has since been removed still warns, a minute ahead.
 */
function warningLeadFor(policies: SlaPolicyRow[], conversation: ConversationRow): number {
  const matching = policies.filter(
    (policy) =>
      policy.priority === conversation.priority &&
      (policy.channel === conversation.channel || policy.channel === null),
  );
  const policy = matching.find((candidate) => candidate.channel !== null) ?? matching[0];
  if (!policy) return warningLeadMs(0);
  return warningLeadMs(
    conversation.firstResponseAt ? policy.nextResponseMinutes : policy.firstResponseMinutes,
  );
}
