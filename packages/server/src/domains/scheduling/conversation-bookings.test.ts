import { randomUUID } from 'node:crypto';
import type { LiveEvent } from '@patientdesk/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { contacts, conversations } from '../conversations/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { proxies, proxyAuthorizations } from '../patients/schema.ts';
import { addPatient, callAs, signedInPortalUser, signedInStaff } from '../patients/test-fixtures.ts';
import { appointments } from './schema.ts';
import { createSchedulingFixture, nextWorkdayAt, type SchedulingFixture } from './test-fixtures.ts';

/**
 * An agent books for a patient from the conversation they are in, and that conversation's
 * timeline keeps the story: booked, moved, cancelled, whoever did it.
 */
describe('bookings in the conversation they were made from', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let agent: ReturnType<typeof callAs>;
  let agentId: string;
  let maria: ReturnType<typeof callAs>;
  let conversationId: string;
  let otherClinicConversationId: string;
  let tomConversationId: string;
  let childId: string;

  /**
   * A text from a number the clinic cannot tie to a patient: the conversation is with the
   * contact, a stranger or a known proxy, and linked to no patient.
   */
  async function unlinkedConversation(proxyId: string | null = null) {
    const orm = test.database.orm;
    const [contact] = await orm
      .insert(contacts)
      .values({ organizationId: clinic.id, kind: proxyId ? 'proxy' : 'public', proxyId })
      .returning();
    const [conversation] = await orm
      .insert(conversations)
      .values({ organizationId: clinic.id, contactId: contact!.id, channel: 'sms' })
      .returning();
    return conversation!.id;
  }

  /** A parent of the child, who may book for her (or no longer may, once `expiresAt` is past). */
  async function parentOfChild(expiresAt: Date | null = null) {
    const [parent] = await test.database.orm
      .insert(proxies)
      .values({ organizationId: clinic.id, givenName: 'Rosa', familyName: 'Stone' })
      .returning();
    await test.database.orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: parent!.id,
      patientId: childId,
      relationship: 'parent',
      scopes: ['scheduling', 'messaging'],
      expiresAt,
    });
    return parent!.id;
  }

  /** A portal message from the patient: a conversation with her, known and verified. */
  async function conversationFrom(patient: ReturnType<typeof callAs>, patientId: string, body: string) {
    const sent = await patient('POST', '/api/portal/messages', {
      patientId,
      body,
      clientMessageId: randomUUID(),
    });
    expect(sent.statusCode).toBe(201);
    return sent.json().conversation.id as string;
  }

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Hillside Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    const staff = await signedInStaff(server, clinic.id, 'agent');
    agent = callAs(server, staff);
    agentId = staff.staffMemberId;
    const mariaEmail = (
      await test.database.query<{ email: string }>('select email from patients where id = $1', [
        fixture.patientId,
      ])
    ).rows[0]!.email;
    maria = callAs(server, await signedInPortalUser(server, clinic, mariaEmail));
    conversationId = await conversationFrom(maria, fixture.patientId, 'Can I see Dr. Ruiz again soon?');
    const tomRow = await addPatient(orm, clinic.id, {
      givenName: 'Tom',
      familyName: 'Hale',
      email: 'tom.hale@example.com',
    });
    const tom = callAs(server, await signedInPortalUser(server, clinic, 'tom.hale@example.com'));
    tomConversationId = await conversationFrom(tom, tomRow.id, 'My knee still hurts.');
    childId = (
      await addPatient(orm, clinic.id, {
        givenName: 'Lia',
        familyName: 'Stone',
        birthDate: `${new Date().getFullYear() - 6}-05-01`,
      })
    ).id;

    const other = await createTestClinic(orm, 'Riverside Clinic');
    const otherFixture = await createSchedulingFixture(orm, other.id);
    const otherEmail = (
      await test.database.query<{ email: string }>('select email from patients where id = $1', [
        otherFixture.patientId,
      ])
    ).rows[0]!.email;
    const otherPatient = callAs(server, await signedInPortalUser(server, other, otherEmail));
    otherClinicConversationId = await conversationFrom(otherPatient, otherFixture.patientId, 'Hello');
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const holdBody = (startsAt: Date, extra: Record<string, unknown> = {}) => ({
    patientId: fixture.patientId,
    providerId: fixture.providerId,
    locationId: fixture.locationId,
    appointmentTypeId: fixture.types.followUp.id,
    startsAt: startsAt.toISOString(),
    ...extra,
  });

  async function bookFromConversation(startsAt: Date, from: string | null = conversationId) {
    const held = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(startsAt, from ? { conversationId: from } : {}),
    );
    expect(held.statusCode).toBe(201);
    const booked = await agent('POST', `/api/appointments/${held.json().id}/confirm`, {
      reason: 'Check the blood pressure again',
    });
    expect(booked.statusCode).toBe(200);
    return booked.json() as { id: string; startsAt: string };
  }

  async function bookingEntries(id = conversationId) {
    const timeline = await agent('GET', `/api/conversations/${id}/timeline`);
    expect(timeline.statusCode).toBe(200);
    return (
      timeline.json().items as {
        kind: string;
        actor: { id: string } | null;
        details: Record<string, unknown>;
      }[]
    ).filter((event) => event.kind.startsWith('appointment-'));
  }

  /** The next live event about this conversation (the desks showing it reload on it). */
  function nextChangeOf(id: string): Promise<LiveEvent> {
    return new Promise((resolve) => {
      const stop = server.events.subscribe(clinic.id, (event) => {
        if (event.type === 'conversation.changed' && event.conversationId === id) {
          stop();
          resolve(event);
        }
      });
    });
  }

  it('says in the timeline what was booked, with whom, where and when, and who booked it', async () => {
    const startsAt = nextWorkdayAt(fixture, 10, 0);
    const heard = nextChangeOf(conversationId);
    const booked = await bookFromConversation(startsAt);
    expect(await heard).toMatchObject({ change: 'updated', conversationId });

    const [entry, ...more] = await bookingEntries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'appointment-booked',
      actor: { id: agentId },
      details: {
        appointmentId: booked.id,
        appointmentType: 'Follow-up visit',
        provider: 'Dr. Ana Ruiz, MD',
        location: 'Main Street Clinic',
        startsAt: startsAt.toISOString(),
        timeZone: 'America/New_York',
        mode: 'in-person',
      },
    });
    // The reason for the visit is health information: it stays out of the timeline.
    expect(JSON.stringify(entry!.details)).not.toContain('blood pressure');
  });

  it('adds the move and the cancellation to the same conversation, even when the patient cancels in the portal', async () => {
    const startsAt = nextWorkdayAt(fixture, 14, 0);
    const booked = await bookFromConversation(startsAt);
    const later = nextWorkdayAt(fixture, 15, 30);
    const moved = await agent('POST', `/api/appointments/${booked.id}/reschedule`, {
      startsAt: later.toISOString(),
    });
    expect(moved.statusCode).toBe(200);

    const heard = nextChangeOf(conversationId);
    const cancelled = await maria('POST', `/api/portal/appointments/${moved.json().id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    await heard;

    const entries = (await bookingEntries()).filter((event) =>
      [booked.id, moved.json().id].includes(event.details.appointmentId as string),
    );
    expect(entries.map((event) => event.kind)).toEqual([
      'appointment-booked',
      'appointment-rescheduled',
      'appointment-cancelled',
    ]);
    expect(entries[1]).toMatchObject({
      actor: { id: agentId },
      details: { startsAt: later.toISOString(), previousStartsAt: startsAt.toISOString() },
    });
    expect(entries[2]).toMatchObject({
      actor: null,
      details: { startsAt: later.toISOString(), cancelledBy: 'patient' },
    });
  });

  it('leaves conversations alone when a booking was not made from one', async () => {
    const before = await bookingEntries();
    const booked = await bookFromConversation(nextWorkdayAt(fixture, 11, 0), null);
    const cancelled = await agent('POST', `/api/appointments/${booked.id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    expect(await bookingEntries()).toEqual(before);
  });

  it('does not take a hold for a conversation of another clinic, and names the field', async () => {
    const startsAt = nextWorkdayAt(fixture, 9, 0);
    const refused = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(startsAt, { conversationId: otherClinicConversationId }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([expect.objectContaining({ field: 'body.conversationId' })]);
    // The time was not held: the agent can still hold it from the right conversation.
    const held = await agent('POST', '/api/appointments/holds', holdBody(startsAt, { conversationId }));
    expect(held.statusCode).toBe(201);
    const released = await agent('POST', `/api/appointments/${held.json().id}/cancel`, {});
    expect(released.statusCode).toBe(200);
  });

  /** The appointments, of any status, made from this conversation. */
  const bookedFrom = (id: string) =>
    test.database.orm.select().from(appointments).where(eq(appointments.conversationId, id));

  /** Maria's appointments at this time, of any status. */
  const mariasAt = (startsAt: Date) =>
    test.database.orm
      .select()
      .from(appointments)
      .where(and(eq(appointments.patientId, fixture.patientId), eq(appointments.startsAt, startsAt)));

  it("does not book from another patient's conversation: nothing is held, and neither timeline hears of it", async () => {
    const startsAt = nextWorkdayAt(fixture, 9, 30);
    const mariasBefore = await bookingEntries();
    const tomsBefore = await bookingEntries(tomConversationId);
    const refused = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(startsAt, { conversationId: tomConversationId }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(
      /not linked to this patient or to someone who acts for them/,
    );
    expect(refused.json().error.details).toEqual([expect.objectContaining({ field: 'body.conversationId' })]);
    expect(await mariasAt(startsAt)).toEqual([]);
    expect(await bookedFrom(tomConversationId)).toEqual([]);
    expect(await bookingEntries(tomConversationId)).toEqual(tomsBefore);
    expect(await bookingEntries()).toEqual(mariasBefore);
  });

  it('asks to link a conversation to the patient before booking from it, and books nothing', async () => {
    const unlinked = await unlinkedConversation();
    const startsAt = nextWorkdayAt(fixture, 16, 0);
    const refused = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(startsAt, { conversationId: unlinked }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(
        /not linked to a patient yet.*Link the conversation to the patient first/,
      ),
      details: [{ field: 'body.conversationId', message: 'must be linked to the patient first' }],
    });
    expect(await mariasAt(startsAt)).toEqual([]);
    expect(await bookedFrom(unlinked)).toEqual([]);
    expect(await bookingEntries(unlinked)).toEqual([]);
  });

  it("books a child's visit from the parent's own conversation, and notes it there", async () => {
    const fromParent = await unlinkedConversation(await parentOfChild());
    const startsAt = nextWorkdayAt(fixture, 16, 30);
    const held = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(startsAt, { patientId: childId, conversationId: fromParent }),
    );
    expect(held.statusCode).toBe(201);
    const booked = await agent('POST', `/api/appointments/${held.json().id}/confirm`, {});
    expect(booked.statusCode).toBe(200);
    expect((await bookingEntries(fromParent)).map((event) => event.details.appointmentId)).toEqual([
      booked.json().id,
    ]);
  });

  it('does not book from the conversation of a parent whose authorisation has ended', async () => {
    const fromFormerParent = await unlinkedConversation(
      await parentOfChild(new Date(Date.now() - 86_400_000)),
    );
    const refused = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(nextWorkdayAt(fixture, 15, 0), { patientId: childId, conversationId: fromFormerParent }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([expect.objectContaining({ field: 'body.conversationId' })]);
    expect(await bookedFrom(fromFormerParent)).toEqual([]);
  });
});
