import { apiErrorSchema } from '@patientdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff, signInCookie } from '../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer, testConfig } from '../testing/test-server.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

function errorOf(response: { json(): unknown }) {
  return apiErrorSchema.parse(response.json()).error;
}

describe('the API error model', () => {
  let test: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: testConfig({ PATIENTDESK_BODY_LIMIT_BYTES: '2048' }),
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('names each bad field of a request that fails validation', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'not-an-email' },
    });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.details.map((d) => d.field)).toEqual(['body.email', 'body.password']);
    expect(error.details[0]!.message).toBe('Enter an email address such as name@clinic.org.');
  });

  it('explains malformed JSON', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.org", ',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: 'malformed_json',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a@b.org',
    });
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).code).toBe('unsupported_media_type');
  });

  it('refuses a body over the configured limit with 413 and says the limit', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@b.org', password: 'x'.repeat(5000) },
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('2048 bytes'),
    });
  });

  it('answers an unknown API route with a JSON 404 that points to the docs', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({
      code: 'route_not_found',
      message: expect.stringContaining('/api/docs'),
    });
  });

  it('asks for sign-in with 401 on a staff route without a session', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthenticated');
  });

  it('returns 404 with a message for a clinic that does not exist', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/public/organizations/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({
      code: 'not_found',
      message: 'There is no clinic called "nowhere".',
    });
  });

  it('carries the request id in every error body and header', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(response.headers['x-request-id']).toBe('trace-42');
    expect(errorOf(response).requestId).toBe('trace-42');
  });

  it('answers a real fault with 500, a request id to quote, and a log line with that id', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const cookie = await signInCookie(server.app, staff.email);
    await test.database.exec('alter table organizations rename to organizations_moved');
    try {
      const response = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(response.statusCode).toBe(500);
      const error = errorOf(response);
      expect(error.code).toBe('internal_error');
      expect(error.message).toContain(error.requestId);
      const logged = server.log.lines.find((line) => line.reqId === error.requestId && line.level === 50);
      expect(logged?.msg).toBe('request failed');
      expect(JSON.stringify(logged)).toContain('organizations');
    } finally {
      await test.database.exec('alter table organizations_moved rename to organizations');
    }
  });
});
