import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { teams } from '../organizations/schema.ts';
import { callAs } from '../patients/test-fixtures.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';

/** Who a conversation can be assigned or a note addressed to: the clinic's own inbox workers. */
describe('GET /api/inbox/people', () => {
  let test: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('lists the teams and the active colleagues who answer patients, with their teams and @mention names', async () => {
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Harbour Clinic');
    const otherClinic = await createTestClinic(orm, 'Elsewhere Clinic');
    const [frontDesk, nurses] = await orm
      .insert(teams)
      .values([
        { organizationId: clinic.id, slug: 'front-desk', name: 'Front desk' },
        { organizationId: clinic.id, slug: 'nurses', name: 'Nurse line' },
      ])
      .returning();
    await orm
      .insert(teams)
      .values({ organizationId: otherClinic.id, slug: 'front-desk', name: 'Their desk' });
    const agent = await createTestStaff(orm, clinic.id, 'agent');
    const clinician = await createTestStaff(orm, clinic.id, 'clinician');
    const leaver = await createTestStaff(orm, clinic.id, 'agent');
    await orm.update(staffMembers).set({ disabledAt: new Date() }).where(eq(staffMembers.id, leaver.id));
    const auditor = await createTestStaff(orm, clinic.id, 'compliance');
    const stranger = await createTestStaff(orm, otherClinic.id, 'agent');
    await orm.update(staffMembers).set({ availability: 'available' }).where(eq(staffMembers.id, agent.id));
    await orm.insert(staffTeamMemberships).values([
      { organizationId: clinic.id, staffMemberId: agent.id, teamId: frontDesk!.id },
      { organizationId: clinic.id, staffMemberId: clinician.id, teamId: frontDesk!.id },
      { organizationId: clinic.id, staffMemberId: clinician.id, teamId: nurses!.id },
    ]);

    const call = callAs(server, await signInHeaders(server.app, agent.email));
    const response = await call('GET', '/api/inbox/people');
    expect(response.statusCode).toBe(200);
    const people = response.json();
    expect(people.teams).toEqual([
      { id: frontDesk!.id, name: 'Front desk' },
      { id: nurses!.id, name: 'Nurse line' },
    ]);
    const ids = people.staff.map((member: { id: string }) => member.id);
    expect(ids.sort()).toEqual([agent.id, clinician.id].sort());
    expect(ids).not.toContain(leaver.id);
    expect(ids).not.toContain(auditor.id);
    expect(ids).not.toContain(stranger.id);
    expect(people.staff.find((member: { id: string }) => member.id === agent.id)).toEqual({
      id: agent.id,
      displayName: agent.displayName,
      availability: 'available',
      teamIds: [frontDesk!.id],
      mentionName: agent.email.split('@')[0],
    });
    const clinicianTeams = people.staff.find((member: { id: string }) => member.id === clinician.id).teamIds;
    expect(clinicianTeams.sort()).toEqual([frontDesk!.id, nurses!.id].sort());
  });

  it('is refused to roles that do not work the inbox, and to nobody signed in', async () => {
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm);
    const admin = await createTestStaff(orm, clinic.id, 'admin');
    const call = callAs(server, await signInHeaders(server.app, admin.email));
    const refused = await call('GET', '/api/inbox/people');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await server.app.inject({ method: 'GET', url: '/api/inbox/people' })).statusCode).toBe(401);
  });
});
