import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors.ts';

/**
 * Who may call a route. Every API route must declare one; the server refuses to start with a
 * route that does not, so nothing is public by accident. (Fine-grained permissions arrive with
 * the access-policy module and plug in here.)
 */
export type RouteAccess = 'public' | 'staff';

/** The person behind a request, resolved from their session. */
export interface StaffActor {
  kind: 'staff';
  staffMemberId: string;
  organizationId: string;
  role: string;
  sessionId: string;
  sessionExpiresAt: Date;
}
export type Actor = StaffActor;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves the actor for a request from its credentials, or null when there are none. */
export type ActorResolver = (request: FastifyRequest) => Promise<Actor | null>;

const undeclaredAllowed = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/docs');

export function installAccessControl(app: FastifyInstance, resolveActor: ActorResolver): void {
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access && !undeclaredAllowed(route.url)) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access; add config: { access: ... }.`,
      );
    }
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    request.actor = await resolveActor(request);
    if (!request.actor)
      throw new Unauthenticated('Your session has ended or you are not signed in. Sign in to continue.');
  });
}

/** The signed-in staff member of a route declared `access: 'staff'`. */
export function staffActor(request: FastifyRequest): StaffActor {
  if (request.actor?.kind !== 'staff') throw new Unauthenticated();
  return request.actor;
}
