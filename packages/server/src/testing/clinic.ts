import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Orm } from '../db/connection.ts';
import { createOrganization, type Organization } from '../domains/organizations/service.ts';
import type { StaffRole } from '../domains/staff/schema.ts';
import { createStaffMember, type StaffMemberSummary } from '../domains/staff/service.ts';

export const testPassword = 'correct horse battery staple';

/** A small clinic for a test: one organisation with a unique slug. */
export async function createTestClinic(orm: Orm, name = 'Lakeside Clinic'): Promise<Organization> {
  const slug = `clinic-${randomBytes(4).toString('hex')}`;
  return createOrganization(orm, { slug, name, timeZone: 'America/New_York' });
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

/** Signs in through the API and returns the Cookie header for later requests. */
export async function signInCookie(
  app: FastifyInstance,
  email: string,
  password = testPassword,
): Promise<string> {
  // Each test sign-in comes from its own address, so a test file never meets the sign-in rate limit.
  const remoteAddress = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/staff/sign-in',
    remoteAddress,
    payload: { email, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed (${response.statusCode}): ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'pd_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  return `pd_session=${cookie.value}`;
}
