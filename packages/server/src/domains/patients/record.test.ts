import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, type SignedInHeaders } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { patientCoverages, patientNotes, proxies, proxyAuthorizations } from './schema.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

type Role = 'agent' | 'billing' | 'clinician' | 'compliance' | 'supervisor';

describe("GET /api/patients/:id: the record, shaped by the reader's role", () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let patientId: string;
  let otherClinicPatientId: string;
  const staff = {} as Record<Role, SignedInHeaders & { staffMemberId: string }>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const cipher = testCipher();
    clinic = await createTestClinic(orm, 'Riverside Family Health');
    for (const role of ['agent', 'billing', 'clinician', 'compliance', 'supervisor'] as const)
      staff[role] = await signedInStaff(server, clinic.id, role);
    const patient = await addPatient(orm, clinic.id, {
      givenName: 'Grace',
      familyName: 'Okafor',
      pronouns: 'she/her',
      phone: '555-010-7000',
      email: 'grace@example.com',
      addressLine: '12 Elm Street',
      city: 'Springfield',
      quietHoursStart: '21:00',
      quietHoursEnd: '08:00',
      governmentIdEncrypted: cipher.encrypt('patients.government_id', '123-45-6789'),
    });
    patientId = patient.id;
    await orm.insert(patientCoverages).values({
      organizationId: clinic.id,
      patientId,
      payerName: 'Blue Harbor Health',
      planName: 'PPO Gold',
      memberNumberEncrypted: cipher.encrypt('patient_coverages.member_number', 'BHH-99887766'),
      validFrom: '2026-01-01',
    });
    await orm.insert(patientNotes).values([
      {
        organizationId: clinic.id,
        patientId,
        kind: 'administrative',
        bodyEncrypted: cipher.encrypt('patient_notes.body', 'Prefers morning calls.'),
        authorStaffId: staff.agent.staffMemberId,
      },
      {
        organizationId: clinic.id,
        patientId,
        kind: 'clinical',
        bodyEncrypted: cipher.encrypt('patient_notes.body', 'Penicillin allergy (hives).'),
        authorStaffId: staff.clinician.staffMemberId,
      },
    ]);
    const [proxy] = await orm
      .insert(proxies)
      .values({ organizationId: clinic.id, givenName: 'Chidi', familyName: 'Okafor' })
      .returning();
    await orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: proxy!.id,
      patientId,
      relationship: 'spouse',
      scopes: ['scheduling'],
    });
    const other = await createTestClinic(orm, 'Other Clinic');
    otherClinicPatientId = (await addPatient(orm, other.id, { givenName: 'Grace', familyName: 'Okafor' })).id;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const read = (role: Role, id = patientId) => callAs(server, staff[role])('GET', `/api/patients/${id}`);

  it('shows everyone who reads records the demographics, contact details, consents and proxies', async () => {
    const response = await read('agent');
    expect(response.statusCode).toBe(200);
    const record = response.json();
    expect(record.demographics).toMatchObject({
      givenName: 'Grace',
      familyName: 'Okafor',
      pronouns: 'she/her',
    });
    expect(record.contact).toMatchObject({
      address: { line: '12 Elm Street', city: 'Springfield' },
      quietHours: { start: '21:00', end: '08:00' },
    });
    // The trigger made the primary phone and email contact points.
    expect(record.contact.contactPoints).toEqual([
      expect.objectContaining({ kind: 'phone', value: '555-010-7000', isPrimary: true, verifiedAt: null }),
      expect.objectContaining({ kind: 'email', value: 'grace@example.com', isPrimary: true }),
    ]);
    expect(record.proxies).toEqual([
      expect.objectContaining({ name: 'Chidi Okafor', relationship: 'spouse', scopes: ['scheduling'] }),
    ]);
    expect(record.access).toBe('role');
  });

  it('shows an agent neither coverage nor clinical notes, and says so', async () => {
    const record = (await read('agent')).json();
    expect(record.coverage).toBeNull();
    expect(record.clinicalNotes).toBeNull();
    expect(record.governmentId).toBeNull();
    expect(record.notes).toEqual([expect.objectContaining({ body: 'Prefers morning calls.' })]);
    expect(record.withheld).toEqual(['coverage', 'clinicalNotes', 'governmentId']);
    expect(JSON.stringify(record)).not.toContain('BHH-99887766');
  });

  it('shows billing the coverage with its member number and a masked government id, but no clinical notes', async () => {
    const record = (await read('billing')).json();
    expect(record.coverage).toEqual([
      expect.objectContaining({ payerName: 'Blue Harbor Health', memberNumber: 'BHH-99887766' }),
    ]);
    expect(record.governmentId).toEqual({ masked: '***-**-6789', lastFour: '6789' });
    expect(record.clinicalNotes).toBeNull();
    expect(record.withheld).toEqual(['clinicalNotes']);
  });

  it('shows a clinician the clinical notes, not the coverage', async () => {
    const record = (await read('clinician')).json();
    expect(record.clinicalNotes).toEqual([
      expect.objectContaining({
        body: 'Penicillin allergy (hives).',
        author: expect.objectContaining({ displayName: 'Test clinician' }),
      }),
    ]);
    expect(record.coverage).toBeNull();
  });

  it('refuses compliance the record itself (they see the audit log instead), and records the refusal', async () => {
    const response = await read('compliance');
    expect(response.statusCode).toBe(403);
    const [denied] = await auditEventsOf(test.database.orm, clinic.id, 'patient.read').then((events) =>
      events.filter((event) => event.outcome === 'denied'),
    );
    expect(denied).toMatchObject({ actorRole: 'compliance', patientIds: [patientId] });
  });

  it("answers 404 for another clinic's patient and for an id that does not exist", async () => {
    for (const id of [otherClinicPatientId, randomUUID()]) {
      const response = await read('agent', id);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
      expect(response.body).not.toContain('Okafor');
    }
  });

  it('records every read with the patient it names', async () => {
    await read('billing');
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.read');
    expect(event).toMatchObject({
      outcome: 'allowed',
      actorRole: 'billing',
      patientIds: [patientId],
      resourceId: patientId,
      breakGlassReason: null,
    });
  });

  it('opens the whole record after breaking the glass, and the audit rows carry the reason', async () => {
    const agent = callAs(server, staff.agent);
    const tooShort = await agent('POST', `/api/patients/${patientId}/emergency-access`, { reason: 'urgent' });
    expect(tooShort.statusCode).toBe(400);

    const reason = 'Patient collapsed in the lobby; need allergies for EMS';
    const grant = await agent('POST', `/api/patients/${patientId}/emergency-access`, { reason });
    expect(grant.statusCode).toBe(201);
    expect(grant.json().opens).toEqual(['patient.coverage.read', 'patient.clinical-notes.read']);

    const record = (await read('agent')).json();
    expect(record.access).toBe('emergency-access');
    expect(record.withheld).toEqual([]);
    expect(record.clinicalNotes).toEqual([expect.objectContaining({ body: 'Penicillin allergy (hives).' })]);
    expect(record.coverage).toEqual([expect.objectContaining({ memberNumber: 'BHH-99887766' })]);

    const [brokeGlass] = await auditEventsOf(test.database.orm, clinic.id, 'patient.break-glass');
    expect(brokeGlass).toMatchObject({
      breakGlassReason: reason,
      patientIds: [patientId],
      actorRole: 'agent',
    });
    const [readEvent] = await auditEventsOf(test.database.orm, clinic.id, 'patient.read');
    expect(readEvent).toMatchObject({ breakGlassReason: reason, actorRole: 'agent', outcome: 'allowed' });
  });

  it('lets compliance break the glass too, which then opens the record to them', async () => {
    const compliance = callAs(server, staff.compliance);
    await compliance('POST', `/api/patients/${patientId}/emergency-access`, {
      reason: 'Subpoena review requested by counsel today',
    });
    const response = await read('compliance');
    expect(response.statusCode).toBe(200);
    expect(response.json().access).toBe('emergency-access');
  });

  it('shows supervisors and compliance who accessed the record, with break-the-glass reasons', async () => {
    const response = await callAs(server, staff.compliance)(
      'GET',
      `/api/patients/${patientId}/access-history`,
    );
    expect(response.statusCode).toBe(200);
    const items = response.json().items as {
      action: string;
      breakGlassReason: string | null;
      actor: { role: string };
    }[];
    expect(items.some((item) => item.action === 'patient.read' && item.actor.role === 'billing')).toBe(true);
    // Newest first: compliance broke the glass after the agent.
    expect(
      items.filter((item) => item.action === 'patient.break-glass').map((item) => item.breakGlassReason),
    ).toEqual([
      'Subpoena review requested by counsel today',
      'Patient collapsed in the lobby; need allergies for EMS',
    ]);
    const agentTry = await callAs(server, staff.agent)('GET', `/api/patients/${patientId}/access-history`);
    expect(agentTry.statusCode).toBe(403);
  });
});
