import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { createTeam } from '../organizations/service.ts';
import { callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { monitorSlas } from '../routing/sla-monitor.ts';
import type { StaffRole } from '../staff/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { createStaffMember } from '../staff/service.ts';
import { contacts, conversationEvents, conversations } from './schema.ts';

/**
 * The supervisor's overview: queue depth, unassigned work, longest wait and SLA state per team
 * and in all, and each colleague's status and load; for supervisors only, counting one
 * organisation's conversations, and naming no patient.
 */

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const minutesAhead = (minutes: number) => new Date(Date.now() + minutes * 60_000);

interface Figures {
  open: number;
  unassigned: number;
  longestWaitSeconds: number;
  breachedNow: number;
  warnedNow: number;
}
interface Overview {
  teams: (Figures & { id: string; name: string })[];
  totals: Figures & { breachesToday: number };
  agents: {
    id: string;
    displayName: string;
    availability: string;
    capacity: number;
    activeConversations: number;
    distressedToday: number;
    teams: { id: string; name: string }[];
  }[];
  at: string;
}

describe('GET /api/inbox/overview', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let supervisor: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;
  let admin: ReturnType<typeof callAs>;
  let otherSupervisor: ReturnType<typeof callAs>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Harbor Family Practice');
    const other = await createTestClinic(orm, 'Hillside Pediatrics');
    const frontDesk = await createTeam(orm, {
      organizationId: clinic.id,
      slug: 'front-desk',
      name: 'Front desk',
    });
    const billing = await createTeam(orm, { organizationId: clinic.id, slug: 'billing', name: 'Billing' });
    const theirTeam = await createTeam(orm, {
      organizationId: other.id,
      slug: 'front-desk',
      name: 'Their desk',
    });
    ids.frontDesk = frontDesk.id;
    ids.billing = billing.id;

    supervisor = callAs(server, await signedInStaff(server, clinic.id, 'supervisor'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
    otherSupervisor = callAs(server, await signedInStaff(server, other.id, 'supervisor'));

    const colleague = async (
      organizationId: string,
      displayName: string,
      teamIds: string[],
      role: StaffRole = 'agent',
    ) =>
      (
        await createStaffMember(orm, {
          organizationId,
          email: `${displayName.toLowerCase().replace(/\W+/g, '.')}@clinic.test`,
          displayName,
          role,
          teamIds,
        })
      ).id;
    ids.ana = await colleague(clinic.id, 'Ana Front', [frontDesk.id]);
    ids.ben = await colleague(clinic.id, 'Ben Billing', [billing.id, frontDesk.id], 'billing');
    ids.gone = await colleague(clinic.id, 'Gone Agent', [frontDesk.id]);
    ids.auditor = await colleague(clinic.id, 'Cara Compliance', [], 'compliance');
    ids.theirs = await colleague(other.id, 'Olga Other', [theirTeam.id]);
    await orm
      .update(staffMembers)
      .set({ availability: 'available', capacity: 4 })
      .where(eq(staffMembers.id, ids.ana));
    await orm.update(staffMembers).set({ availability: 'busy' }).where(eq(staffMembers.id, ids.ben));
    await orm.update(staffMembers).set({ disabledAt: new Date() }).where(eq(staffMembers.id, ids.gone));

    let contactsMade = 0;
    const conversation = async (
      organizationId: string,
      fields: Partial<typeof conversations.$inferInsert>,
    ) => {
      const [contact] = await orm
        .insert(contacts)
        .values({ organizationId, kind: 'public', displayName: `Nora Halvorsen ${++contactsMade}` })
        .returning();
      const [row] = await orm
        .insert(conversations)
        .values({ organizationId, contactId: contact!.id, channel: 'sms', ...fields })
        .returning();
      return row!;
    };
    // Front desk: one overdue and nobody on it, one nearly due (warned), one answered, and two
    // that are not in the queue (snoozed, resolved).
    await conversation(clinic.id, {
      teamId: frontDesk.id,
      waitingSince: minutesAgo(30),
      responseDueAt: minutesAgo(5),
    });
    await conversation(clinic.id, {
      teamId: frontDesk.id,
      status: 'pending',
      assigneeId: ids.ana,
      waitingSince: minutesAgo(10),
      responseDueAt: minutesAhead(3),
      slaWarnedAt: minutesAgo(1),
    });
    await conversation(clinic.id, {
      teamId: frontDesk.id,
      assigneeId: ids.ana,
      firstResponseAt: minutesAgo(20),
    });
    await conversation(clinic.id, {
      teamId: frontDesk.id,
      assigneeId: ids.ana,
      status: 'snoozed',
      snoozedUntil: minutesAhead(60),
      waitingSince: minutesAgo(300),
    });
    await conversation(clinic.id, {
      teamId: frontDesk.id,
      status: 'resolved',
      resolvedAt: minutesAgo(2),
      waitingSince: minutesAgo(400),
    });
    // Billing: one fresh, assigned to Ben.
    await conversation(clinic.id, {
      teamId: billing.id,
      assigneeId: ids.ben,
      waitingSince: minutesAgo(2),
      responseDueAt: minutesAhead(58),
    });
    // No team: the longest wait.
    await conversation(clinic.id, { waitingSince: minutesAgo(45), responseDueAt: minutesAhead(15) });
    // The other clinic: a long, overdue wait, and a busy colleague.
    await conversation(other.id, {
      teamId: theirTeam.id,
      waitingSince: minutesAgo(300),
      responseDueAt: minutesAgo(240),
    });
    await conversation(other.id, {
      teamId: theirTeam.id,
      assigneeId: ids.theirs,
      waitingSince: minutesAgo(1),
    });

    // The SLA monitor marks both overdue conversations breached, each in its own clinic; a breach
    // before midnight (in the clinic's zone) is not today's.
    await monitorSlas({ database: test.database, events: server.events, logger: server.logger });
    const yesterday = DateTime.now().setZone(clinic.timeZone).startOf('day').minus({ minutes: 1 }).toJSDate();
    const [anyConversation] = await orm
      .select()
      .from(conversations)
      .where(eq(conversations.organizationId, clinic.id));
    await orm.insert(conversationEvents).values({
      organizationId: clinic.id,
      conversationId: anyConversation!.id,
      kind: 'sla-breach',
      createdAt: yesterday,
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('is for supervisors: an agent and an admin are refused', async () => {
    for (const caller of [agent, admin]) {
      const response = await caller('GET', '/api/inbox/overview');
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toContain('does not allow this');
    }
  });

  it('gives a supervisor the queue per team and in all, counting only conversations in progress', async () => {
    const response = await supervisor('GET', '/api/inbox/overview');
    expect(response.statusCode).toBe(200);
    const overview: Overview = response.json();
    expect(Math.abs(Date.parse(overview.at) - Date.now())).toBeLessThan(30_000);

    expect(overview.teams.map((team) => team.name)).toEqual(['Billing', 'Front desk']);
    const [billing, frontDesk] = overview.teams;
    expect(billing).toMatchObject({ id: ids.billing, open: 1, unassigned: 0, breachedNow: 0, warnedNow: 0 });
    expect(billing!.longestWaitSeconds).toBeGreaterThanOrEqual(120);
    expect(billing!.longestWaitSeconds).toBeLessThan(150);
    expect(frontDesk).toMatchObject({
      id: ids.frontDesk,
      open: 3,
      unassigned: 1,
      breachedNow: 1,
      warnedNow: 1,
    });
    expect(frontDesk!.longestWaitSeconds).toBeGreaterThanOrEqual(30 * 60);
    expect(frontDesk!.longestWaitSeconds).toBeLessThan(31 * 60);

    // In all: the conversation without a team counts too; the other clinic's never do.
    expect(overview.totals).toMatchObject({
      open: 5,
      unassigned: 2,
      breachedNow: 1,
      warnedNow: 1,
      breachesToday: 1,
    });
    expect(overview.totals.longestWaitSeconds).toBeGreaterThanOrEqual(45 * 60);
    expect(overview.totals.longestWaitSeconds).toBeLessThan(46 * 60);
  });

  it("lists the colleagues who answer patients with their status, capacity, load and teams, and no one else's", async () => {
    // Distress noticed today in two of Ana's conversations, and two days ago in another.
    const orm = test.database.orm;
    const anas = await orm
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.assigneeId, ids.ana!));
    expect(anas.length).toBeGreaterThanOrEqual(3);
    const distressAt = (id: string, at: Date) =>
      orm
        .update(conversations)
        .set({ distress: ['anger'], distressAt: at })
        .where(eq(conversations.id, id));
    await distressAt(anas[0]!.id, new Date());
    await distressAt(anas[1]!.id, new Date());
    await distressAt(anas[2]!.id, new Date(Date.now() - 2 * 24 * 3600_000));
    const overview: Overview = (await supervisor('GET', '/api/inbox/overview')).json();
    const byName = new Map(overview.agents.map((member) => [member.displayName, member]));
    expect(byName.get('Ana Front')).toEqual({
      id: ids.ana,
      displayName: 'Ana Front',
      availability: 'available',
      capacity: 4,
      // The pending and the answered conversation; the snoozed one is not in progress.
      activeConversations: 2,
      distressedToday: 2,
      teams: [{ id: ids.frontDesk, name: 'Front desk' }],
    });
    expect(byName.get('Ben Billing')).toMatchObject({
      availability: 'busy',
      activeConversations: 1,
      distressedToday: 0,
      teams: [
        { id: ids.billing, name: 'Billing' },
        { id: ids.frontDesk, name: 'Front desk' },
      ],
    });
    const everyone = overview.agents.map((member) => member.id);
    for (const absent of [ids.gone, ids.auditor, ids.theirs]) expect(everyone).not.toContain(absent);
    // The signed-in agent and supervisor answer patients too; the admin does not.
    expect(overview.agents.map((member) => member.displayName).sort()).toEqual([
      'Ana Front',
      'Ben Billing',
      'Test agent',
      'Test supervisor',
    ]);
  });

  it('names no patient or contact', async () => {
    const response = await supervisor('GET', '/api/inbox/overview');
    expect(response.body).not.toContain('Nora');
    expect(response.body).not.toContain('Halvorsen');
  });

  it("shows another clinic's supervisor their own queue only", async () => {
    const response = await otherSupervisor('GET', '/api/inbox/overview');
    expect(response.statusCode).toBe(200);
    const overview: Overview = response.json();
    expect(overview.teams.map((team) => team.name)).toEqual(['Their desk']);
    expect(overview.totals).toMatchObject({
      open: 2,
      unassigned: 1,
      breachedNow: 1,
      warnedNow: 0,
      breachesToday: 1,
    });
    expect(overview.totals.longestWaitSeconds).toBeGreaterThanOrEqual(300 * 60);
    expect(overview.agents.map((member) => member.displayName).sort()).toEqual([
      'Olga Other',
      'Test supervisor',
    ]);
    expect(overview.agents.find((member) => member.id === ids.theirs)?.activeConversations).toBe(1);
  });
});
