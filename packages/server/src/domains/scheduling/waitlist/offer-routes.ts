import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../../db/tenant-scope.ts';
import type { AppDependencies } from '../../../http/app.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import {
  acceptOffer,
  declineOffer,
  OfferChanged,
  type OfferDetails,
  organizationOfOffer,
  readOffer,
} from './offer-answers.ts';
import { offerNotFoundPage, offerPage } from './offer-page.ts';

/**
 * `/offers/:token`: the page a waitlist offer's message links to, for anyone holding the link
 * (its secret is the credential). Accept and No thanks post a plain form, then the page is
 * shown again (post, then redirect: reloading never answers twice). Rate limited per address,
 * and every look and answer is in the audit log as the patient's (or their proxy's).
 */

// No script ever runs on these pages.
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const tokenParams = z.object({ token: z.string().max(200) });
const answerBody = z.object({
  answer: z.enum(['accept', 'decline'], { message: 'must be accept or decline' }),
});

const sendPage = (reply: FastifyReply, status: number, html: string) =>
  reply.code(status).headers(securityHeaders).type('text/html; charset=utf-8').send(html);

const askedLanguage = (request: FastifyRequest) =>
  /^es\b/i.test(request.headers['accept-language'] ?? '') ? 'es' : 'en';

export function waitlistOfferRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, audit } = deps;
  const scheduling = schedulingDependencies(deps);

  const recordAudit = (request: FastifyRequest, offer: OfferDetails, action: string) =>
    audit.record(
      {
        organizationId: offer.organizationId,
        actorType: offer.audience.type,
        actorId: offer.audience.id,
        actorRole: null,
        actorName: null,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      },
      {
        action,
        resourceType: 'waitlist-offer',
        resourceId: offer.offerId,
        patientIds: [offer.patientId],
        onBehalfOfPatientId: offer.audience.type === 'proxy' ? offer.patientId : null,
        outcome: 'allowed',
        details: { status: offer.status, appointmentId: offer.appointmentId },
      },
    );

  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    app.get(
      '/offers/:token',
      {
        config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams },
      },
      async (request, reply) => {
        const { token } = request.params;
        const organizationId = await organizationOfOffer(database.orm, token);
        const offer = organizationId
          ? await inTenant(database, organizationId, (orm) => readOffer(orm, scheduling, token))
          : undefined;
        if (!offer) return sendPage(reply, 404, offerNotFoundPage(askedLanguage(request)));
        await recordAudit(request, offer, 'waitlist.offer.read');
        return sendPage(reply, 200, offerPage(offer, `/offers/${encodeURIComponent(token)}`));
      },
    );

    app.post(
      '/offers/:token',
      {
        config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, body: answerBody },
      },
      async (request, reply) => {
        const { token } = request.params;
        const organizationId = await organizationOfOffer(database.orm, token);
        if (!organizationId) return sendPage(reply, 404, offerNotFoundPage(askedLanguage(request)));
        const answer = request.body.answer === 'accept' ? acceptOffer : declineOffer;
        let offer: OfferDetails | undefined;
        try {
          offer = await inTenant(database, organizationId, (orm) => answer(orm, scheduling, token));
        } catch (error) {
          // Another answer got there first (the expiry job, or a second tap): show what it left.
          if (!(error instanceof OfferChanged)) throw error;
          offer = await inTenant(database, organizationId, (orm) => readOffer(orm, scheduling, token));
        }
        if (!offer) return sendPage(reply, 404, offerNotFoundPage(askedLanguage(request)));
        await recordAudit(request, offer, `waitlist.offer.${request.body.answer}`);
        return reply
          .code(303)
          .header('location', `/offers/${encodeURIComponent(token)}`)
          .send();
      },
    );
  };
}
