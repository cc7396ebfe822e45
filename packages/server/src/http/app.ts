import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/connection.ts';
import { auditContextOf } from '../domains/access/actor-scope.ts';
import { adminRoutes } from '../domains/admin/routes.ts';
import { assistantRoutes } from '../domains/assistant/routes.ts';
import type { AuditTrail } from '../domains/audit/audit-trail.ts';
import { auditRoutes } from '../domains/audit/routes.ts';
import type { ChannelSender } from '../domains/channels/outbound.ts';
import { channelRoutes } from '../domains/channels/routes.ts';
import { widgetRoutes } from '../domains/channels/web-chat/routes.ts';
import { attachmentRoutes } from '../domains/conversations/attachment-routes.ts';
import type { MessageSearch } from '../domains/conversations/message-search.ts';
import { inboxOverviewRoutes } from '../domains/conversations/overview-routes.ts';
import { inboxPeopleRoutes } from '../domains/conversations/people-routes.ts';
import { portalMessageRoutes } from '../domains/conversations/portal-message-routes.ts';
import { replyCheckRoutes } from '../domains/conversations/reply-check-routes.ts';
import { conversationRoutes } from '../domains/conversations/routes.ts';
import { savedReplyRoutes } from '../domains/conversations/saved-reply-routes.ts';
import { fhirRoutes } from '../domains/fhir/routes.ts';
import { checkCsrfToken } from '../domains/identity/csrf.ts';
import { createActorResolver } from '../domains/identity/resolve-actor.ts';
import { identityRoutes } from '../domains/identity/routes.ts';
import { knowledgeBaseRoutes } from '../domains/knowledge/routes.ts';
import { organizationRoutes } from '../domains/organizations/routes.ts';
import { outboxAttachmentRoutes } from '../domains/outbox/routes.ts';
import type { MessageSender } from '../domains/outbox/service.ts';
import { patientRoutes } from '../domains/patients/routes.ts';
import { scheduleAdminRoutes } from '../domains/scheduling/admin/routes.ts';
import { kioskRoutes } from '../domains/scheduling/arrival/kiosk-routes.ts';
import { arrivalStaffRoutes } from '../domains/scheduling/arrival/routes.ts';
import { bookingRoutes } from '../domains/scheduling/booking-routes.ts';
import { schedulingDirectoryRoutes } from '../domains/scheduling/directory-routes.ts';
import { disruptionRoutes } from '../domains/scheduling/disruptions/routes.ts';
import { noticeRoutes } from '../domains/scheduling/notices/routes.ts';
import { waitlistOfferRoutes } from '../domains/scheduling/waitlist/offer-routes.ts';
import { waitlistRoutes } from '../domains/scheduling/waitlist/routes.ts';
import { staffRoutes } from '../domains/staff/routes.ts';
import { useTriageModel } from '../domains/triage/model-file.ts';
import { triageRoutes } from '../domains/triage/routes.ts';
import { RateLimited } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { liveRoutes } from '../realtime/live-routes.ts';
import type { FieldCipher } from '../security/field-encryption.ts';
import { installAccessControl } from './access.ts';
import { installErrorHandler } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { registerOpenApi } from './openapi.ts';
import { registerWebApp } from './web-app.ts';

/** What the HTTP layer needs from the rest of the server. */
export interface AppDependencies {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  audit: AuditTrail;
  cipher: FieldCipher;
  /** Where system email and SMS go (sign-in codes, invitations): the outbox. */
  sender: MessageSender;
  /** Where conversation replies by SMS and email go (outbox, Twilio, SMTP). */
  channels: ChannelSender;
  /** Keyed hashes for full-text search over encrypted messages. */
  search: MessageSearch;
}

/** Builds the Fastify server with every route; it does not listen yet. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config, database, metrics, events } = deps;
  // Read the triage model now: a missing or stale model file stops the start with what to do.
  useTriageModel(config.triage.modelFile);
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.env === 'production',
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, config.http.bodyLimitBytes);
  // The API speaks JSON. Channel webhooks that receive forms add their own parser in their scope.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(fastifyCookie);
  // Off by default; routes that guard against guessing (sign-in) set their own limits.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new RateLimited(`Too many attempts from this address. Wait ${context.after} and try again.`),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  installAccessControl(app, {
    resolveActor: createActorResolver(database, config.sessions),
    checkCsrf: (request) => checkCsrfToken(request),
    onDenied: (request, actor, permission) =>
      deps.audit.record(auditContextOf(request, actor), {
        action: permission,
        resourceType: 'route',
        resourceId: `${request.method} ${request.routeOptions.url}`,
        outcome: 'denied',
        details: { reason: `the ${actor.role} role does not allow ${permission}` },
      }),
  });
  await registerOpenApi(app);

  await app.register(healthRoutes(database, metrics));
  await app.register(identityRoutes(deps));
  await app.register(organizationRoutes(deps));
  await app.register(staffRoutes(deps));
  await app.register(liveRoutes({ database, events, sessions: config.sessions }));
  await app.register(auditRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(patientRoutes(deps));
  await app.register(conversationRoutes(deps));
  await app.register(savedReplyRoutes(deps));
  await app.register(knowledgeBaseRoutes(deps));
  await app.register(triageRoutes(deps));
  await app.register(assistantRoutes(deps));
  await app.register(replyCheckRoutes(deps));
  await app.register(attachmentRoutes(deps));
  await app.register(inboxPeopleRoutes(deps));
  await app.register(inboxOverviewRoutes(deps));
  await app.register(channelRoutes(deps));
  await app.register(widgetRoutes(deps));
  await app.register(portalMessageRoutes(deps));
  await app.register(schedulingDirectoryRoutes(deps));
  await app.register(bookingRoutes(deps));
  await app.register(noticeRoutes(deps));
  await app.register(outboxAttachmentRoutes(deps));
  await app.register(waitlistRoutes(deps));
  await app.register(waitlistOfferRoutes(deps));
  await app.register(disruptionRoutes(deps));
  await app.register(scheduleAdminRoutes(deps));
  await app.register(arrivalStaffRoutes(deps));
  await app.register(kioskRoutes(deps));
  await app.register(fhirRoutes(deps));
  await registerWebApp(app, config.web.distDir);
  return app;
}
