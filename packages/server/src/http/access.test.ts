import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installAccessControl } from './access.ts';

describe('route access declarations', () => {
  it('refuses to register an API route that does not say who may call it', async () => {
    const app = Fastify();
    installAccessControl(app, { resolveActor: async () => null });
    expect(() => app.get('/api/patients', async () => [])).toThrow(
      'Route GET /api/patients declares no permission',
    );
  });

  it('accepts routes that declare their access, and pages outside the API', async () => {
    const app = Fastify();
    installAccessControl(app, { resolveActor: async () => null });
    app.get('/api/ping', { config: { permission: 'public' } }, async () => 'pong');
    app.get('/health', async () => 'ok');
    await expect(app.ready()).resolves.toBeDefined();
    expect((await app.inject({ method: 'GET', url: '/api/ping' })).body).toBe('pong');
  });

  it('answers 401 on a staff route when no one is signed in', async () => {
    const app = Fastify();
    installAccessControl(app, { resolveActor: async () => null });
    app.get('/api/private', { config: { permission: 'patient.read' } }, async () => 'secret');
    const response = await app.inject({ method: 'GET', url: '/api/private' });
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain('secret');
  });
});
