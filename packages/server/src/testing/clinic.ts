import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Orm } from '../db/connection.ts';
import { createOrganization, type Organization } from '../domains/organizations/service.ts';
import type { StaffRole } from '../domains/staff/schema.ts';
import { createStaffMember, type StaffMemberSummary } from '../domains/staff/service.ts';

export const testPassword = 'correct horse battery staple';

/**
 * A small clinic for a test: one organisation with a unique slug. Two-step sign-in is off unless
 * the test asks for it, so tests about other things can sign in with a password alone.
 */
export async function createTestClinic(
  orm: Orm,
  name = 'Lakeside Clinic',
  options: { requireStaffMfa?: boolean } = {},
): Promise<Organization> {
  const slug = `clinic-${randomBytes(4).toString('hex')}`;
  return createOrganization(orm, {
    slug,
    name,
    timeZone: 'America/New_York',
    requireStaffMfa: options.requireStaffMfa ?? false,
  });
}

/** A staff member of the clinic with `testPassword`. */
export async function createTestStaff(
  orm: Orm,
  organizationId: string,
  role: StaffRole = 'agent',
): Promise<StaffMemberSummary> {
  return createStaffMember(orm, {
    organizationId,
    email: `${role}-${randomBytes(4).toString('hex')}@clinic.test`,
    displayName: `Test ${role}`,
    role,
    password: testPassword,
  });
}

/** The headers a signed-in browser sends: both cookies, and the CSRF token for changes. */
export interface SignedInHeaders extends Record<string, string> {
  cookie: string;
  'x-csrf-token': string;
}

/** Signs in through the API and returns the Cookie header for later requests. */
export async function signInCookie(
  app: FastifyInstance,
  email: string,
  password = testPassword,
): Promise<string> {
  return (await signInHeaders(app, email, password)).cookie;
}

/** Signs in through the API and returns the headers for later requests, reads and changes alike. */
export async function signInHeaders(
  app: FastifyInstance,
  email: string,
  password = testPassword,
): Promise<SignedInHeaders> {
  // Each test sign-in comes from its own address, so a test file never meets the sign-in rate limit.
  const remoteAddress = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { email, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed (${response.statusCode}): ${response.body}`);
  const session = response.cookies.find((c) => c.name === 'pd_session');
  const csrf = response.cookies.find((c) => c.name === 'pd_csrf');
  if (!session || !csrf) throw new Error('sign-in set no session cookie');
  return { cookie: `pd_session=${session.value}; pd_csrf=${csrf.value}`, 'x-csrf-token': csrf.value };
}
