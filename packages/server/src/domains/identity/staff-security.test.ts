import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders, testPassword } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { organizations } from '../organizations/schema.ts';
import { listOutbox } from '../outbox/service.ts';
import { staffMembers } from '../staff/schema.ts';

let address = 0;
/** Each call comes from its own address, so the per-address rate limit stays out of these tests. */
const nextAddress = () => `198.18.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

describe('staff sign-in security', () => {
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

  const login = (payload: Record<string, string>) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: nextAddress(), payload });
  const cookiesOf = (response: Awaited<ReturnType<typeof login>>) => {
    const session = response.cookies.find((c) => c.name === 'pd_session')!;
    const csrf = response.cookies.find((c) => c.name === 'pd_csrf')!;
    return { cookie: `pd_session=${session.value}; pd_csrf=${csrf.value}`, 'x-csrf-token': csrf.value };
  };

  it('leads staff of a clinic that requires two-step sign-in to enrol first, then asks for a code at every sign-in', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Strict Clinic', { requireStaffMfa: true });
    const agent = await createTestStaff(test.database.orm, clinic.id, 'agent');

    const first = await login({ email: agent.email, password: testPassword });
    expect(first.statusCode).toBe(200);
    expect(first.json().mfa).toEqual({
      enabled: false,
      required: true,
      enrollmentRequired: true,
      recoveryCodesLeft: 0,
    });
    const headers = cookiesOf(first);
    const blocked = await server.app.inject({ method: 'GET', url: '/api/organization', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrollment_required');

    const enrollment = await server.app.inject({ method: 'POST', url: '/api/auth/mfa/enrollment', headers });
    expect(enrollment.statusCode).toBe(200);
    const { secret, uri, qrCodeSvg } = enrollment.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(qrCodeSvg).toContain('<svg');
    const [stored] = await test.database.orm
      .select({ secret: staffMembers.mfaSecretEncrypted })
      .from(staffMembers)
      .where(eq(staffMembers.id, agent.id));
    expect(stored!.secret).not.toContain(secret);

    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrollment/confirm',
      headers,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    const now = Math.floor(Date.now() / 1000);
    const confirm = await server.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrollment/confirm',
      headers,
      payload: { code: await generate({ secret, epoch: now }) },
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect((await server.app.inject({ method: 'GET', url: '/api/organization', headers })).statusCode).toBe(
      200,
    );

    // The next sign-in needs the code; the password alone is told so.
    const passwordOnly = await login({ email: agent.email, password: testPassword });
    expect(passwordOnly.statusCode).toBe(401);
    expect(passwordOnly.json().error.code).toBe('mfa_required');
    // The code already used at enrolment is refused (no replays); the next one works.
    const replay = await login({
      email: agent.email,
      password: testPassword,
      code: await generate({ secret, epoch: now }),
    });
    expect(replay.statusCode).toBe(401);
    const next = await login({
      email: agent.email,
      password: testPassword,
      code: await generate({ secret, epoch: now + 30 }),
    });
    expect(next.statusCode).toBe(200);
    expect(next.json().mfa).toMatchObject({
      enabled: true,
      enrollmentRequired: false,
      recoveryCodesLeft: 10,
    });

    // A recovery code works once.
    const recovered = await login({ email: agent.email, password: testPassword, code: recoveryCodes[0] });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json().mfa.recoveryCodesLeft).toBe(9);
    expect(
      (await login({ email: agent.email, password: testPassword, code: recoveryCodes[0] })).statusCode,
    ).toBe(401);
  });

  it('locks an account after five failed sign-ins, even for the right password, and does the same for unknown emails', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    for (const email of [staff.email, 'nobody-here@clinic.test']) {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++)
        statuses.push((await login({ email, password: `wrong-${attempt}` })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const locked = await login({ email, password: testPassword });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error).toMatchObject({
        code: 'account_locked',
        message: expect.stringMatching(/Try again in 15 minutes, or reset your password/),
      });
    }
    const events = await test.database.query<{ outcome: string; details: { reason?: string } }>(
      `select outcome, details from audit_events where actor_id = $1 and action = 'auth.sign-in' order by seq`,
      [staff.id],
    );
    expect(events.rows.map((row) => row.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied']);
  });

  it('signs a person out everywhere, and resets a password by an emailed one-time link', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id, 'scheduler');
    const laptop = await signInHeaders(server.app, staff.email);
    const phone = await signInHeaders(server.app, staff.email);
    const everywhere = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out-everywhere',
      headers: phone,
    });
    expect(everywhere.json()).toEqual({ endedSessions: 2 });
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: laptop })).statusCode,
    ).toBe(401);

    const request = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      remoteAddress: nextAddress(),
      payload: { email: staff.email.toUpperCase() },
    });
    expect(request.statusCode).toBe(202);
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      remoteAddress: nextAddress(),
      payload: { email: 'nobody@clinic.test' },
    });
    expect(unknown.json()).toEqual(request.json());
    const { testCipher } = await import('../../testing/test-cipher.ts');
    const [mail] = await listOutbox(test.database.orm, testCipher(), clinic.id);
    expect(mail).toMatchObject({ channel: 'email', recipient: staff.email, purpose: 'password-reset' });
    const token = /#token=([\w-]+)/.exec(mail!.body)![1]!;

    const weak = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      remoteAddress: nextAddress(),
      payload: { token, password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].field).toBe('body.password');
    const done = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      remoteAddress: nextAddress(),
      payload: { token, password: 'a brand new long passphrase' },
    });
    expect(done.statusCode).toBe(204);
    expect((await login({ email: staff.email, password: testPassword })).statusCode).toBe(401);
    expect((await login({ email: staff.email, password: 'a brand new long passphrase' })).statusCode).toBe(
      200,
    );
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      remoteAddress: nextAddress(),
      payload: { token, password: 'yet another long passphrase' },
    });
    expect(again.statusCode).toBe(404);
  });

  it('refuses a change sent with the session cookie but without the CSRF token', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const headers = await signInHeaders(server.app, staff.email);
    const forged = await server.app.inject({
      method: 'PUT',
      url: '/api/staff/me/availability',
      headers: { cookie: headers.cookie, 'x-csrf-token': 'guessed' },
      payload: { availability: 'available' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_token_invalid');
    const [row] = await test.database.orm
      .select({ availability: staffMembers.availability })
      .from(staffMembers)
      .where(eq(staffMembers.id, staff.id));
    expect(row!.availability).toBe('offline');
  });

  it('lets a clinic switch the two-step requirement off, and says so at sign-in', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Relaxed', { requireStaffMfa: false });
    const [row] = await test.database.orm
      .select({ required: organizations.requireStaffMfa })
      .from(organizations)
      .where(eq(organizations.id, clinic.id));
    expect(row!.required).toBe(false);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const response = await login({ email: staff.email, password: testPassword });
    expect(response.json().mfa).toMatchObject({ required: false, enrollmentRequired: false });
  });
});
