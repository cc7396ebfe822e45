import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../domains/access/actor.ts';
import { csrfTokenFor } from '../domains/identity/csrf.ts';
import { startSession } from '../domains/identity/sessions.ts';
import { patients, proxies, proxyAuthorizations } from '../domains/patients/schema.ts';
import { staffRoles } from '../domains/staff/schema.ts';
import type { RunningServer } from '../main.ts';
import { createTestClinic, createTestStaff } from '../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer } from '../testing/test-server.ts';

/**
 * Every API route x every role: who may call it. This table is the specification, written by
 * hand; the test reads the server's own route table, so a route added without a line here fails
 * until someone decides who may use it. "Allowed" means the route let the caller in (any answer
 * but 401/403: a 404 for a made-up id or a 400 for an empty body still means the door opened);
 * "denied" means 403. Everyone signed out gets 401. A staff member of another organisation must
 * never reach this organisation's records, and a patient never another patient's.
 */
type Caller = Role;
const staff = [...staffRoles] as Caller[];
const everyone: Caller[] = [...staff, 'patient', 'proxy'];
const portal: Caller[] = ['patient', 'proxy'];
const readers: Caller[] = ['agent', 'scheduler', 'billing', 'clinician', 'supervisor'];
const registrars: Caller[] = ['agent', 'scheduler', 'supervisor'];
const coverageKeepers: Caller[] = ['scheduler', 'billing', 'supervisor'];
const kbReaders: Caller[] = [...readers, 'admin'];
const kbEditors: Caller[] = ['supervisor', 'admin'];
const scheduleReaders: Caller[] = [...readers, 'admin'];
const scheduleManagers: Caller[] = ['scheduler', 'supervisor', 'admin'];

const matrix: Record<string, Caller[]> = {
  'GET /api/auth/me': everyone,
  'POST /api/auth/sign-out': everyone,
  'POST /api/auth/sign-out-everywhere': everyone,
  'GET /api/auth/sessions': everyone,
  'POST /api/auth/mfa/enrollment': staff,
  'POST /api/auth/mfa/enrollment/confirm': staff,
  'POST /api/auth/mfa/recovery-codes': staff,
  'GET /api/organization': staff,
  'GET /api/live': staff,
  'PUT /api/staff/me/availability': staff,
  'GET /api/audit': ['compliance', 'admin'],
  'GET /api/audit/export.csv': ['compliance', 'admin'],
  'POST /api/audit/verify': ['compliance', 'admin'],
  'GET /api/audit/emergency-accesses': ['compliance'],
  'POST /api/audit/emergency-accesses/:id/review': ['compliance'],
  'GET /api/admin/staff': ['supervisor', 'compliance', 'admin'],
  'POST /api/admin/staff/invitations': ['admin'],
  'POST /api/admin/staff/:id/invitation': ['admin'],
  'PATCH /api/admin/staff/:id': ['admin'],
  'POST /api/admin/staff/:id/reset-mfa': ['admin'],
  'POST /api/admin/staff/:id/sign-out-everywhere': ['admin'],
  'GET /api/admin/sessions': ['admin'],
  'DELETE /api/admin/sessions/:id': ['admin'],
  'GET /api/admin/api-tokens': ['admin'],
  'POST /api/admin/api-tokens': ['admin'],
  'DELETE /api/admin/api-tokens/:id': ['admin'],
  'GET /api/admin/outbox': ['admin'],
  'GET /api/admin/outbox/:id/attachments/:index': ['admin'],
  'POST /api/admin/outbox/simulated-inbound': ['admin'],
  'GET /api/admin/channel-endpoints': ['supervisor', 'admin'],
  'GET /api/admin/settings': ['admin'],
  'PUT /api/admin/settings': ['admin'],
  'GET /api/patients': readers,
  'POST /api/patients': registrars,
  'GET /api/patients/:id': readers,
  'PATCH /api/patients/:id': registrars,
  'POST /api/patients/:id/contact-points': registrars,
  'DELETE /api/patients/:id/contact-points/:pointId': registrars,
  'POST /api/patients/:id/contact-points/:pointId/verify': registrars,
  'PUT /api/patients/:id/consents/:channel': registrars,
  'POST /api/patients/:id/coverages': coverageKeepers,
  'PATCH /api/patients/:id/coverages/:coverageId': coverageKeepers,
  'DELETE /api/patients/:id/coverages/:coverageId': coverageKeepers,
  // Everyone who reads the record may add an administrative note; clinical notes are checked per note.
  'POST /api/patients/:id/notes': readers,
  'POST /api/patients/:id/verifications': readers,
  'GET /api/patients/:id/verifications/current': readers,
  'POST /api/patients/:id/emergency-access': staff,
  'POST /api/patients/:id/merge': ['supervisor'],
  'GET /api/patients/:id/access-history': ['supervisor', 'compliance'],
  // The inbox is worked by everyone who answers patients; compliance and admins audit it instead.
  'GET /api/conversations': readers,
  'GET /api/conversations/:id': readers,
  'PATCH /api/conversations/:id': readers,
  'GET /api/conversations/:id/messages': readers,
  'POST /api/conversations/:id/messages': readers,
  'GET /api/conversations/:id/timeline': readers,
  'POST /api/conversations/:id/verify-identity': readers,
  'POST /api/conversations/:id/typing': readers,
  'POST /api/conversations/:id/attachments': readers,
  'GET /api/conversations/:id/attachments/:attachmentId': readers,
  'POST /api/conversations/:id/saved-replies/:savedReplyId/render': readers,
  'POST /api/conversations/:id/reply-check': readers,
  // Triage reads no record, so every staff member (and API token) may run a text through it;
  // correcting one is a clinical judgement.
  'POST /api/triage': staff,
  'POST /api/conversations/:id/messages/:messageId/triage-correction': ['clinician', 'supervisor'],
  'GET /api/triage/safety-settings': ['supervisor', 'admin'],
  'PUT /api/triage/safety-settings': ['supervisor', 'admin'],
  'GET /api/assistant/settings': ['supervisor', 'admin'],
  'PUT /api/assistant/settings': ['supervisor', 'admin'],
  'GET /api/assistant/deflection': ['supervisor'],
  'GET /api/inbox/frequent-requests': ['supervisor'],
  // Personal replies for everyone who answers; shared ones also need saved-replies.manage-shared.
  'GET /api/saved-replies': readers,
  'POST /api/saved-replies': readers,
  'PATCH /api/saved-replies/:id': readers,
  'DELETE /api/saved-replies/:id': readers,
  // Help articles: everyone who answers patients (and admins) reads them; supervisors and admins write.
  'GET /api/kb/articles': kbReaders,
  'POST /api/kb/articles': kbEditors,
  'GET /api/kb/articles/:id': kbReaders,
  'PATCH /api/kb/articles/:id': kbEditors,
  'POST /api/kb/articles/:id/publish': kbEditors,
  'POST /api/kb/articles/:id/unpublish': kbEditors,
  'POST /api/kb/articles/:id/archive': kbEditors,
  'POST /api/kb/preview': kbReaders,
  'GET /api/kb/synonyms': kbReaders,
  'POST /api/kb/synonyms': kbEditors,
  'DELETE /api/kb/synonyms/:id': kbEditors,
  'GET /api/inbox/people': readers,
  'GET /api/inbox/overview': ['supervisor'],
  'GET /api/portal/patients': portal,
  // The matrix's proxy holds scheduling and records for the child, not messaging.
  'GET /api/portal/patients/:id/profile': portal,
  'PATCH /api/portal/patients/:id/profile': portal,
  'PUT /api/portal/patients/:id/preferences': ['patient'],
  'GET /api/portal/conversations': portal,
  'GET /api/portal/conversations/:id': portal,
  'POST /api/portal/messages': portal,
  // Scheduling: the front desk books for patients; record readers see appointments.
  'POST /api/appointments/holds': registrars,
  'POST /api/appointments/:id/confirm': registrars,
  'POST /api/appointments/:id/reschedule': registrars,
  'POST /api/appointments/:id/cancel': registrars,
  'GET /api/appointments/:id': readers,
  'GET /api/appointments/:id/calendar.ics': readers,
  'GET /api/patients/:id/appointments': readers,
  // The matrix's proxy holds the scheduling scope for the child.
  'POST /api/portal/appointments/holds': portal,
  'POST /api/portal/appointments/:id/confirm': portal,
  'POST /api/portal/appointments/:id/reschedule': portal,
  'POST /api/portal/appointments/:id/cancel': portal,
  'GET /api/portal/appointments/:id': portal,
  'GET /api/portal/appointments/:id/calendar.ics': portal,
  'GET /api/portal/patients/:id/appointments': portal,
  // Waitlist: the front desk puts patients on it and takes them off; record readers see it.
  'POST /api/waitlist': registrars,
  'GET /api/waitlist': readers,
  'GET /api/patients/:id/waitlist': readers,
  'POST /api/waitlist/:id/withdraw': registrars,
  // The matrix's proxy holds the scheduling scope for the child.
  'POST /api/portal/waitlist': portal,
  'GET /api/portal/patients/:id/waitlist': portal,
  'POST /api/portal/waitlist/:id/withdraw': portal,
  // A provider's unexpected time off: who manages schedules marks it and follows the rebooking.
  'GET /api/providers/:id/unavailability/preview': ['scheduler', 'supervisor', 'admin'],
  'POST /api/providers/:id/unavailability': ['scheduler', 'supervisor', 'admin'],
  'GET /api/providers/:id/unavailability': ['scheduler', 'supervisor', 'admin'],
  'GET /api/providers/:id/unavailability/:exceptionId': ['scheduler', 'supervisor', 'admin'],
  // Arrival: schedule managers set up kiosks; record readers see the arrivals board; the front
  // desk checks patients in and marks no-shows; clinicians also mark visits seen.
  'POST /api/locations/:id/kiosks': ['scheduler', 'supervisor', 'admin'],
  'GET /api/locations/:id/kiosks': ['scheduler', 'supervisor', 'admin'],
  'DELETE /api/locations/:id/kiosks/:kioskId': ['scheduler', 'supervisor', 'admin'],
  'GET /api/locations/:id/arrivals': readers,
  'POST /api/appointments/:id/check-in': registrars,
  'POST /api/appointments/:id/seen': ['agent', 'scheduler', 'clinician', 'supervisor'],
  'POST /api/appointments/:id/no-show': registrars,
  'GET /api/scheduling/no-shows': ['scheduler', 'supervisor'],
  'GET /api/patients/:id/appointment-summary': readers,
  // Schedule management: schedulers, supervisors and admins change it; who works with it reads it.
  'GET /api/scheduling/appointment-types': scheduleReaders,
  'POST /api/scheduling/appointment-types': scheduleManagers,
  'PATCH /api/scheduling/appointment-types/:id': scheduleManagers,
  'GET /api/scheduling/providers': scheduleReaders,
  'GET /api/scheduling/providers/:id': scheduleReaders,
  'PATCH /api/scheduling/providers/:id': scheduleManagers,
  'GET /api/scheduling/providers/:id/rules': scheduleReaders,
  'POST /api/scheduling/providers/:id/rules': scheduleManagers,
  'PUT /api/scheduling/providers/:id/rules/:ruleId': scheduleManagers,
  'DELETE /api/scheduling/providers/:id/rules/:ruleId': scheduleManagers,
  'POST /api/scheduling/providers/:id/extra-hours': scheduleManagers,
  'DELETE /api/scheduling/providers/:id/extra-hours/:extraHoursId': scheduleManagers,
  'GET /api/scheduling/settings': scheduleReaders,
  'PUT /api/scheduling/settings': scheduleManagers,
  'GET /api/providers/:id/week': scheduleReaders,
  // FHIR facade: the directory, schedules and free slots hold no PHI; every staff member reads them.
  'GET /fhir/R4/Practitioner': staff,
  'GET /fhir/R4/Practitioner/:id': staff,
  'GET /fhir/R4/PractitionerRole': staff,
  'GET /fhir/R4/PractitionerRole/:id': staff,
  'GET /fhir/R4/Location': staff,
  'GET /fhir/R4/Location/:id': staff,
  'GET /fhir/R4/Schedule': staff,
  'GET /fhir/R4/Schedule/:id': staff,
  'GET /fhir/R4/Slot': staff,
  'GET /fhir/R4/Slot/:id': staff,
  // FHIR appointments are PHI: the same roles as the API's appointments.
  'GET /fhir/R4/Appointment': readers,
  'GET /fhir/R4/Appointment/:id': readers,
  'POST /fhir/R4/Appointment': registrars,
};

/** Routes whose ids point into one organisation's data: another organisation must get 403 or 404. */
const isAboutOneRecord = (url: string) => /:(id|patientId|staffId)\b/.test(url);

describe('the authorisation matrix: every route x every role', () => {
  let test: TestDatabase;
  let server: RunningServer;
  const callers = new Map<
    string,
    { organizationId: string; subject: { type: 'staff' | 'patient' | 'proxy'; id: string }; contact?: string }
  >();
  let ownPatientId: string;
  let childId: string;
  let strangerPatientId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Matrix Clinic');
    const otherClinic = await createTestClinic(orm, 'Other Clinic');
    for (const role of staffRoles) {
      const member = await createTestStaff(orm, clinic.id, role);
      callers.set(role, { organizationId: clinic.id, subject: { type: 'staff', id: member.id } });
    }
    const outsider = await createTestStaff(orm, otherClinic.id, 'admin');
    callers.set('other-organisation admin', {
      organizationId: otherClinic.id,
      subject: { type: 'staff', id: outsider.id },
    });

    const rows = await orm
      .insert(patients)
      .values([
        {
          organizationId: clinic.id,
          mrn: 'M-1',
          givenName: 'Pia',
          familyName: 'Self',
          birthDate: '1985-02-01',
          email: 'pia@example.com',
        },
        {
          organizationId: clinic.id,
          mrn: 'M-2',
          givenName: 'Kid',
          familyName: 'Child',
          birthDate: '2021-02-01',
        },
        {
          organizationId: clinic.id,
          mrn: 'M-3',
          givenName: 'Sol',
          familyName: 'Stranger',
          birthDate: '1970-02-01',
        },
      ])
      .returning({ id: patients.id, mrn: patients.mrn });
    ownPatientId = rows.find((row) => row.mrn === 'M-1')!.id;
    childId = rows.find((row) => row.mrn === 'M-2')!.id;
    strangerPatientId = rows.find((row) => row.mrn === 'M-3')!.id;
    const [parent] = await orm
      .insert(proxies)
      .values({ organizationId: clinic.id, givenName: 'Par', familyName: 'Ent', email: 'parent@example.com' })
      .returning({ id: proxies.id });
    await orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: parent!.id,
      patientId: childId,
      relationship: 'parent',
      scopes: ['scheduling', 'records'],
    });
    callers.set('patient', {
      organizationId: clinic.id,
      subject: { type: 'patient', id: ownPatientId },
      contact: 'email:pia@example.com',
    });
    callers.set('proxy', {
      organizationId: clinic.id,
      subject: { type: 'proxy', id: parent!.id },
      contact: 'email:parent@example.com',
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** A fresh session for the caller (some routes end the session they are called with). */
  async function headersFor(caller: string): Promise<Record<string, string>> {
    const who = callers.get(caller)!;
    const session = await startSession(
      test.database.orm,
      { idleMinutes: 15, maxHours: 12 },
      {
        organizationId: who.organizationId,
        subjectType: who.subject.type,
        subjectId: who.subject.id,
        authenticatedBy: who.contact ? 'one-time-code' : 'password',
        portalContact: who.contact,
      },
    );
    return { cookie: `pd_session=${session.token}`, 'x-csrf-token': csrfTokenFor(session.token) };
  }

  /** The address with its parameters filled in for a caller: their own patient where one is meant. */
  function addressFor(url: string, caller: string, options: { otherPatient?: boolean } = {}): string {
    const patientForCaller = options.otherPatient
      ? strangerPatientId
      : caller === 'proxy'
        ? childId
        : ownPatientId;
    return url.replace(/:(\w+)/g, (_match, name: string) => {
      if (name === 'id' || name === 'patientId')
        return url.includes('/patients/') ? patientForCaller : randomUUID();
      if (name === 'channel') return 'sms';
      return randomUUID();
    });
  }

  async function call(method: string, url: string, headers: Record<string, string> = {}) {
    const withBody = !['GET', 'DELETE'].includes(method);
    return server.app.inject({ method: method as 'GET', url, headers, ...(withBody ? { payload: {} } : {}) });
  }

  it('has a line for every route the server registers', () => {
    const registered = server.app.declaredRoutes
      .filter((route) => route.permission !== 'public')
      .map((route) => `${route.method} ${route.url}`);
    const missing = registered.filter((key) => !(key in matrix));
    const stale = Object.keys(matrix).filter((key) => !registered.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('lets in exactly the roles the matrix names, and nobody signed out', async () => {
    const mismatches: string[] = [];
    for (const route of server.app.declaredRoutes.filter((r) => r.permission !== 'public')) {
      const key = `${route.method} ${route.url}`;
      const allowed = matrix[key] ?? [];
      const anonymous = await call(route.method, addressFor(route.url, 'agent'));
      if (anonymous.statusCode !== 401)
        mismatches.push(`${key} signed out: ${anonymous.statusCode}, expected 401`);
      for (const role of everyone) {
        const response = await call(route.method, addressFor(route.url, role), await headersFor(role));
        const gotIn = response.statusCode !== 401 && response.statusCode !== 403;
        if (gotIn !== allowed.includes(role))
          mismatches.push(
            `${key} as ${role}: ${response.statusCode}, expected ${allowed.includes(role) ? 'allowed' : '403'}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    // Every route x every role, each with a fresh session: it grows with the API.
  }, 180_000);

  it("never lets a staff member of another organisation reach this organisation's records", async () => {
    const leaks: string[] = [];
    for (const route of server.app.declaredRoutes.filter(
      (r) => r.permission !== 'public' && isAboutOneRecord(r.url),
    )) {
      const response = await call(
        route.method,
        addressFor(route.url, 'agent'),
        await headersFor('other-organisation admin'),
      );
      if (response.statusCode < 400) leaks.push(`${route.method} ${route.url}: ${response.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('never lets a patient or proxy reach a patient they do not act for', async () => {
    const leaks: string[] = [];
    for (const route of server.app.declaredRoutes.filter((r) => r.url.startsWith('/api/portal/patients/:'))) {
      for (const role of portal) {
        const response = await call(
          route.method,
          addressFor(route.url, role, { otherPatient: true }),
          await headersFor(role),
        );
        if (response.statusCode !== 403)
          leaks.push(`${route.method} ${route.url} as ${role}: ${response.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
