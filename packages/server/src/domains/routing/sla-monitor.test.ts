import type { ConversationChangedEvent, LiveEvent } from '@patientdesk/contracts';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue, type JobDefinition } from '../../jobs/queue.ts';
import { createLogger } from '../../observability/logger.ts';
import { createEventBus, type EventBus } from '../../realtime/event-bus.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { contacts, conversationEvents, conversations, slaPolicies } from '../conversations/schema.ts';
import { monitorSlasJob } from './jobs.ts';
import { monitorSlas, type SlaMonitorDependencies } from './sla-monitor.ts';

/**
 * The SLA monitor, run at chosen times: a conversation about to miss its answer time is warned
 * once, one that missed it is breached once, an answered one is left alone, a snooze that ended
 * brings its conversation back, and each clinic hears only about its own conversations.
 */

const minutes = (count: number) => count * 60_000;
const now = new Date('2030-03-04T15:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now.getTime() + minutes(offsetMinutes));

type ConversationFields = Partial<typeof conversations.$inferInsert>;

describe('the SLA monitor', () => {
  let test: TestDatabase;
  let bus: EventBus;
  let deps: SlaMonitorDependencies;
  let published: { organizationId: string; event: ConversationChangedEvent }[];
  const received = new Map<string, LiveEvent[]>();
  let clinicId: string;
  let otherClinicId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    const logger = createLogger({ level: 'silent' });
    bus = createEventBus(test.database, logger);
    await bus.start();
    // The real bus, with a note of what was published (its subscribers hear it a moment later).
    const events: EventBus = {
      ...bus,
      async publish(organizationId, event) {
        if (event.type === 'conversation.changed') published.push({ organizationId, event });
        await bus.publish(organizationId, event);
      },
    };
    deps = { database: test.database, events, logger };
    const orm = test.database.orm;
    clinicId = (await createTestClinic(orm, 'Harbor Family Practice')).id;
    otherClinicId = (await createTestClinic(orm, 'Hillside Pediatrics')).id;
    for (const organizationId of [clinicId, otherClinicId]) {
      received.set(organizationId, []);
      bus.subscribe(organizationId, (event) => received.get(organizationId)!.push(event));
    }
    // Normal priority, every channel: first answer within an hour (warned 12 minutes ahead),
    // later answers within half an hour (warned 6 minutes ahead).
    await orm.insert(slaPolicies).values(
      [clinicId, otherClinicId].map((organizationId) => ({
        organizationId,
        priority: 'normal' as const,
        firstResponseMinutes: 60,
        nextResponseMinutes: 30,
      })),
    );
  });
  afterAll(async () => {
    await bus.stop();
    await test.drop();
  });
  beforeEach(async () => {
    published = [];
    for (const list of received.values()) list.length = 0;
    // Each test starts from a clean inbox.
    await test.database.orm.delete(conversations);
  });

  /** A conversation with a contact of its own, waiting (or not) as the test says. */
  async function addConversation(organizationId: string, fields: ConversationFields) {
    const orm = test.database.orm;
    const [contact] = await orm.insert(contacts).values({ organizationId, kind: 'public' }).returning();
    const [row] = await orm
      .insert(conversations)
      .values({ organizationId, contactId: contact!.id, channel: 'sms', ...fields })
      .returning();
    return row!;
  }
  /** Waiting for a first answer since `sinceMinutes`, due an hour after. */
  const waitingForFirstAnswer = (sinceMinutes: number): ConversationFields => ({
    waitingSince: at(sinceMinutes),
    responseDueAt: at(sinceMinutes + 60),
  });

  const rowOf = async (id: string) =>
    (await test.database.orm.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const timelineOf = async (ids: string[]) =>
    test.database.orm
      .select()
      .from(conversationEvents)
      .where(inArray(conversationEvents.conversationId, ids))
      .orderBy(asc(conversationEvents.createdAt));
  const changes = () => published.map(({ event }) => [event.conversationId, event.change]);
  /** The events the bus delivered to the clinic's subscribers about these conversations (waits for one). */
  async function deliveredTo(organizationId: string, conversationIds: string[]): Promise<LiveEvent[]> {
    const about = () =>
      received
        .get(organizationId)!
        .filter(
          (event) => event.type === 'conversation.changed' && conversationIds.includes(event.conversationId),
        );
    const deadline = Date.now() + 5_000;
    while (about().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return about();
  }

  it('warns once when the answer is due within the warning lead, and breaches once when it is overdue', async () => {
    const dueSoon = await addConversation(clinicId, waitingForFirstAnswer(-50)); // due in 10 minutes
    const notYet = await addConversation(clinicId, waitingForFirstAnswer(-40)); // due in 20 minutes

    expect(await monitorSlas(deps, now)).toEqual({
      wokenFromSnooze: 0,
      breached: 0,
      warned: 1,
      failedOrganizations: 0,
    });
    expect(await rowOf(dueSoon.id)).toMatchObject({ slaWarnedAt: now, slaBreachedAt: null });
    expect(await rowOf(notYet.id)).toMatchObject({ slaWarnedAt: null, slaBreachedAt: null });
    expect(changes()).toEqual([[dueSoon.id, 'sla-warning']]);
    const [warning, ...nothingElse] = await timelineOf([dueSoon.id, notYet.id]);
    expect(nothingElse).toEqual([]);
    expect(warning).toMatchObject({
      organizationId: clinicId,
      conversationId: dueSoon.id,
      kind: 'sla-warning',
      actorStaffId: null,
      details: { dueAt: at(10).toISOString(), response: 'first', minutesLeft: 10 },
    });

    // The same minute again, and a minute later: nothing new for the warned conversation.
    await monitorSlas(deps, now);
    await monitorSlas(deps, at(1));
    expect(changes()).toEqual([[dueSoon.id, 'sla-warning']]);

    // Past the due time: breached, once, however often the monitor runs.
    await monitorSlas(deps, at(11));
    await monitorSlas(deps, at(12));
    expect(await rowOf(dueSoon.id)).toMatchObject({ slaWarnedAt: now, slaBreachedAt: at(11) });
    expect(changes()).toEqual([
      [dueSoon.id, 'sla-warning'],
      [dueSoon.id, 'sla-breach'],
      [notYet.id, 'sla-warning'],
    ]);
    expect((await timelineOf([dueSoon.id])).map((event) => event.kind)).toEqual([
      'sla-warning',
      'sla-breach',
    ]);
    expect((await timelineOf([dueSoon.id]))[1]!.details).toEqual({
      dueAt: at(10).toISOString(),
      response: 'first',
    });
  });

  it('breaches an overdue conversation it never warned, without a warning after the fact', async () => {
    const overdue = await addConversation(clinicId, waitingForFirstAnswer(-61));
    const [first, second] = await Promise.all([monitorSlas(deps, now), monitorSlas(deps, now)]);
    expect(first!.breached + second!.breached).toBe(1);
    await monitorSlas(deps, at(5));
    expect(changes()).toEqual([[overdue.id, 'sla-breach']]);
    expect((await timelineOf([overdue.id])).map((event) => event.kind)).toEqual(['sla-breach']);
    expect(await rowOf(overdue.id)).toMatchObject({ slaWarnedAt: null, slaBreachedAt: now });
  });

  it('warns a later answer by its own, shorter lead', async () => {
    // Answered once already; the contact wrote again, and the next answer is due in 10 minutes.
    const followUp = await addConversation(clinicId, {
      firstResponseAt: at(-120),
      waitingSince: at(-20),
      responseDueAt: at(10),
    });
    await monitorSlas(deps, now);
    expect(changes()).toEqual([]);
    await monitorSlas(deps, at(4));
    expect(changes()).toEqual([[followUp.id, 'sla-warning']]);
    expect((await timelineOf([followUp.id]))[0]!.details).toMatchObject({ response: 'next', minutesLeft: 6 });
  });

  it('leaves answered, snoozed and resolved conversations alone', async () => {
    const answered = await addConversation(clinicId, { firstResponseAt: at(-30) });
    const snoozed = await addConversation(clinicId, {
      ...waitingForFirstAnswer(-90),
      status: 'snoozed',
      snoozedUntil: at(60),
    });
    const resolved = await addConversation(clinicId, {
      ...waitingForFirstAnswer(-90),
      status: 'resolved',
      resolvedAt: at(-5),
    });

    expect(await monitorSlas(deps, now)).toEqual({
      wokenFromSnooze: 0,
      breached: 0,
      warned: 0,
      failedOrganizations: 0,
    });
    expect(changes()).toEqual([]);
    expect(await timelineOf([answered.id, snoozed.id, resolved.id])).toEqual([]);
    expect(await rowOf(snoozed.id)).toMatchObject({ status: 'snoozed', slaBreachedAt: null });
    expect(await rowOf(resolved.id)).toMatchObject({ status: 'resolved', slaBreachedAt: null });
  });

  it('counts a pending conversation that still has an answer due', async () => {
    const pending = await addConversation(clinicId, { ...waitingForFirstAnswer(-61), status: 'pending' });
    await monitorSlas(deps, now);
    expect(changes()).toEqual([[pending.id, 'sla-breach']]);
  });

  it('brings a conversation back when its snooze has ended, once', async () => {
    const ended = await addConversation(clinicId, { status: 'snoozed', snoozedUntil: at(-1) });
    const later = await addConversation(clinicId, { status: 'snoozed', snoozedUntil: at(30) });

    expect((await monitorSlas(deps, now)).wokenFromSnooze).toBe(1);
    await monitorSlas(deps, at(1));
    expect(await rowOf(ended.id)).toMatchObject({ status: 'open', snoozedUntil: null, updatedAt: now });
    expect(await rowOf(later.id)).toMatchObject({ status: 'snoozed', snoozedUntil: at(30) });
    expect(changes()).toEqual([[ended.id, 'updated']]);
    expect(published[0]!.event).toMatchObject({ status: 'open', priority: 'normal' });
    expect(await timelineOf([ended.id, later.id])).toEqual([
      expect.objectContaining({
        conversationId: ended.id,
        kind: 'snooze-ended',
        details: { from: 'snoozed', to: 'open', snoozedUntil: at(-1).toISOString() },
      }),
    ]);
  });

  it('wakes a snoozed conversation whose answer is overdue and breaches it in the same run', async () => {
    const overdue = await addConversation(clinicId, {
      ...waitingForFirstAnswer(-70),
      status: 'snoozed',
      snoozedUntil: at(-2),
    });
    await monitorSlas(deps, now);
    expect(changes()).toEqual([
      [overdue.id, 'updated'],
      [overdue.id, 'sla-breach'],
    ]);
  });

  it("tells each clinic about its own conversations only, and changes nothing of another clinic's", async () => {
    const ours = await addConversation(clinicId, waitingForFirstAnswer(-65));
    const theirsCalm = await addConversation(otherClinicId, waitingForFirstAnswer(-5));
    const theirsSnoozed = await addConversation(otherClinicId, { status: 'snoozed', snoozedUntil: at(120) });

    await monitorSlas(deps, now);
    expect(published).toEqual([
      {
        organizationId: clinicId,
        event: expect.objectContaining({ conversationId: ours.id, change: 'sla-breach' }),
      },
    ]);
    expect(await rowOf(theirsCalm.id)).toEqual(
      expect.objectContaining({ slaWarnedAt: null, slaBreachedAt: null, status: 'open' }),
    );
    expect(await rowOf(theirsSnoozed.id)).toMatchObject({ status: 'snoozed', snoozedUntil: at(120) });
    expect(await timelineOf([theirsCalm.id, theirsSnoozed.id])).toEqual([]);

    // Delivered live to the clinic's desks, and to no one at the other clinic.
    expect(await deliveredTo(clinicId, [ours.id])).toEqual([
      expect.objectContaining({
        type: 'conversation.changed',
        conversationId: ours.id,
        change: 'sla-breach',
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.get(otherClinicId)).toEqual([]);

    // Later the other clinic's conversation is overdue too: its own event, on its own channel.
    await monitorSlas(deps, at(60));
    expect(published.slice(1)).toEqual([
      {
        organizationId: otherClinicId,
        event: expect.objectContaining({ conversationId: theirsCalm.id, change: 'sla-breach' }),
      },
    ]);
    expect(await deliveredTo(otherClinicId, [theirsCalm.id])).toEqual([
      expect.objectContaining({ conversationId: theirsCalm.id, change: 'sla-breach' }),
    ]);
    expect((await timelineOf([theirsCalm.id]))[0]!.organizationId).toBe(otherClinicId);
  });

  it('runs as a background job on the queue, publishing through the event bus it is given', async () => {
    const overdue = await addConversation(clinicId, waitingForFirstAnswer(-61));
    const queue = createJobQueue({
      database: test.database,
      logger: deps.logger,
      events: deps.events,
      jobs: [monitorSlasJob as JobDefinition<never>],
      settings: { retentionSweepCron: '15 3 * * *' },
    });
    await queue.start();
    try {
      await queue.startWorkers();
      const jobId = await queue.send(monitorSlasJob, { now: now.toISOString() });
      const deadline = Date.now() + 20_000;
      let state: string | undefined;
      while (state !== 'completed' && state !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        state = (await queue.boss.getJobById(monitorSlasJob.name, jobId!))?.state;
      }
      expect(state).toBe('completed');
    } finally {
      await queue.stop();
    }
    expect(await rowOf(overdue.id)).toMatchObject({ slaBreachedAt: now });
    expect(changes()).toEqual([[overdue.id, 'sla-breach']]);
  });
});
