import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import {
  createTestClinic,
  createTestStaff,
  type SignedInHeaders,
  signInHeaders,
} from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../testing/test-server.ts';
import { startSession } from '../identity/sessions.ts';
import type { Organization } from '../organizations/service.ts';
import type { StaffMemberSummary } from '../staff/service.ts';

describe('sessions, API tokens, outbox and settings for administrators', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let admin: StaffMemberSummary;
  let adminHeaders: SignedInHeaders;
  let elsewhere: Organization;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Birch Clinic');
    admin = await createTestStaff(test.database.orm, clinic.id, 'admin');
    adminHeaders = await signInHeaders(server.app, admin.email);
    elsewhere = await createTestClinic(test.database.orm, 'Elsewhere');
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = adminHeaders,
  ) => server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const lastEvent = async (action: string) => {
    const { rows } = await test.database.query<{
      resource_id: string | null;
      details: Record<string, unknown>;
    }>(
      'select resource_id, details from audit_events where organization_id = $1 and action = $2 order by seq desc limit 1',
      [clinic.id, action],
    );
    return rows[0];
  };

  it('lists live sessions, staff by name and portal users by a masked contact, and ends one on request', async () => {
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const agentHeaders = await signInHeaders(server.app, agent.email);
    const patientId = randomUUID();
    await startSession(test.database.orm, testConfig().sessions, {
      organizationId: clinic.id,
      subjectType: 'patient',
      subjectId: patientId,
      authenticatedBy: 'one-time-code',
      portalContact: 'email:jane.doe@example.com',
    });
    const outsider = await createTestStaff(test.database.orm, elsewhere.id, 'agent');
    await signInHeaders(server.app, outsider.email);

    const listed = (await inject('GET', '/api/admin/sessions')).json().items as {
      id: string;
      subject: { type: string; id: string; label: string };
    }[];
    expect(listed.map((session) => session.subject)).toEqual(
      expect.arrayContaining([
        { type: 'staff', id: agent.id, label: 'Test agent' },
        { type: 'staff', id: admin.id, label: 'Test admin' },
        { type: 'patient', id: patientId, label: 'email j…@example.com' },
      ]),
    );
    expect(JSON.stringify(listed)).not.toContain('jane.doe');
    expect(listed.map((session) => session.subject.id)).not.toContain(outsider.id);

    const agentSession = listed.find((session) => session.subject.id === agent.id)!;
    expect((await inject('DELETE', `/api/admin/sessions/${agentSession.id}`)).statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: agentHeaders })).statusCode,
    ).toBe(401);
    expect((await inject('DELETE', `/api/admin/sessions/${agentSession.id}`)).statusCode).toBe(404);
    expect(await lastEvent('session.ended')).toEqual({
      resource_id: agentSession.id,
      details: { subjectType: 'staff', subjectId: agent.id },
    });
  });

  it('creates an API token shown once, which acts as its staff member until revoked', async () => {
    const scheduler = await createTestStaff(test.database.orm, clinic.id, 'scheduler');
    const created = await inject('POST', '/api/admin/api-tokens', {
      staffMemberId: scheduler.id,
      name: 'booking sync',
    });
    expect(created.statusCode).toBe(201);
    const { id, token, expiresAt } = created.json();
    expect(token).toMatch(/^pdt_[\w-]{40,}$/);
    // 90 days unless asked otherwise.
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ id: scheduler.id, role: 'scheduler' });
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/admin/staff', headers: bearer })).statusCode,
    ).toBe(403);

    const listed = (await inject('GET', '/api/admin/api-tokens')).json().items;
    expect(listed[0]).toMatchObject({
      id,
      name: 'booking sync',
      tokenPrefix: token.slice(0, 10),
      staffMember: { id: scheduler.id, email: scheduler.email },
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(await lastEvent('api-token.created')).toMatchObject({
      resource_id: id,
      details: { staffMemberId: scheduler.id, name: 'booking sync' },
    });

    expect((await inject('DELETE', `/api/admin/api-tokens/${id}`)).statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode,
    ).toBe(401);
    expect((await inject('DELETE', `/api/admin/api-tokens/${id}`)).statusCode).toBe(404);
    expect(await lastEvent('api-token.revoked')).toMatchObject({ resource_id: id });

    const forever = await inject('POST', '/api/admin/api-tokens', {
      staffMemberId: scheduler.id,
      name: 'forever',
      expiresInDays: null,
    });
    expect(forever.json().expiresAt).toBeNull();
  });

  it("refuses a token for another organisation's staff, and leaves tokens to administrators", async () => {
    const outsider = await createTestStaff(test.database.orm, elsewhere.id, 'admin');
    const theirs = await inject('POST', '/api/admin/api-tokens', {
      staffMemberId: outsider.id,
      name: 'sneaky',
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.message).toBe(
      'There is no active staff member with this id in your organisation.',
    );
    const supervisor = await createTestStaff(test.database.orm, clinic.id, 'supervisor');
    const supervisorHeaders = await signInHeaders(server.app, supervisor.email);
    expect((await inject('GET', '/api/admin/api-tokens', undefined, supervisorHeaders)).statusCode).toBe(403);
    expect((await inject('GET', '/api/admin/sessions', undefined, supervisorHeaders)).statusCode).toBe(403);
  });

  it('shows the outbox decrypted, newest first, and records that it was read', async () => {
    await inject('POST', '/api/admin/staff/invitations', {
      email: `outbox-${randomUUID().slice(0, 8)}@clinic.test`,
      displayName: 'Olive Outbox',
      role: 'billing',
    });
    const response = await inject('GET', '/api/admin/outbox?limit=1');
    expect(response.statusCode).toBe(200);
    const [message] = response.json().items;
    expect(message).toMatchObject({ channel: 'email', purpose: 'staff-invitation' });
    expect(message.body).toMatch(/^Hello Olive Outbox,/);
    expect(await lastEvent('outbox.read')).toMatchObject({ details: { messages: 1 } });
  });

  it('changes the security settings, refusing an adolescent age above the adult age', async () => {
    expect((await inject('GET', '/api/admin/settings')).json()).toEqual({
      requireStaffMfa: false,
      proxyAdolescentAge: 12,
      proxyAdultAge: 18,
    });
    const backwards = await inject('PUT', '/api/admin/settings', {
      requireStaffMfa: true,
      proxyAdolescentAge: 19,
      proxyAdultAge: 16,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toEqual([
      { field: 'body.proxyAdolescentAge', message: 'The adolescent age cannot be above the adult age.' },
    ]);
    const tooOld = await inject('PUT', '/api/admin/settings', {
      requireStaffMfa: true,
      proxyAdolescentAge: 12,
      proxyAdultAge: 30,
    });
    expect(tooOld.json().error.details).toEqual([
      { field: 'body.proxyAdultAge', message: 'The adult age must be between 1 and 25' },
    ]);
    const saved = await inject('PUT', '/api/admin/settings', {
      requireStaffMfa: true,
      proxyAdolescentAge: 13,
      proxyAdultAge: 19,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ requireStaffMfa: true, proxyAdolescentAge: 13, proxyAdultAge: 19 });
    expect(await lastEvent('organization.settings-updated')).toMatchObject({
      resource_id: clinic.id,
      details: {
        before: { requireStaffMfa: false, proxyAdolescentAge: 12, proxyAdultAge: 18 },
        after: { requireStaffMfa: true, proxyAdolescentAge: 13, proxyAdultAge: 19 },
      },
    });
    // Turning two-step sign-in on sends staff without it to enrol first, this admin included.
    expect((await inject('GET', '/api/admin/settings')).json().error.code).toBe('mfa_enrollment_required');
  });
});
