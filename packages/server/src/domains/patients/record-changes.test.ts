import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, type SignedInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { patientCoverages, patientNotes, patients } from './schema.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

describe('changing a patient record', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let patientId: string;
  let agent: ReturnType<typeof callAs>;
  let billing: ReturnType<typeof callAs>;
  let clinician: ReturnType<typeof callAs>;
  let agentHeaders: SignedInHeaders;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Riverside Family Health');
    agentHeaders = await signedInStaff(server, clinic.id, 'agent');
    agent = callAs(server, agentHeaders);
    billing = callAs(server, await signedInStaff(server, clinic.id, 'billing'));
    clinician = callAs(server, await signedInStaff(server, clinic.id, 'clinician'));
    patientId = (
      await addPatient(test.database.orm, clinic.id, {
        givenName: 'Omar',
        familyName: 'Haddad',
        phone: '555-010-5000',
        email: 'omar@example.com',
      })
    ).id;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const record = async () => (await billing('GET', `/api/patients/${patientId}`)).json();
  const phones = async () =>
    (await record()).contact.contactPoints.filter((point: { kind: string }) => point.kind === 'phone');

  describe('PATCH /api/patients/:id', () => {
    it('changes the details given, moves the primary phone along, and records the field names only', async () => {
      const response = await agent('PATCH', `/api/patients/${patientId}`, {
        preferredName: 'Omi',
        phone: '555-010-5001',
        quietHours: { start: '20:30', end: '07:00' },
        address: { line: '9 Harbor Way', postalCode: '01103' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ preferredName: 'Omi', phone: '555-010-5001' });
      const changed = await record();
      expect(changed.contact.quietHours).toEqual({ start: '20:30', end: '07:00' });
      expect(changed.contact.address).toMatchObject({ line: '9 Harbor Way', postalCode: '01103' });
      expect(await phones()).toEqual([expect.objectContaining({ value: '555-010-5001', isPrimary: true })]);
      const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.update');
      expect(event!.details).toEqual({
        fields: ['address.line', 'address.postalCode', 'phone', 'preferredName', 'quietHours'],
      });
      expect(JSON.stringify(event)).not.toContain('Harbor');
    });

    it('does not keep a number twice when another number of the record becomes the primary one', async () => {
      await agent('POST', `/api/patients/${patientId}/contact-points`, {
        kind: 'email',
        value: 'omar@work.example',
      });
      await agent('PATCH', `/api/patients/${patientId}`, { email: 'OMAR@work.example' });
      const emails = (await record()).contact.contactPoints.filter(
        (point: { kind: string }) => point.kind === 'email',
      );
      expect(emails).toEqual([expect.objectContaining({ value: 'OMAR@work.example', isPrimary: true })]);
    });

    it('names each bad field, and changes nothing', async () => {
      const response = await agent('PATCH', `/api/patients/${patientId}`, {
        givenName: 'Omar',
        birthDate: '1980-02-30',
        phone: '12',
        quietHours: { start: '25:00', end: '07:00' },
        favouriteColour: 'blue',
      });
      expect(response.statusCode).toBe(400);
      const fields = response.json().error.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(
        expect.arrayContaining(['body.birthDate', 'body.phone', 'body.quietHours.start', 'body']),
      );
      const [row] = await test.database.orm.select().from(patients).where(eq(patients.id, patientId));
      expect(row!.birthDate).toBe('1980-01-01');
    });
  });

  describe('contact points', () => {
    it('adds, verifies and removes another number, and makes a new primary one keeping the old', async () => {
      const added = await agent('POST', `/api/patients/${patientId}/contact-points`, {
        kind: 'phone',
        value: '555-010-5999',
        label: 'work',
      });
      expect(added.statusCode).toBe(201);
      const work = added.json();
      expect(work).toMatchObject({ isPrimary: false, label: 'work', verifiedAt: null });

      const again = await agent('POST', `/api/patients/${patientId}/contact-points`, {
        kind: 'phone',
        value: '(555) 010 5999',
      });
      expect(again.statusCode).toBe(409);

      const verified = await agent('POST', `/api/patients/${patientId}/contact-points/${work.id}/verify`);
      expect(verified.json().verifiedAt).toEqual(expect.any(String));

      // The verified work number becomes the primary one, and keeps its verification.
      const promoted = await agent('POST', `/api/patients/${patientId}/contact-points`, {
        kind: 'phone',
        value: '555-010-5999',
        isPrimary: true,
      });
      expect(promoted.statusCode).toBe(201);
      expect(promoted.json()).toMatchObject({ isPrimary: true, verifiedAt: expect.any(String) });
      const [row] = await test.database.orm.select().from(patients).where(eq(patients.id, patientId));
      expect(row!.phone).toBe('555-010-5999');
      const numbers = await phones();
      expect(
        numbers.map((point: { value: string; isPrimary: boolean }) => [point.value, point.isPrimary]),
      ).toEqual([
        ['555-010-5999', true],
        ['555-010-5001', false],
      ]);

      const primary = numbers.find((point: { isPrimary: boolean }) => point.isPrimary);
      const refused = await agent('DELETE', `/api/patients/${patientId}/contact-points/${primary.id}`);
      expect(refused.statusCode).toBe(409);
      const old = numbers.find((point: { isPrimary: boolean }) => !point.isPrimary);
      const removed = await agent('DELETE', `/api/patients/${patientId}/contact-points/${old.id}`);
      expect(removed.statusCode).toBe(204);
      expect(await phones()).toHaveLength(1);
    });

    it('needs the CSRF token of the session for a change', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/contact-points`,
        headers: { cookie: agentHeaders.cookie },
        payload: { kind: 'email', value: 'other@example.com' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf_token_invalid');
    });
  });

  describe('PUT /api/patients/:id/consents/:channel', () => {
    it('adds to the history and never rewrites it; the latest entry is in force', async () => {
      await agent('PUT', `/api/patients/${patientId}/consents/sms`, {
        status: 'granted',
        source: 'registration',
      });
      const response = await agent('PUT', `/api/patients/${patientId}/consents/sms`, {
        status: 'revoked',
        note: 'Asked on the phone to stop texts',
      });
      expect(response.statusCode).toBe(200);
      const consents = response.json();
      expect(consents.current).toEqual([
        expect.objectContaining({
          channel: 'sms',
          status: 'revoked',
          source: 'staff',
          recordedBy: 'Test agent',
        }),
      ]);
      expect(consents.history.map((entry: { status: string }) => entry.status)).toEqual([
        'revoked',
        'granted',
      ]);
      const wrongChannel = await agent('PUT', `/api/patients/${patientId}/consents/fax`, {
        status: 'granted',
      });
      expect(wrongChannel.statusCode).toBe(400);
    });
  });

  describe('coverage', () => {
    it('adds, changes and removes coverage; the member number is encrypted at rest', async () => {
      const agentTry = await agent('POST', `/api/patients/${patientId}/coverages`, {
        payerName: 'Blue Harbor Health',
        memberNumber: 'X1',
      });
      expect(agentTry.statusCode).toBe(403);

      const added = await billing('POST', `/api/patients/${patientId}/coverages`, {
        payerName: 'Blue Harbor Health',
        memberNumber: 'BHH-12345',
        validFrom: '2026-01-01',
      });
      expect(added.statusCode).toBe(201);
      const coverage = added.json();
      expect(coverage).toMatchObject({
        priority: 'primary',
        memberNumber: 'BHH-12345',
        subscriberRelationship: 'self',
      });
      const [stored] = await test.database.orm
        .select()
        .from(patientCoverages)
        .where(eq(patientCoverages.id, coverage.id));
      expect(stored!.memberNumberEncrypted).not.toContain('BHH-12345');

      const backwards = await billing('PATCH', `/api/patients/${patientId}/coverages/${coverage.id}`, {
        validTo: '2025-12-31',
      });
      expect(backwards.statusCode).toBe(400);
      const changed = await billing('PATCH', `/api/patients/${patientId}/coverages/${coverage.id}`, {
        memberNumber: 'BHH-54321',
        planName: 'HMO Silver',
      });
      expect(changed.json()).toMatchObject({ memberNumber: 'BHH-54321', planName: 'HMO Silver' });
      expect((await record()).coverage).toEqual([expect.objectContaining({ memberNumber: 'BHH-54321' })]);

      const removed = await billing('DELETE', `/api/patients/${patientId}/coverages/${coverage.id}`);
      expect(removed.statusCode).toBe(204);
      expect((await record()).coverage).toEqual([]);
    });
  });

  describe('POST /api/patients/:id/notes', () => {
    it('lets anyone who reads records add administrative notes, and only clinicians clinical ones', async () => {
      const admin = await agent('POST', `/api/patients/${patientId}/notes`, {
        kind: 'administrative',
        body: 'Needs an interpreter (Arabic).',
      });
      expect(admin.statusCode).toBe(201);
      expect(admin.json()).toMatchObject({ kind: 'administrative', author: { displayName: 'Test agent' } });

      const refused = await agent('POST', `/api/patients/${patientId}/notes`, {
        kind: 'clinical',
        body: 'BP high',
      });
      expect(refused.statusCode).toBe(403);

      const clinical = await clinician('POST', `/api/patients/${patientId}/notes`, {
        kind: 'clinical',
        body: 'BP 150/95, recheck in 2 weeks.',
      });
      expect(clinical.statusCode).toBe(201);
      const [stored] = await test.database.orm
        .select()
        .from(patientNotes)
        .where(eq(patientNotes.id, clinical.json().id));
      expect(stored!.bodyEncrypted).not.toContain('BP 150');
      const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.notes.write');
      expect(event).toMatchObject({ actorRole: 'clinician', details: { kind: 'clinical' } });
    });
  });
});
