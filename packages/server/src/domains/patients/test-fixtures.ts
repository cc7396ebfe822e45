import { and, desc, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import type { Orm } from '../../db/connection.ts';
import type { RunningServer } from '../../main.ts';
import { createTestStaff, type SignedInHeaders, signInHeaders } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { auditEvents } from '../audit/schema.ts';
import { parsePortalContact } from '../identity/portal-contact.ts';
import { listOutbox } from '../outbox/service.ts';
import type { StaffRole } from '../staff/schema.ts';
import { patients } from './schema.ts';
import type { NewPatient } from './service.ts';

/** Helpers for the patient API tests (not a test file itself). */

let addresses = 0;
/** A fresh client address per sign-in, so tests never meet the sign-in rate limits. */
const nextAddress = () => `198.18.${Math.floor(++addresses / 250) % 250}.${(addresses % 250) + 1}`;

/** A patient of the clinic, with defaults for whatever the test does not care about. */
export async function addPatient(
  orm: Orm,
  organizationId: string,
  fields: Partial<NewPatient> & Pick<NewPatient, 'givenName' | 'familyName'>,
): Promise<typeof patients.$inferSelect> {
  const [row] = await orm
    .insert(patients)
    .values({
      organizationId,
      mrn: `T-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      birthDate: '1980-01-01',
      ...fields,
    })
    .returning();
  return row!;
}

/** A staff member of this role, signed in: the headers to send. */
export async function signedInStaff(
  server: RunningServer,
  organizationId: string,
  role: StaffRole,
): Promise<SignedInHeaders & { staffMemberId: string }> {
  const staff = await createTestStaff(server.database.orm, organizationId, role);
  return { ...(await signInHeaders(server.app, staff.email)), staffMemberId: staff.id };
}

/** Signs a patient or proxy in to the portal with a one-time code from the outbox. */
export async function signedInPortalUser(
  server: RunningServer,
  organization: { id: string; slug: string },
  contact: string,
): Promise<SignedInHeaders> {
  await server.app.inject({
    method: 'POST',
    url: '/api/auth/portal/request-code',
    remoteAddress: nextAddress(),
    payload: { organization: organization.slug, contact },
  });
  const recipient = parsePortalContact(contact).value;
  const messages = await listOutbox(server.database.orm, testCipher(), organization.id);
  const message = messages.find((m) => m.purpose === 'portal-sign-in-code' && m.recipient === recipient);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`no sign-in code was sent to ${contact}`);
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/portal/verify-code',
    remoteAddress: nextAddress(),
    payload: { organization: organization.slug, contact, code },
  });
  if (response.statusCode !== 200) throw new Error(`portal sign-in failed: ${response.body}`);
  const session = response.cookies.find((c) => c.name === 'pd_session')!;
  const csrf = response.cookies.find((c) => c.name === 'pd_csrf')!;
  return { cookie: `pd_session=${session.value}; pd_csrf=${csrf.value}`, 'x-csrf-token': csrf.value };
}

/** Sends one API request as a signed-in person. */
export function callAs(server: RunningServer, headers: SignedInHeaders) {
  return (method: InjectOptions['method'], url: string, payload?: unknown) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: headers.cookie, 'x-csrf-token': headers['x-csrf-token'] },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
}

/** The organisation's audit events of one action, newest first. */
export async function auditEventsOf(orm: Orm, organizationId: string, action: string) {
  return orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.seq));
}
