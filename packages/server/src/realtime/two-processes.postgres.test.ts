import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { killHard, spawnPatientDesk, waitForOutput } from '../testing/child-process.ts';
import { createTestClinic, createTestStaff, testPassword } from '../testing/clinic.ts';
import { connectLive } from '../testing/live-client.ts';
import { createEmptyPostgresDatabase } from '../testing/test-database.ts';

/** Signs in over HTTP; returns the cookies and the CSRF header a browser would send. */
async function signIn(address: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: testPassword }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  const csrf = cookies.find((cookie) => cookie.startsWith('pd_csrf='))!.slice('pd_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

describe('realtime events across server processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  const servers: ReturnType<typeof spawnPatientDesk>[] = [];
  const addresses: string[] = [];

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const setup = await openPostgresDatabase(database.url, 2);
    await migrate(setup);
    await setup.close();
    for (let index = 0; index < 2; index++) {
      const server = spawnPatientDesk(['start'], { DATABASE_URL: database.url, PORT: '0' });
      servers.push(server);
      const output = await waitForOutput(server, /PatientDesk is running at (http:\/\/\S+)/);
      addresses.push(/PatientDesk is running at (http:\/\/\S+)/.exec(output)![1]!);
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await killHard(server);
    await database?.drop();
  });

  it('delivers an event published by one process to a desk connected to the other', async () => {
    const orm = await openPostgresDatabase(database.url, 2);
    const clinic = await createTestClinic(orm.orm);
    const supervisor = await createTestStaff(orm.orm, clinic.id, 'supervisor');
    const agent = await createTestStaff(orm.orm, clinic.id, 'agent');
    await orm.close();

    const [first, second] = addresses as [string, string];
    const desk = await connectLive(first, (await signIn(first, supervisor.email)).cookie);
    try {
      await desk.next((event) => event.type === 'live.connected');
      const agentSignIn = await signIn(second, agent.email);
      const response = await fetch(`${second}/api/staff/me/availability`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          cookie: agentSignIn.cookie,
          'x-csrf-token': agentSignIn.csrf,
        },
        body: JSON.stringify({ availability: 'busy' }),
      });
      expect(response.status).toBe(200);
      const event = await desk.next((e) => e.type === 'staff.availability_changed');
      expect(event).toMatchObject({ staffMemberId: agent.id, availability: 'busy' });
    } finally {
      desk.close();
    }
  });
});
