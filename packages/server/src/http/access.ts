import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, PortalActor, StaffActor } from '../domains/access/actor.ts';
import { type Action, emergencyAccessCouldOpen, roleMayAttempt } from '../domains/access/policy.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';

/**
 * What a route needs from its caller. Every API route must declare one; the server refuses to
 * start with a route that does not, so nothing is public by accident.
 * - `public`: anyone.
 * - `signed-in`: anyone signed in, including staff who still have to set up two-step sign-in
 *   (who am I, sign out).
 * - `signed-in-staff`: any staff member signed in, including those who still have to set up
 *   two-step sign-in (enrolment itself).
 * - an action of the access policy: the caller's role must be able to do it; the handler then
 *   checks the resource (which patient, which organisation) with the same policy.
 */
export type RoutePermission = 'public' | 'signed-in' | 'signed-in-staff' | Action;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves the actor for a request from its credentials, or null when there are none. */
export type ActorResolver = (request: FastifyRequest) => Promise<Actor | null>;

export interface AccessControlOptions {
  resolveActor: ActorResolver;
  /** Checks the CSRF token of a cookie-authenticated request that changes something. */
  checkCsrf?: (request: FastifyRequest, actor: Actor) => void;
  /** Told about each refusal, so it reaches the audit log. */
  onDenied?: (request: FastifyRequest, actor: Actor, permission: RoutePermission) => Promise<void>;
}

const undeclaredAllowed = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/docs');
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route's declared permission, as registered (the authorisation matrix test reads this). */
export interface DeclaredRoute {
  method: string;
  url: string;
  permission: RoutePermission;
}

declare module 'fastify' {
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

export function installAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  app.decorateRequest('actor', null);
  app.decorate('declaredRoutes', [] as DeclaredRoute[]);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission) {
      if (undeclaredAllowed(route.url)) return;
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no permission; add config: { permission: ... }.`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.declaredRoutes.push({ method, url: route.url, permission });
    }
  });
  // Before validation: a caller who may not use a route learns nothing about its input rules.
  app.addHook('preValidation', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission || permission === 'public') return;
    const actor = await options.resolveActor(request);
    if (!actor)
      throw new Unauthenticated('Your session has ended or you are not signed in. Sign in to continue.');
    request.actor = actor;
    if (!safeMethods.has(request.method)) options.checkCsrf?.(request, actor);
    if (permission === 'signed-in') return;
    if (permission === 'signed-in-staff') {
      if (actor.kind === 'staff') return;
      await options.onDenied?.(request, actor, permission);
      throw new Forbidden('This part of PatientDesk is for clinic staff.');
    }
    if (actor.kind === 'staff' && actor.mfaEnrollmentRequired) {
      throw new Forbidden(
        'Your organisation requires two-step sign-in. Set it up in your account before continuing.',
        'mfa_enrollment_required',
      );
    }
    if (!roleMayAttempt(actor.role, permission) && !emergencyAccessCouldOpen(actor.role, permission)) {
      await options.onDenied?.(request, actor, permission);
      throw new Forbidden(
        actor.kind === 'portal'
          ? 'This part of PatientDesk is for clinic staff.'
          : `Your role (${actor.role}) does not allow this. Ask an administrator if you need it.`,
      );
    }
  });
}

/** The caller of a route that declared a permission other than `public`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}

/** The staff member calling a staff route. */
export function staffActor(request: FastifyRequest): StaffActor {
  const actor = actorOf(request);
  if (actor.kind !== 'staff') throw new Forbidden('This part of PatientDesk is for clinic staff.');
  return actor;
}

/** The patient or proxy calling a portal route. */
export function portalActor(request: FastifyRequest): PortalActor {
  const actor = actorOf(request);
  if (actor.kind !== 'portal') throw new Forbidden('This is the patient portal; staff use the desk.');
  return actor;
}
