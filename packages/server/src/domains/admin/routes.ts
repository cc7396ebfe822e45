import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { adminAccessRoutes } from './access-routes.ts';
import { adminOrganizationRoutes } from './organization-routes.ts';
import { adminSimulatedInboundRoutes } from './simulated-inbound-routes.ts';
import { adminStaffRoutes } from './staff-routes.ts';

/**
 * The administration API under /api/admin: staff accounts, sessions, API tokens, the outbox and
 * the organisation's settings. Every query runs in the caller's tenant transaction (row-level
 * security), so another organisation's ids are simply not found; every change is audited.
 */
export function adminRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(adminStaffRoutes(deps));
    await app.register(adminAccessRoutes(deps));
    await app.register(adminOrganizationRoutes(deps));
    await app.register(adminSimulatedInboundRoutes(deps));
  };
}
