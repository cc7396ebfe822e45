import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { StaffAction } from '../access/policy.ts';
import { organizations } from '../organizations/schema.ts';
import { asStaff } from '../patients/run-as.ts';
import { schedulingDependencies } from '../scheduling/booking-routes.ts';
import { searchsetBundle } from './bundle.ts';
import { capabilityStatement, type SupportedResource } from './capability.ts';
import { installFhirErrorHandler, NotAcceptable, outcomeOf, sendOutcome } from './fhir-errors.ts';
import type { FhirResource } from './fhir-types.ts';
import {
  appointmentSearchParameters,
  readAppointmentResource,
  searchAppointments,
} from './resources/appointment.ts';
import { bookFromFhir } from './resources/appointment-booking.ts';
import type { FhirContext } from './resources/context.ts';
import { locationSearchParameters, readLocation, searchLocations } from './resources/location.ts';
import {
  practitionerSearchParameters,
  readPractitioner,
  searchPractitioners,
} from './resources/practitioner.ts';
import {
  practitionerRoleSearchParameters,
  readPractitionerRole,
  searchPractitionerRoles,
} from './resources/practitioner-role.ts';
import { readSchedule, scheduleSearchParameters, searchSchedules } from './resources/schedule.ts';
import { readSlot, searchSlots, slotSearchParameters } from './resources/slot.ts';
import { type ParsedSearch, parseSearch, prefersStrict } from './search-params.ts';

/**
 * The FHIR R4 facade at /fhir/R4: scheduling as FHIR resources for EHRs and FHIR tools. Callers
 * are staff sessions and API tokens, under the same policy and audit as the rest of the API;
 * answers are FHIR JSON and errors OperationOutcomes.
 */

export const fhirBasePath = '/fhir/R4';
const fhirJson = 'application/fhir+json; charset=utf-8';
const plainJson = 'application/json; charset=utf-8';
const softwareVersion = '0.1.0';

/** A resource type served here: how it is read, searched and perhaps created, and who may. */
export interface ResourceEndpoint extends Omit<SupportedResource, 'interactions'> {
  permission: StaffAction;
  read(scope: ActorScope, ctx: FhirContext, id: string): Promise<FhirResource>;
  search(
    scope: ActorScope,
    ctx: FhirContext,
    search: ParsedSearch,
  ): Promise<{ total: number; resources: FhirResource[] }>;
  maxCount?: number;
  create?: {
    permission: StaffAction;
    summary: string;
    handle(scope: ActorScope, ctx: FhirContext, body: unknown): Promise<FhirResource>;
  };
}

/** What the CapabilityStatement says of an endpoint: exactly the routes registered for it. */
const supported = (endpoint: ResourceEndpoint): SupportedResource => ({
  ...endpoint,
  interactions: ['read', 'search-type', ...(endpoint.create ? (['create'] as const) : [])],
});

const directoryEndpoints: ResourceEndpoint[] = [
  {
    type: 'Practitioner',
    documentation: 'The clinic’s providers: name, NPI, languages, work contacts.',
    searchParameters: practitionerSearchParameters,
    permission: 'fhir.directory.read',
    read: (_scope, ctx, id) => readPractitioner(ctx, id),
    search: (_scope, ctx, search) => searchPractitioners(ctx, search),
  },
  {
    type: 'PractitionerRole',
    documentation: 'A provider at one location, with their specialty; same id as the Schedule.',
    searchParameters: practitionerRoleSearchParameters,
    permission: 'fhir.directory.read',
    read: (_scope, ctx, id) => readPractitionerRole(ctx, id),
    search: (_scope, ctx, search) => searchPractitionerRoles(ctx, search),
  },
  {
    type: 'Location',
    documentation: 'The clinic’s locations, with address, hours, holidays and time zone.',
    searchParameters: locationSearchParameters,
    permission: 'fhir.directory.read',
    read: (_scope, ctx, id) => readLocation(ctx, id),
    search: (_scope, ctx, search) => searchLocations(ctx, search),
  },
  {
    type: 'Schedule',
    documentation:
      'A provider’s bookable time at one location; its service types are the kinds of visit offered.',
    searchParameters: scheduleSearchParameters,
    permission: 'fhir.directory.read',
    read: (_scope, ctx, id) => readSchedule(ctx, id),
    search: (_scope, ctx, search) => searchSchedules(ctx, search),
  },
];

/** Free slots and appointments: slots need no more than the directory; appointments are PHI. */
function schedulingEndpoints(deps: AppDependencies): ResourceEndpoint[] {
  const scheduling = schedulingDependencies(deps);
  return [
    {
      type: 'Slot',
      documentation:
        'Free times to book, per provider, location and appointment type, computed from the providers’ free time. Only free slots are searched; ids are stable and can be booked with POST Appointment.',
      searchParameters: slotSearchParameters,
      permission: 'fhir.directory.read',
      maxCount: 500,
      read: (_scope, ctx, id) => readSlot(ctx, id),
      search: (_scope, ctx, search) => searchSlots(ctx, search),
    },
    {
      type: 'Appointment',
      documentation:
        'Appointments (health information: every read and booking is audited; the reason for the visit is shown to those who may read the record). Create books a free Slot for a Patient of the clinic: status booked (or proposed), slot [Slot/<id>], a Patient participant, optionally reasonCode text; the answer is the booked Appointment, or 409 when the slot was just taken.',
      searchParameters: appointmentSearchParameters,
      permission: 'appointment.read',
      read: (scope, ctx, id) => readAppointmentResource(scope, ctx, deps.cipher, id),
      search: (scope, ctx, search) => searchAppointments(scope, ctx, deps.cipher, search),
      create: {
        permission: 'appointment.book',
        summary: 'Book a free Slot for a Patient (an Appointment with slot and participant)',
        handle: (scope, ctx, body) => bookFromFhir(scope, ctx, scheduling, body),
      },
    },
  ];
}

/** Which JSON flavour the client wants; a request for XML or Turtle is refused (406). */
function responseType(request: FastifyRequest): string {
  const format = (request.query as Record<string, unknown> | undefined)?._format;
  if (
    typeof format === 'string' &&
    !/^(json|application\/(fhir\+json|json\+fhir|json))$/i.test(format.trim())
  )
    throw new NotAcceptable(
      `This FHIR server answers in JSON only; _format=${format} is not available. Use _format=json.`,
    );
  const accept = request.headers.accept;
  if (!accept) return fhirJson;
  const ranges = accept.split(',').map((range) => range.split(';')[0]!.trim().toLowerCase());
  if (ranges.some((range) => range === 'application/fhir+json' || range === 'application/json+fhir'))
    return fhirJson;
  if (ranges.includes('application/json')) return plainJson;
  if (ranges.some((range) => range === '*/*' || range === 'application/*')) return fhirJson;
  throw new NotAcceptable(
    `This FHIR server answers in JSON only (Accept: ${accept}). Ask for application/fhir+json or application/json.`,
  );
}

/** The type to answer with; FHIR JSON when the client asked for something else (the 406 itself). */
function acceptedType(request: FastifyRequest): string {
  try {
    return responseType(request);
  } catch {
    return fhirJson;
  }
}

async function organizationTimeZone(scope: ActorScope): Promise<string> {
  const [row] = await scope.orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, scope.actor.organizationId));
  return row?.timeZone ?? 'UTC';
}

/** The FHIR routes, under /fhir/R4 in a scope of their own (its own error answers and body types). */
export function fhirRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  const base = `${deps.config.publicUrl}${fhirBasePath}`;
  const startedAt = new Date();
  const endpoints = [...directoryEndpoints, ...schedulingEndpoints(deps)];

  const withContext = <T>(
    request: FastifyRequest,
    work: (scope: ActorScope, ctx: FhirContext) => Promise<T>,
  ) =>
    run(request, async (scope) =>
      work(scope, {
        orm: scope.orm,
        organizationId: scope.actor.organizationId,
        publicUrl: deps.config.publicUrl,
        base,
        timeZone: await organizationTimeZone(scope),
      }),
    );

  const registerEndpoint = (app: FastifyInstance, endpoint: ResourceEndpoint) => {
    app.get(
      `/${endpoint.type}`,
      {
        config: { permission: endpoint.permission },
        schema: { tags: ['fhir'], summary: `Search ${endpoint.type}` },
      },
      async (request) => {
        const rawQuery = request.url.split('?')[1] ?? '';
        return withContext(request, async (scope, ctx) => {
          const search = parseSearch(rawQuery, endpoint.searchParameters, {
            timeZone: ctx.timeZone,
            strict: prefersStrict(request.headers.prefer),
            ...(endpoint.maxCount ? { maxCount: endpoint.maxCount } : {}),
          });
          const { total, resources } = await endpoint.search(scope, ctx, search);
          return searchsetBundle({ base, resourceType: endpoint.type, search, total, matches: resources });
        });
      },
    );
    app.get<{ Params: { id: string } }>(
      `/${endpoint.type}/:id`,
      {
        config: { permission: endpoint.permission },
        schema: { tags: ['fhir'], summary: `Read a ${endpoint.type}` },
      },
      async (request) => withContext(request, (scope, ctx) => endpoint.read(scope, ctx, request.params.id)),
    );
    const create = endpoint.create;
    if (create)
      app.post(
        `/${endpoint.type}`,
        { config: { permission: create.permission }, schema: { tags: ['fhir'], summary: create.summary } },
        async (request, reply) => {
          const created = await withContext(request, (scope, ctx) => create.handle(scope, ctx, request.body));
          return reply.code(201).header('location', `${base}/${endpoint.type}/${created.id}`).send(created);
        },
      );
  };

  return async (app) => {
    await app.register(
      async (fhir) => {
        installFhirErrorHandler(fhir, deps.config.http.bodyLimitBytes);
        fhir.addContentTypeParser(
          ['application/fhir+json', 'application/json+fhir'],
          { parseAs: 'string' },
          fhir.getDefaultJsonParser('error', 'error'),
        );
        // Checked before anything else; every answer, a refusal too, is then FHIR JSON.
        fhir.addHook('onRequest', async (request) => {
          responseType(request);
        });
        fhir.addHook('onSend', async (request, reply, payload) => {
          reply.header('content-type', acceptedType(request));
          return payload;
        });
        fhir.setNotFoundHandler((request, reply) =>
          sendOutcome(
            reply,
            404,
            outcomeOf(
              404,
              `This FHIR server has no ${request.method} ${request.url.split('?')[0]}. See ${base}/metadata for what it supports.`,
            ),
          ),
        );

        fhir.get(
          '/metadata',
          {
            config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
            schema: { tags: ['fhir'], summary: 'The CapabilityStatement: what this FHIR server supports' },
          },
          async () =>
            capabilityStatement({
              base,
              publishedAt: startedAt,
              softwareVersion,
              resources: endpoints.map(supported),
            }),
        );
        for (const endpoint of endpoints) registerEndpoint(fhir, endpoint);
      },
      { prefix: fhirBasePath },
    );
  };
}
