import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff, signInCookie, signInHeaders } from '../testing/clinic.ts';
import { connectLive } from '../testing/live-client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer } from '../testing/test-server.ts';

describe('/api/live', () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { listen: true });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('refuses a websocket without a signed-in session', async () => {
    await expect(connectLive(server.address, '')).rejects.toMatchObject({ statusCode: 401 });
  });

  it("pushes a colleague's availability change to the desk, and nothing to another clinic", async () => {
    const clinic = await createTestClinic(test.database.orm);
    const otherClinic = await createTestClinic(test.database.orm);
    const watcher = await createTestStaff(test.database.orm, clinic.id, 'supervisor');
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const outsider = await createTestStaff(test.database.orm, otherClinic.id, 'supervisor');
    const desk = await connectLive(server.address, await signInCookie(server.app, watcher.email));
    const otherDesk = await connectLive(server.address, await signInCookie(server.app, outsider.email));
    try {
      await desk.next((event) => event.type === 'live.connected');
      await otherDesk.next((event) => event.type === 'live.connected');
      const response = await server.app.inject({
        method: 'PUT',
        url: '/api/staff/me/availability',
        headers: await signInHeaders(server.app, agent.email),
        payload: { availability: 'away' },
      });
      expect(response.statusCode).toBe(200);

      const event = await desk.next((e) => e.type === 'staff.availability_changed');
      expect(event).toMatchObject({ staffMemberId: agent.id, availability: 'away' });
      // Give the other clinic's socket time to (wrongly) receive it before checking it did not.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(otherDesk.events.map((e) => e.type)).toEqual(['live.connected']);
    } finally {
      desk.close();
      otherDesk.close();
    }
  });

  it('rejects an availability that does not exist and publishes nothing', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const agent = await createTestStaff(test.database.orm, clinic.id);
    const headers = await signInHeaders(server.app, agent.email);
    const desk = await connectLive(server.address, headers.cookie);
    try {
      const response = await server.app.inject({
        method: 'PUT',
        url: '/api/staff/me/availability',
        headers,
        payload: { availability: 'sleeping' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].field).toBe('body.availability');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(desk.events.map((e) => e.type)).toEqual(['live.connected']);
    } finally {
      desk.close();
    }
  });
});
