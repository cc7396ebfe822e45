import { setAvailabilityRequestSchema, staffAvailabilitySchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { setAvailability } from './service.ts';

export function staffRoutes({ database, events }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/api/staff/me/availability',
      {
        config: { permission: 'staff.availability.update' },
        schema: {
          tags: ['staff'],
          summary: 'Set whether I can take conversations now (available, busy, away, offline)',
          body: setAvailabilityRequestSchema,
          response: { 200: z.object({ availability: staffAvailabilitySchema, at: z.iso.datetime() }) },
        },
      },
      async (request) =>
        setAvailability(database.orm, events, staffActor(request), request.body.availability),
    );
  };
}
