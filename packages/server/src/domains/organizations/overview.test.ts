import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, signInCookie, testPassword } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { createStaffMember } from '../staff/service.ts';
import { createLocation, createTeam } from './service.ts';

describe('GET /api/organization', () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it("shows staff their own clinic's locations and teams with member counts, and nothing of another clinic", async () => {
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Birch Valley Clinic');
    const other = await createTestClinic(orm, 'Other Clinic');
    await createLocation(orm, {
      organizationId: clinic.id,
      name: 'Main Street',
      city: 'Springfield',
      timeZone: 'America/Chicago',
    });
    await createLocation(orm, { organizationId: other.id, name: 'Elsewhere', timeZone: 'America/Denver' });
    const billing = await createTeam(orm, { organizationId: clinic.id, slug: 'billing', name: 'Billing' });
    await createTeam(orm, { organizationId: clinic.id, slug: 'nurse-line', name: 'Nurse line' });
    await createTeam(orm, { organizationId: other.id, slug: 'billing', name: 'Other billing' });
    const member = await createStaffMember(orm, {
      organizationId: clinic.id,
      email: 'biller@birch.test',
      displayName: 'Bea Biller',
      role: 'billing',
      password: testPassword,
      teamIds: [billing.id],
    });

    const response = await server.app.inject({
      method: 'GET',
      url: '/api/organization',
      headers: { cookie: await signInCookie(server.app, member.email) },
    });
    expect(response.statusCode).toBe(200);
    const overview = response.json();
    expect(overview.organization).toMatchObject({ name: 'Birch Valley Clinic', slug: clinic.slug });
    expect(overview.locations).toEqual([
      expect.objectContaining({ name: 'Main Street', city: 'Springfield' }),
    ]);
    expect(overview.teams.map((t: { name: string; memberCount: number }) => [t.name, t.memberCount])).toEqual(
      [
        ['Billing', 1],
        ['Nurse line', 0],
      ],
    );
    expect(overview.staffCount).toBe(1);
  });
});
