import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClinic,
  createTestStaff,
  signInCookie,
  signInHeaders,
  testPassword,
} from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { staffMembers } from '../staff/schema.ts';
import { sessions } from './schema.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

describe('staff sign-in and sessions', () => {
  let test: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const signIn = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('signs in with email and password, in a secure cookie, and says who is signed in', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Maple Street Clinic');
    const staff = await createTestStaff(test.database.orm, clinic.id, 'scheduler');
    const response = await signIn(staff.email.toUpperCase(), testPassword);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'staff',
      email: staff.email,
      role: 'scheduler',
      organization: { slug: clinic.slug, name: 'Maple Street Clinic' },
    });
    const cookie = response.cookies.find((c) => c.name === 'pd_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await server.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `pd_session=${cookie.value}` },
    });
    expect(me.json()).toMatchObject({ id: staff.id, displayName: 'Test scheduler' });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const wrongPassword = await signIn(staff.email, 'not the password');
    const unknownEmail = await signIn('nobody@clinic.test', testPassword);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json().error.message).toBe(unknownEmail.json().error.message);
    expect(wrongPassword.cookies).toEqual([]);
  });

  it('refuses a disabled account', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    await test.database.orm
      .update(staffMembers)
      .set({ disabledAt: new Date() })
      .where(eq(staffMembers.id, staff.id));
    expect((await signIn(staff.email, testPassword)).statusCode).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const cookie = await signInCookie(server.app, staff.email);
    const token = cookie.split('=')[1]!;
    const [stored] = await test.database.orm.select().from(sessions).where(eq(sessions.subjectId, staff.id));
    expect(stored!.tokenHash.length).toBe(32);
    expect(stored!.tokenHash.toString('base64url')).not.toBe(token);
  });

  it('ends the session on sign-out', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const headers = await signInHeaders(server.app, staff.email);
    const { cookie } = headers;
    const forged = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_token_invalid');
    const signOut = await server.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers });
    expect(signOut.statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('ends a session that has been idle past its deadline, and one past its absolute lifetime', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const idle = await createTestStaff(test.database.orm, clinic.id);
    const old = await createTestStaff(test.database.orm, clinic.id);
    const idleCookie = await signInCookie(server.app, idle.email);
    const oldCookie = await signInCookie(server.app, old.email);
    const past = new Date(Date.now() - 1000);
    await test.database.orm
      .update(sessions)
      .set({ idleExpiresAt: past })
      .where(eq(sessions.subjectId, idle.id));
    await test.database.orm.update(sessions).set({ expiresAt: past }).where(eq(sessions.subjectId, old.id));
    for (const cookie of [idleCookie, oldCookie]) {
      const response = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toMatch(/session has ended/);
    }
  });

  it('pushes the idle deadline forward when the staff member is active', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const cookie = await signInCookie(server.app, staff.email);
    const soon = new Date(Date.now() + 60_000);
    const aWhileAgo = new Date(Date.now() - 5 * 60_000);
    await test.database.orm
      .update(sessions)
      .set({ idleExpiresAt: soon, lastSeenAt: aWhileAgo })
      .where(eq(sessions.subjectId, staff.id));
    await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    const [session] = await test.database.orm.select().from(sessions).where(eq(sessions.subjectId, staff.id));
    // Default idle timeout is 15 minutes from now.
    expect(session!.idleExpiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('slows down password guessing from one address with 429', async () => {
    const statuses: number[] = [];
    // A different email each time, so the per-account lock does not answer first.
    for (let attempt = 0; attempt < 22; attempt++) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '203.0.113.9',
        payload: { email: `guess-${attempt}@clinic.test`, password: `guess-${attempt}` },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json().error).toMatchObject({
          code: 'rate_limited',
          message: expect.stringMatching(/Wait .* and try again/),
        });
      }
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
