import { healthResponseSchema, readinessResponseSchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../db/connection.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Liveness, readiness and metrics: the fixed points that load balancers and monitors use. */
export function healthRoutes(database: Database, metrics: Metrics): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['platform'],
          summary: 'Liveness: the process is up',
          response: { 200: healthResponseSchema },
        },
        logLevel: 'warn',
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/ready',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['platform'],
          summary: 'Readiness: the database answers and every migration is applied',
          response: { 200: readinessResponseSchema, 503: readinessResponseSchema },
        },
        logLevel: 'warn',
      },
      async (_request, reply) => {
        let database_ = { ok: true } as { ok: boolean; message?: string };
        let migrations = { ok: false, pending: [] as string[] };
        try {
          const status = await migrationStatus(database);
          migrations = { ok: status.pending.length === 0, pending: status.pending };
        } catch (error) {
          database_ = { ok: false, message: `The database did not answer: ${(error as Error).message}` };
        }
        const ready = database_.ok && migrations.ok;
        return reply
          .code(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not_ready', checks: { database: database_, migrations } });
      },
    );

    app.get(
      '/metrics',
      { config: { permission: 'public' }, schema: { hide: true }, logLevel: 'warn' },
      async (_request, reply) => {
        const body = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(body);
      },
    );
  };
}
