import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff } from '../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer } from '../testing/test-server.ts';
import { redactedMarker, redactPhi, redactUrl, scrubText } from './phi-redaction.ts';

describe('PHI redaction of log values', () => {
  it('blanks fields that hold names, birth dates, contact details and message bodies', () => {
    const redacted = redactPhi({
      patient: { given_name: 'Maria', familyName: 'Lopez', birthDate: '1984-02-11', mrn: 'RFH-000123' },
      contact: { phone: '+15555550123', email: 'maria@example.test' },
      message: { body: 'my chest hurts', channel: 'sms' },
      count: 3,
    });
    expect(redacted).toEqual({
      patient: {
        given_name: redactedMarker,
        familyName: redactedMarker,
        birthDate: redactedMarker,
        mrn: redactedMarker,
      },
      contact: { phone: redactedMarker, email: redactedMarker },
      message: { body: redactedMarker, channel: 'sms' },
      count: 3,
    });
  });

  it('scrubs email addresses and phone numbers from free text', () => {
    expect(scrubText('reply to maria.lopez@example.test or (555) 555-0123 or +15555550123 today')).toBe(
      'reply to [email] or [phone] or [phone] today',
    );
    expect(scrubText('job took 1234 ms for 2026-11-22')).toBe('job took 1234 ms for 2026-11-22');
  });

  it('keeps error and database codes but hides the values in error details', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (email)=(maria@example.test) already exists.',
    });
    const redacted = redactPhi({ err: error }) as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({ code: '23505', detail: redactedMarker, type: 'Error' });
    expect(JSON.stringify(redacted)).not.toContain('maria');
  });

  it('keeps the path and parameter names of a URL but not the values', () => {
    expect(redactUrl('/api/patients?name=Lopez&dob=1984-02-11')).toBe(
      `/api/patients?name=${redactedMarker}&dob=${redactedMarker}`,
    );
  });
});

describe('PHI never reaches the server log', () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('logs requests, failures and errors without the names, emails or phone numbers in them', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: staff.email, password: 'wrong password for Maria Lopez' },
    });
    await server.app.inject({
      method: 'GET',
      url: '/api/public/organizations/x?patient=Maria+Lopez&phone=5555550123',
    });
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "maria.lopez@example.test", "password": ',
    });
    server.logger.info(
      { patient: { givenName: 'Maria', birthDate: '1984-02-11' } },
      'patient maria.lopez@example.test called',
    );
    server.logger.error({ err: new Error('could not text +1 555 555 0123') }, 'delivery failed');

    const log = server.log.text();
    expect(server.log.lines.length).toBeGreaterThan(5);
    for (const phi of [
      'Maria',
      'Lopez',
      staff.email,
      'maria.lopez@example.test',
      '1984-02-11',
      '5555550123',
      '555 555 0123',
    ]) {
      expect(log).not.toContain(phi);
    }
    expect(log).toContain('delivery failed');
    expect(log).toContain('/api/public/organizations/x?patient=[redacted]&phone=[redacted]');
  });
});
