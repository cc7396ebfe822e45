import { appointmentIdParamsSchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../../http/app.ts';
import { asPortalUser, asStaff } from '../../patients/run-as.ts';
import { appointmentCalendarDownload } from './calendar-download.ts';
import { videoVisitPage } from './video-visit-page.ts';

/**
 * The notices' pages: an appointment's calendar file for the desk and the portal ("add to
 * calendar"), and the public page behind a video-visit link.
 */
export function noticeRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const publicUrl = deps.config.publicUrl;
  return async (app) => {
    const surfaces = [
      {
        prefix: '/api/appointments',
        tag: 'appointments',
        run: asStaff(deps),
        permission: 'appointment.read',
      },
      {
        prefix: '/api/portal/appointments',
        tag: 'portal',
        run: asPortalUser(deps),
        permission: 'portal.appointments.read',
      },
    ] as const;
    for (const surface of surfaces)
      app.get(
        `${surface.prefix}/:id/calendar.ics`,
        {
          config: { permission: surface.permission },
          schema: {
            tags: [surface.tag],
            summary: 'The appointment as a calendar file (.ics) to add to a calendar',
            description:
              'The same entry (UID) as the confirmation email’s, so adding it again updates it; a cancelled appointment’s file removes it.',
            params: appointmentIdParamsSchema,
          },
        },
        async (request, reply) => {
          const file = await surface.run(request, (scope) =>
            appointmentCalendarDownload(scope, { publicUrl }, request.params.id),
          );
          return reply
            .type('text/calendar; charset=utf-8')
            .header('content-disposition', `attachment; filename="${file.filename}"`)
            .header('cache-control', 'no-store')
            .send(file.content);
        },
      );

    app.get(
      '/visit/:token',
      {
        config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['appointments'],
          summary: 'A video visit link: the room near the visit’s time, else a page that says when',
          description:
            'Redirects (302) to the video room from 15 minutes before the start to 30 minutes after the end; otherwise an HTML page in the patient’s language. An unknown link answers 404.',
          params: z.object({ token: z.string().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const answer = await videoVisitPage(
          deps.database.orm,
          { cipher: deps.cipher, videoVisitBaseUrl: deps.config.scheduling.videoVisitBaseUrl },
          request.params.token,
        );
        // The link's token must not reach the video service or anyone else in a Referer header.
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        if (answer.kind === 'redirect') return reply.redirect(answer.location, 302);
        return reply.code(answer.statusCode).type('text/html; charset=utf-8').send(answer.html);
      },
    );
  };
}
