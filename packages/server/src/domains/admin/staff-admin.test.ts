import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import {
  createTestClinic,
  createTestStaff,
  type SignedInHeaders,
  signInHeaders,
} from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { staffMembers } from '../staff/schema.ts';
import type { StaffMemberSummary } from '../staff/service.ts';

describe('staff administration', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let admin: StaffMemberSummary;
  let adminHeaders: SignedInHeaders;
  let outsider: StaffMemberSummary;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Maple Clinic');
    admin = await createTestStaff(test.database.orm, clinic.id, 'admin');
    adminHeaders = await signInHeaders(server.app, admin.email);
    const elsewhere = await createTestClinic(test.database.orm, 'Elsewhere');
    outsider = await createTestStaff(test.database.orm, elsewhere.id, 'agent');
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    headers = adminHeaders,
  ) => server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const staffList = async (headers = adminHeaders) =>
    (await inject('GET', '/api/admin/staff', undefined, headers)).json().items as Record<string, unknown>[];
  const auditEvents = async (action: string) => {
    const { rows } = await test.database.query<{ resource_id: string; details: Record<string, unknown> }>(
      'select resource_id, details from audit_events where organization_id = $1 and action = $2 order by seq',
      [clinic.id, action],
    );
    return rows;
  };
  const latestMailTo = async (email: string) => {
    const messages = (await inject('GET', '/api/admin/outbox')).json().items as {
      recipient: string;
      body: string;
    }[];
    return messages.find((message) => message.recipient === email)!;
  };
  const tokenIn = (body: string) => /#token=([\w-]+)/.exec(body)![1]!;

  it('lists every staff member with their account state, two-step sign-in, last sign-in and live sessions', async () => {
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    await signInHeaders(server.app, agent.email);
    await signInHeaders(server.app, agent.email);
    await test.database.orm
      .update(staffMembers)
      .set({ mfaEnabledAt: new Date() })
      .where(eq(staffMembers.id, agent.id));
    const listed = (await staffList()).find((member) => member.id === agent.id);
    expect(listed).toEqual({
      id: agent.id,
      displayName: 'Test agent',
      email: agent.email,
      role: 'agent',
      availability: 'offline',
      invited: false,
      disabled: false,
      mfaEnabled: true,
      lastSignInAt: expect.any(String),
      liveSessions: 2,
    });
    expect(Date.now() - Date.parse(listed!.lastSignInAt as string)).toBeLessThan(60_000);
    expect((await staffList()).map((member) => member.id)).not.toContain(outsider.id);
    // Supervisors and compliance may look; agents may not.
    const supervisor = await createTestStaff(test.database.orm, clinic.id, 'supervisor');
    expect(await staffList(await signInHeaders(server.app, supervisor.email))).toHaveLength(
      (await staffList()).length,
    );
    const otherAgent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const agentHeaders = await signInHeaders(server.app, otherAgent.email);
    expect((await inject('GET', '/api/admin/staff', undefined, agentHeaders)).statusCode).toBe(403);
  });

  it('invites a colleague by email; they accept the link from the outbox, choose a password and sign in', async () => {
    const email = `new-nurse-${randomBytes(3).toString('hex')}@clinic.test`;
    const invited = await inject('POST', '/api/admin/staff/invitations', {
      email,
      displayName: 'Nia Nurse',
      role: 'clinician',
    });
    expect(invited.statusCode).toBe(201);
    const { staffMemberId } = invited.json();
    expect((await staffList()).find((member) => member.id === staffMemberId)).toMatchObject({
      invited: true,
      role: 'clinician',
    });

    const mail = await latestMailTo(email);
    expect(mail).toMatchObject({
      channel: 'email',
      purpose: 'staff-invitation',
      subject: 'You are invited to Maple Clinic on PatientDesk',
    });
    expect(mail.body).toContain('invited you to join Maple Clinic on PatientDesk as clinician');
    const accepted = await server.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: {
        token: tokenIn(mail.body),
        displayName: 'Nia Nurse RN',
        password: 'a long enough passphrase',
      },
    });
    expect(accepted.statusCode).toBe(200);
    const nurse = await signInHeaders(server.app, email, 'a long enough passphrase');
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: nurse });
    expect(me.json()).toMatchObject({ displayName: 'Nia Nurse RN', role: 'clinician' });
    expect((await staffList()).find((member) => member.id === staffMemberId)).toMatchObject({
      invited: false,
    });
    expect(await auditEvents('staff.invited')).toContainEqual({
      resource_id: staffMemberId,
      details: { email, role: 'clinician' },
    });

    // The address is taken now, here and in every other clinic.
    const again = await inject('POST', '/api/admin/staff/invitations', {
      email,
      displayName: 'Nia',
      role: 'agent',
    });
    expect(again.statusCode).toBe(409);
    const theirs = await inject('POST', '/api/admin/staff/invitations', {
      email: outsider.email.toUpperCase(),
      displayName: 'Someone',
      role: 'agent',
    });
    expect(theirs.statusCode).toBe(409);
    expect(theirs.json().error).toMatchObject({ message: 'A staff account with this email already exists.' });
  });

  it('resends an invitation with a fresh link, after which the old link no longer works', async () => {
    const email = `late-${randomBytes(3).toString('hex')}@clinic.test`;
    const { staffMemberId } = (
      await inject('POST', '/api/admin/staff/invitations', { email, displayName: 'Lee Late', role: 'agent' })
    ).json();
    const first = tokenIn((await latestMailTo(email)).body);
    expect((await inject('POST', `/api/admin/staff/${staffMemberId}/invitation`)).statusCode).toBe(204);
    const second = tokenIn((await latestMailTo(email)).body);
    expect(second).not.toBe(first);
    const accept = (token: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/invitations/accept',
        payload: { token, displayName: 'Lee Late', password: 'another long passphrase' },
      });
    expect((await accept(first)).statusCode).toBe(404);
    expect((await accept(second)).statusCode).toBe(200);
    const resent = await inject('POST', `/api/admin/staff/${staffMemberId}/invitation`);
    expect(resent.statusCode).toBe(409);
    expect(resent.json().error.message).toBe('This person has already accepted their invitation.');
  });

  it('refuses to let an administrator remove their own admin role or disable themselves', async () => {
    const demote = await inject('PATCH', `/api/admin/staff/${admin.id}`, { role: 'agent' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toMatch(
      /^You cannot remove your own administrator role\. Ask another administrator/,
    );
    const disable = await inject('PATCH', `/api/admin/staff/${admin.id}`, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json().error.message).toBe(
      'You cannot disable your own account. Ask another administrator to do it.',
    );
    expect((await staffList()).find((member) => member.id === admin.id)).toMatchObject({
      role: 'admin',
      disabled: false,
    });
    // Another administrator may.
    const colleague = await createTestStaff(test.database.orm, clinic.id, 'admin');
    const changed = await inject('PATCH', `/api/admin/staff/${colleague.id}`, { role: 'supervisor' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: colleague.id, role: 'supervisor' });
  });

  it('ends every session of a disabled account at once; re-enabling lets the person sign in again', async () => {
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const laptop = await signInHeaders(server.app, agent.email);
    const phone = await signInHeaders(server.app, agent.email);
    const disabled = await inject('PATCH', `/api/admin/staff/${agent.id}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ disabled: true, liveSessions: 0 });
    for (const headers of [laptop, phone])
      expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    await expect(signInHeaders(server.app, agent.email)).rejects.toThrow(/sign-in failed \(401\)/);
    expect((await auditEvents('staff.updated')).at(-1)).toEqual({
      resource_id: agent.id,
      details: { disabled: { from: false, to: true }, endedSessions: 2 },
    });
    expect((await inject('PATCH', `/api/admin/staff/${agent.id}`, { disabled: false })).json()).toMatchObject(
      { disabled: false },
    );
    const back = await signInHeaders(server.app, agent.email);
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: back })).statusCode).toBe(
      200,
    );
  });

  it('applies a new role from the next request on', async () => {
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const headers = await signInHeaders(server.app, agent.email);
    expect((await inject('GET', '/api/admin/staff', undefined, headers)).statusCode).toBe(403);
    await inject('PATCH', `/api/admin/staff/${agent.id}`, { role: 'supervisor' });
    expect((await inject('GET', '/api/admin/staff', undefined, headers)).statusCode).toBe(200);
    expect((await auditEvents('staff.updated')).at(-1)!.details).toEqual({
      role: { from: 'agent', to: 'supervisor' },
      endedSessions: 0,
    });
  });

  it("resets a lost phone's two-step sign-in and signs a person out everywhere", async () => {
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    await test.database.orm
      .update(staffMembers)
      .set({ mfaEnabledAt: new Date(), mfaSecretEncrypted: 'pd1.test1.x.y' })
      .where(eq(staffMembers.id, agent.id));
    const reset = await inject('POST', `/api/admin/staff/${agent.id}/reset-mfa`);
    expect(reset.json()).toEqual({ endedSessions: 0 });
    const [row] = await test.database.orm
      .select({ secret: staffMembers.mfaSecretEncrypted, enabled: staffMembers.mfaEnabledAt })
      .from(staffMembers)
      .where(eq(staffMembers.id, agent.id));
    expect(row).toEqual({ secret: null, enabled: null });

    const first = await signInHeaders(server.app, agent.email);
    await signInHeaders(server.app, agent.email);
    const everywhere = await inject('POST', `/api/admin/staff/${agent.id}/sign-out-everywhere`);
    expect(everywhere.json()).toEqual({ endedSessions: 2 });
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: first })).statusCode).toBe(
      401,
    );
    expect(await auditEvents('staff.signed-out-everywhere')).toEqual([
      { resource_id: agent.id, details: { endedSessions: 2 } },
    ]);
  });

  it("answers 404 for another organisation's staff, and changes nothing there", async () => {
    const outsiderSession = await signInHeaders(server.app, outsider.email);
    for (const [method, url, payload] of [
      ['PATCH', `/api/admin/staff/${outsider.id}`, { disabled: true }],
      ['POST', `/api/admin/staff/${outsider.id}/reset-mfa`, undefined],
      ['POST', `/api/admin/staff/${outsider.id}/sign-out-everywhere`, undefined],
      ['POST', `/api/admin/staff/${outsider.id}/invitation`, undefined],
    ] as const) {
      const response = await inject(method, url, payload);
      expect(response.statusCode, url).toBe(404);
    }
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: outsiderSession })).statusCode,
    ).toBe(200);
  });
});
