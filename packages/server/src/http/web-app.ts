import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.ts';

/**
 * Serves the built single-page app and answers unknown addresses: browsers asking for a page
 * get the app (which shows its own "page not found"), API clients get a JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const indexPath = path.join(distDir, 'index.html');
  const built = fs.existsSync(indexPath);
  if (built) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '') &&
      (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) {
      return sendError(
        reply,
        404,
        'route_not_found',
        `There is no ${request.method} ${request.url.split('?')[0]} in this API. See /api/docs for the routes there are.`,
      );
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>PatientDesk</title><p>The web app has not been built. Run <code>npm run build</code> ' +
            '(or start with <code>npm start</code>, which builds it) and reload this page.</p>',
        );
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(fs.createReadStream(indexPath));
  });
}
