import {
  conversationIdParamsSchema,
  plainLanguageGradeLimit,
  replyCheckRequestSchema,
  replyCheckSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import { checkReply } from './reply-check.ts';

/** The composer's plain-language and PHI aids, asked for as the agent types. */
export function replyCheckRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.post(
      '/api/conversations/:id/reply-check',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['conversations'],
          summary: 'Check a draft reply: jargon with plain words, reading grade, PHI on an insecure channel',
          description: `Nothing is sent or stored. \`jargon\` lists the medical and insurance words of the draft with plain words to use instead (positions in \`body\` as sent); \`readingGrade\` is flagged above ${plainLanguageGradeLimit}; on SMS and plain email \`phi.findings\` are what would hold the reply if sent as it is (the same check as \`POST /api/conversations/:id/messages\`). The language is the conversation's unless \`language\` says otherwise. Internal notes (\`kind: note\`) are not checked.`,
          params: conversationIdParamsSchema,
          body: replyCheckRequestSchema,
          response: { 200: replyCheckSchema },
        },
      },
      async (request, reply) => {
        // The draft may hold health information: no cache along the way keeps a copy.
        reply.header('cache-control', 'no-store');
        return run(request, (scope) => checkReply(scope, request.params.id, request.body));
      },
    );
  };
}
