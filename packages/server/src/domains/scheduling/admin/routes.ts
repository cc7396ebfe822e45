import {
  appointmentTypeCreateSchema,
  appointmentTypeDetailSchema,
  appointmentTypeIdParamsSchema,
  appointmentTypeListSchema,
  appointmentTypeUpdateSchema,
  extraHoursInputSchema,
  extraHoursParamsSchema,
  extraHoursSchema,
  providerIdParamsSchema,
  providerProfileUpdateSchema,
  providerScheduleListSchema,
  providerScheduleProfileSchema,
  providerWeekQuerySchema,
  providerWeekSchema,
  scheduleRuleInputSchema,
  scheduleRuleParamsSchema,
  scheduleRuleSchema,
  schedulingSettingsSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../../http/app.ts';
import { asStaff } from '../../patients/run-as.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import { createAppointmentType, listAppointmentTypes, updateAppointmentType } from './appointment-types.ts';
import {
  addExtraHours,
  createScheduleRule,
  deleteScheduleRule,
  listScheduleRules,
  removeExtraHours,
  updateScheduleRule,
} from './provider-hours.ts';
import { listScheduleProviders, readProviderProfile, updateProviderProfile } from './provider-profiles.ts';
import { providerWeek } from './provider-week.ts';
import { readSchedulingSettings, saveSchedulingSettings } from './scheduling-settings.ts';

/**
 * Schedule management for staff: schedulers, supervisors and admins change appointment types,
 * providers' profiles and hours, and the scheduling settings (`schedule.manage`); everyone who
 * works with the schedule reads them (`schedule.read`). Every change is audited, and a change
 * of hours recomputes the provider's free time before the answer.
 */
export function scheduleAdminRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  const scheduling = schedulingDependencies(deps);
  const read = { permission: 'schedule.read' as const };
  const manage = { permission: 'schedule.manage' as const };
  const tags = ['schedule-admin'];

  return async (app) => {
    app.get(
      '/api/scheduling/appointment-types',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every appointment type of the clinic, active ones first, with all their settings',
          response: { 200: appointmentTypeListSchema },
        },
      },
      async (request) => ({ items: await run(request, (scope) => listAppointmentTypes(scope)) }),
    );

    app.post(
      '/api/scheduling/appointment-types',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a kind of visit (code, name and duration; the rest has defaults)',
          description: 'A code already used in the clinic answers 409.',
          body: appointmentTypeCreateSchema,
          response: { 201: appointmentTypeDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await run(request, (scope) => createAppointmentType(scope, request.body))),
    );

    app.patch(
      '/api/scheduling/appointment-types/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change an appointment type (the fields sent); `active: false` deactivates it',
          params: appointmentTypeIdParamsSchema,
          body: appointmentTypeUpdateSchema,
          response: { 200: appointmentTypeDetailSchema },
        },
      },
      async (request) =>
        run(request, (scope) => updateAppointmentType(scope, request.params.id, request.body)),
    );

    app.get(
      '/api/scheduling/providers',
      {
        config: read,
        schema: {
          tags,
          summary: "The clinic's providers with where they work and how many rules and kinds of visit",
          response: { 200: providerScheduleListSchema },
        },
      },
      async (request) => ({ items: await run(request, (scope) => listScheduleProviders(scope)) }),
    );

    app.get(
      '/api/scheduling/providers/:id',
      {
        config: read,
        schema: {
          tags,
          summary: "A provider's scheduling profile, locations, rules, extra hours and time off to come",
          params: providerIdParamsSchema,
          response: { 200: providerScheduleProfileSchema },
        },
      },
      async (request) => run(request, (scope) => readProviderProfile(scope, request.params.id)),
    );

    app.patch(
      '/api/scheduling/providers/:id',
      {
        config: manage,
        schema: {
          tags,
          summary:
            "Change a provider's profile: insurance, languages, telehealth, new patients, bio, photo, kinds of visit, locations",
          description:
            'Insurance is given by payer name and kept as keys. Linking or unlinking a location recomputes the free time.',
          params: providerIdParamsSchema,
          body: providerProfileUpdateSchema,
          response: { 200: providerScheduleProfileSchema },
        },
      },
      async (request) =>
        run(request, (scope) => updateProviderProfile(scope, scheduling, request.params.id, request.body)),
    );

    app.get(
      '/api/scheduling/providers/:id/rules',
      {
        config: read,
        schema: {
          tags,
          summary: "A provider's working-hour rules",
          params: providerIdParamsSchema,
          response: { 200: z.object({ items: z.array(scheduleRuleSchema) }) },
        },
      },
      async (request) => ({
        items: await run(request, (scope) => listScheduleRules(scope, request.params.id)),
      }),
    );

    app.post(
      '/api/scheduling/providers/:id/rules',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add working hours: days as an RRULE, hours in the location’s time zone',
          description:
            'Examples: FREQ=WEEKLY;BYDAY=MO,WE (every Monday and Wednesday), FREQ=WEEKLY;INTERVAL=2;BYDAY=FR (every other Friday from startsOn), FREQ=MONTHLY;BYDAY=1SA (the first Saturday of each month).',
          params: providerIdParamsSchema,
          body: scheduleRuleInputSchema,
          response: { 201: scheduleRuleSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await run(request, (scope) =>
              createScheduleRule(scope, scheduling, request.params.id, request.body),
            ),
          ),
    );

    app.put(
      '/api/scheduling/providers/:id/rules/:ruleId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Replace a working-hours rule',
          params: scheduleRuleParamsSchema,
          body: scheduleRuleInputSchema,
          response: { 200: scheduleRuleSchema },
        },
      },
      async (request) =>
        run(request, (scope) =>
          updateScheduleRule(scope, scheduling, request.params.id, request.params.ruleId, request.body),
        ),
    );

    app.delete(
      '/api/scheduling/providers/:id/rules/:ruleId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a working-hours rule (booked visits stay booked)',
          params: scheduleRuleParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) =>
          deleteScheduleRule(scope, scheduling, request.params.id, request.params.ruleId),
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/scheduling/providers/:id/extra-hours',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add hours on one day at one location (times in the location’s time zone)',
          params: providerIdParamsSchema,
          body: extraHoursInputSchema,
          response: { 201: extraHoursSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await run(request, (scope) => addExtraHours(scope, scheduling, request.params.id, request.body)),
          ),
    );

    app.delete(
      '/api/scheduling/providers/:id/extra-hours/:extraHoursId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove extra hours',
          params: extraHoursParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) =>
          removeExtraHours(scope, scheduling, request.params.id, request.params.extraHoursId),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/scheduling/settings',
      {
        config: read,
        schema: {
          tags,
          summary: 'Hold minutes, no-show grace, quiet hours, waitlist offers',
          response: { 200: schedulingSettingsSchema },
        },
      },
      async (request) => run(request, (scope) => readSchedulingSettings(scope)),
    );

    app.put(
      '/api/scheduling/settings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change the scheduling settings (all of them)',
          body: schedulingSettingsSchema,
          response: { 200: schedulingSettingsSchema },
        },
      },
      async (request) => run(request, (scope) => saveSchedulingSettings(scope, request.body)),
    );

    app.get(
      '/api/providers/:id/week',
      {
        config: read,
        schema: {
          tags,
          summary: "A provider's week: working hours, free time, visits and time off",
          description:
            'Patients’ names are given only to staff who read appointments. `from` is a day in the clinic’s time zone (this week’s Monday when left out).',
          params: providerIdParamsSchema,
          querystring: providerWeekQuerySchema,
          response: { 200: providerWeekSchema },
        },
      },
      async (request) => run(request, (scope) => providerWeek(scope, request.params.id, request.query)),
    );
  };
}
