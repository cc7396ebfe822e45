import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { runAsActor } from '../access/actor-scope.ts';
import { readOutboxAttachment } from './service.ts';

/** A file kept with an outbox email (an appointment's .ics), downloaded from /admin/outbox. */
export function outboxAttachmentRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/outbox/:id/attachments/:index',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['admin'],
          summary: 'Download a file kept with an outbox email',
          params: z.object({
            id: z.uuid({ message: 'must be an outbox message id' }),
            index: z.coerce
              .number({ message: 'must be the number of the attachment' })
              .int('must be a whole number')
              .min(0, 'must be 0 or more')
              .max(50, 'must be at most 50'),
          }),
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const file = await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('outbox.read');
          const attachment = await readOutboxAttachment(
            scope.orm,
            deps.cipher,
            actor.organizationId,
            request.params.id,
            request.params.index,
          );
          // Attachments name a patient's visit, so opening one is on record like reading the outbox.
          scope.record({
            action: 'outbox.attachment.read',
            resourceType: 'outbox',
            resourceId: request.params.id,
            outcome: 'allowed',
            details: { filename: attachment.filename, recipient: attachment.recipient },
          });
          return attachment;
        });
        const safeName = file.filename.replace(/[^\w.-]/g, '_');
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${safeName}"`)
          .header('cache-control', 'no-store')
          .send(file.content);
      },
    );
  };
}
