import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import type { StaffMemberSummary } from '../domains/staff/service.ts';
import { spawnPatientDesk, waitForExit } from '../testing/child-process.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../testing/clinic.ts';
import { createCommandTestDatabase } from '../testing/command-test-database.ts';
import { startTestServer } from '../testing/test-server.ts';

// The real `patientdesk token-create` in a child process; the token it prints is then used
// against a server on the same database (on the embedded one, after the command let go of it).
describe('patientdesk token-create', () => {
  let environment: Record<string, string>;
  let open: () => Promise<Database>;
  let cleanUp: () => Promise<void>;
  let supervisor: StaffMemberSummary;
  let admin: StaffMemberSummary;
  const run = (...args: string[]) => waitForExit(spawnPatientDesk(['token-create', ...args], environment));

  beforeAll(async () => {
    const target = await createCommandTestDatabase('pd-token-');
    environment = target.environment;
    open = target.open;
    cleanUp = target.drop;
    const database = await open();
    try {
      await migrate(database);
      const clinic = await createTestClinic(database.orm, 'Token Clinic');
      supervisor = await createTestStaff(database.orm, clinic.id, 'supervisor');
      admin = await createTestStaff(database.orm, clinic.id, 'admin');
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(() => cleanUp());

  it('prints a token once, which then calls the API as that person with their role until revoked', async () => {
    const created = await run(
      '--user',
      supervisor.email.toUpperCase(),
      '--name',
      'nightly report',
      '--expires',
      '30d',
    );
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain(
      `Created API token "nightly report" for Test supervisor <${supervisor.email}> (supervisor)`,
    );
    expect(created.output).toMatch(/Copy it now: it is shown only this once/);
    const token = /^ {2}(pdt_[\w-]+)$/m.exec(created.output)![1]!;
    expect(created.output).toContain(`Authorization: Bearer ${token}`);
    const tokenId = /DELETE \/api\/admin\/api-tokens\/([0-9a-f-]{36})/.exec(created.output)![1]!;

    const database = await open();
    const server = await startTestServer(database);
    try {
      const bearer = { authorization: `Bearer ${token}` };
      const staffList = await server.app.inject({ method: 'GET', url: '/api/admin/staff', headers: bearer });
      expect(staffList.statusCode).toBe(200);
      expect(staffList.json().items.map((member: { email: string }) => member.email)).toContain(
        supervisor.email,
      );
      // A supervisor may not read the audit log, and neither may their token.
      expect(
        (await server.app.inject({ method: 'GET', url: '/api/audit', headers: bearer })).statusCode,
      ).toBe(403);

      const { rows } = await database.query<{
        actor_type: string;
        actor_name: string;
        details: Record<string, unknown>;
      }>(
        "select actor_type, actor_name, details from audit_events where action = 'api-token.created' and resource_id = $1",
        [tokenId],
      );
      expect(rows[0]).toMatchObject({
        actor_type: 'system',
        actor_name: expect.stringMatching(/^patientdesk token-create \(/),
        details: { staffMemberId: supervisor.id, name: 'nightly report', via: 'command line' },
      });
      const expiresAt = new Date((rows[0]!.details as { expiresAt: string }).expiresAt).getTime();
      expect(Math.abs(expiresAt - (Date.now() + 30 * 86_400_000))).toBeLessThan(120_000);

      const adminHeaders = await signInHeaders(server.app, admin.email);
      const revoked = await server.app.inject({
        method: 'DELETE',
        url: `/api/admin/api-tokens/${tokenId}`,
        headers: adminHeaders,
      });
      expect(revoked.statusCode).toBe(204);
      const refused = await server.app.inject({ method: 'GET', url: '/api/admin/staff', headers: bearer });
      expect(refused.statusCode).toBe(401);
    } finally {
      await server.close();
      await database.close();
    }
  }, 60_000);

  it('refuses an unknown email or a duration without a unit, saying what to do', async () => {
    const unknown = await run('--user', 'nobody@clinic.test');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(
      /There is no staff member with the email "nobody@clinic.test" in .* Check the spelling/,
    );
    expect(unknown.output).not.toMatch(/pdt_/);
    const bare = await run('--user', supervisor.email, '--expires', '30');
    expect(bare.code).toBe(1);
    expect(bare.output).toMatch(/must be a duration with a unit, such as 30d, 12h or 1y, or "never"/);
  }, 60_000);

  it('makes a token without expiry on request, and explains itself with --help', async () => {
    const forever = await run('--user', admin.email, '--expires', 'never');
    expect(forever.code, forever.output).toBe(0);
    expect(forever.output).toMatch(/It never expires; revoke it when it is no longer needed/);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/Usage: patientdesk token-create \[options\]/);
    expect(help.output).toMatch(/--expires <duration>.*\n?.*\(default: 90d\)/);
  }, 60_000);
});
