import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff, signInCookie } from '../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestServer } from '../testing/test-server.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

describe('health, readiness, metrics and API docs', () => {
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

  it('GET /health says ok', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready is ready when the database answers and all migrations are applied', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true, pending: [] } },
    });
  });

  it('GET /ready is 503 and names the migration that is missing', async () => {
    const { rows } = await test.database.query<{ version: string; name: string; checksum: string }>(
      'delete from schema_migrations where version = (select max(version) from schema_migrations) returning *',
    );
    const removed = rows[0]!;
    try {
      const response = await server.app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'not_ready',
        checks: { migrations: { ok: false, pending: [`${removed.version}_${removed.name}`] } },
      });
    } finally {
      await test.database.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [removed.version, removed.name, removed.checksum],
      );
    }
  });

  it('GET /metrics exposes request latency by route, the database pool and job queue depth', async () => {
    const clinic = await createTestClinic(test.database.orm);
    await server.app.inject({ method: 'GET', url: `/api/public/organizations/${clinic.slug}` });
    const response = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /patientdesk_http_request_duration_seconds_count\{method="GET",route="\/api\/public\/organizations\/:slug",status_code="200"\} 1/,
    );
    expect(response.body).toMatch(/patientdesk_db_pool_connections\{state="total"\} \d+/);
    expect(response.body).toMatch(/patientdesk_job_queue_depth\{queue="sweep-expired-sessions"\} 0/);
  });

  it('publishes OpenAPI 3.1 built from the route schemas, and a docs page', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toBe('3.1.0');
    const signIn = spec.paths['/api/auth/login'].post;
    expect(Object.keys(signIn.requestBody.content['application/json'].schema.properties)).toEqual([
      'email',
      'password',
      'code',
    ]);
    expect(spec.paths['/health'].get.responses['200']).toBeDefined();
    const docs = await server.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const page = await server.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.body).toContain('swagger');
  });

  it('serves the public profile of a clinic', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Hillside Pediatrics', {
      requireStaffMfa: true,
    });
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/public/organizations/${clinic.slug}`,
    });
    expect(response.json()).toEqual({
      slug: clinic.slug,
      name: 'Hillside Pediatrics',
      defaultLanguage: 'en',
      timeZone: 'America/New_York',
      staffTwoStepRequired: true,
    });
  });

  it('counts a signed-in request under its route pattern, not its address', async () => {
    const clinic = await createTestClinic(test.database.orm);
    const staff = await createTestStaff(test.database.orm, clinic.id);
    const cookie = await signInCookie(server.app, staff.email);
    await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('route="/api/auth/me",status_code="200"');
  });
});
