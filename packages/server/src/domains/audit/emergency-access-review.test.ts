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
import { emergencyAccesses } from '../patients/schema.ts';
import { createPatients } from '../patients/service.ts';
import type { StaffMemberSummary } from '../staff/service.ts';

describe('compliance review of "break the glass" accesses', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let billing: StaffMemberSummary;
  let officer: StaffMemberSummary;
  let officerHeaders: SignedInHeaders;
  let patientId: string;

  const breakTheGlass = async (
    organizationId: string,
    staffMemberId: string,
    patient: string,
    grantedAt: Date,
  ) => {
    const [row] = await test.database.orm
      .insert(emergencyAccesses)
      .values({
        organizationId,
        staffMemberId,
        patientId: patient,
        reason: 'Patient called in distress about a medication reaction',
        grantedAt,
        expiresAt: new Date(grantedAt.getTime() + 60 * 60_000),
      })
      .returning({ id: emergencyAccesses.id });
    return row!.id;
  };

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Cedar Clinic');
    billing = await createTestStaff(test.database.orm, clinic.id, 'billing');
    officer = await createTestStaff(test.database.orm, clinic.id, 'compliance');
    officerHeaders = await signInHeaders(server.app, officer.email);
    const [patient] = await createPatients(test.database.orm, [
      {
        organizationId: clinic.id,
        mrn: 'MRN-1',
        givenName: 'Rosa',
        preferredName: 'Rosie',
        familyName: 'Diaz',
        birthDate: '1980-04-02',
      },
    ]);
    patientId = patient!.id;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const list = async (query = '', headers: Record<string, string> = officerHeaders) =>
    server.app.inject({ method: 'GET', url: `/api/audit/emergency-accesses${query}`, headers });
  const review = (id: string, note: string, headers: Record<string, string> = officerHeaders) =>
    server.app.inject({
      method: 'POST',
      url: `/api/audit/emergency-accesses/${id}/review`,
      headers,
      payload: { note },
    });

  it('lists who opened which record and why, pending first to review, and signs one off', async () => {
    const older = await breakTheGlass(clinic.id, billing.id, patientId, new Date('2026-11-01T10:00:00Z'));
    const newer = await breakTheGlass(clinic.id, billing.id, patientId, new Date('2026-11-02T10:00:00Z'));
    const response = await list('?status=pending');
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items.map((item: { id: string }) => item.id)).toEqual([newer, older]);
    expect(items[0]).toEqual({
      id: newer,
      staffMember: { id: billing.id, displayName: 'Test billing', role: 'billing' },
      patient: { id: patientId, displayName: 'Rosie Diaz' },
      reason: 'Patient called in distress about a medication reaction',
      grantedAt: '2026-11-02T10:00:00.000Z',
      expiresAt: '2026-11-02T11:00:00.000Z',
      review: null,
    });

    const reviewed = await review(older, 'Appropriate: she called the billing line first.');
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json().review).toEqual({
      reviewedBy: { id: officer.id, displayName: 'Test compliance' },
      reviewedAt: expect.any(String),
      note: 'Appropriate: she called the billing line first.',
    });
    expect((await list('?status=pending')).json().items.map((item: { id: string }) => item.id)).toEqual([
      newer,
    ]);
    expect((await list('?status=reviewed')).json().items.map((item: { id: string }) => item.id)).toEqual([
      older,
    ]);

    const again = await review(older, 'Second opinion');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(
      /^This emergency access was already reviewed by Test compliance on /,
    );

    const { rows } = await test.database.query<{
      action: string;
      patient_ids: string[];
      resource_id: string | null;
    }>(
      "select action, patient_ids, resource_id from audit_events where organization_id = $1 and action like 'emergency-access.%' order by seq",
      [clinic.id],
    );
    expect(rows).toEqual([
      { action: 'emergency-access.list', patient_ids: [patientId], resource_id: null },
      { action: 'emergency-access.review', patient_ids: [patientId], resource_id: older },
      { action: 'emergency-access.list', patient_ids: [patientId], resource_id: null },
      { action: 'emergency-access.list', patient_ids: [patientId], resource_id: null },
    ]);
  });

  it('lets nobody review their own emergency access', async () => {
    const own = await breakTheGlass(clinic.id, officer.id, patientId, new Date());
    const response = await review(own, 'Looks fine to me');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toBe(
      'You cannot review your own emergency access; another compliance officer must.',
    );
  });

  it("keeps another organisation's accesses out of sight, and the review to compliance", async () => {
    const other = await createTestClinic(test.database.orm, 'Other');
    const otherStaff = await createTestStaff(test.database.orm, other.id, 'agent');
    const [otherPatient] = await createPatients(test.database.orm, [
      {
        organizationId: other.id,
        mrn: 'MRN-9',
        givenName: 'Omar',
        familyName: 'Other',
        birthDate: '1990-01-01',
      },
    ]);
    const theirs = await breakTheGlass(other.id, otherStaff.id, otherPatient!.id, new Date());
    expect((await list()).json().items.map((item: { id: string }) => item.id)).not.toContain(theirs);
    expect((await review(theirs, 'Not ours to judge')).statusCode).toBe(404);
    const billingHeaders = await signInHeaders(server.app, billing.email);
    expect((await list('', billingHeaders)).statusCode).toBe(403);
    expect((await review(theirs, 'x', billingHeaders)).statusCode).toBe(403);
    expect((await review(theirs, '   ')).json().error.details[0].field).toBe('body.note');
  });
});
