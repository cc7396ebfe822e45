import type { FastifyRequest } from 'fastify';
import { portalActor, staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { type ActorScope, runAsActor } from '../access/actor-scope.ts';

type Work<T> = (scope: ActorScope) => Promise<T>;

/** Runs a staff request's work in its tenant transaction, under the policy, with its audit events. */
export function asStaff(deps: AppDependencies) {
  return <T>(request: FastifyRequest, work: Work<T>): Promise<T> =>
    runAsActor(deps, request, staffActor(request), work);
}

/** The same for a patient or proxy signed in to the portal. */
export function asPortalUser(deps: AppDependencies) {
  return <T>(request: FastifyRequest, work: Work<T>): Promise<T> =>
    runAsActor(deps, request, portalActor(request), work);
}
