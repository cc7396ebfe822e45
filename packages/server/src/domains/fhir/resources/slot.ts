import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/connection.ts';
import { Invalid, NotFound } from '../../../errors.ts';
import { locations } from '../../organizations/schema.ts';
import { bookingWindow } from '../../scheduling/availability.ts';
import { providerDisplayName } from '../../scheduling/directory.ts';
import { freeStarts } from '../../scheduling/free-starts.ts';
import {
  appointments,
  type appointmentTypes,
  providerLocations,
  providers,
} from '../../scheduling/schema.ts';
import type { FhirResource } from '../fhir-types.ts';
import { localCodeSystem, referenceTo } from '../fhir-types.ts';
import { instantFits, labelCode } from '../search-filters.ts';
import {
  clausesOf,
  type DateValue,
  isUuid,
  type ParsedSearch,
  type SearchParameter,
  type TokenValue,
} from '../search-params.ts';
import { readSlotId, type SlotKey, slotId } from '../slot-id.ts';
import type { FhirContext } from './context.ts';
import { offeredTypes, specialtyConcept } from './practitioner-role.ts';
import { appointmentTypeConcept } from './schedule.ts';

/**
 * Free slots (https://hl7.org/fhir/R4/slot.html): the start times the scheduling core offers
 * for each kind of visit, read from the provider's precomputed free time with its own
 * `freeStarts` and booking window, never worked out here from appointments. A slot exists
 * while it is free, so searches return free slots only; reading the slot of a booked
 * appointment says `busy`.
 */

type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;

const minute = 60_000;
const day = 24 * 60 * minute;
/** Without an upper bound on `start`, a search covers this many days. */
export const defaultSlotDays = 14;
/** The widest `start` range one search may cover (page through longer ones). */
export const maxSlotDays = 62;
const slotStatusSystem = 'http://hl7.org/fhir/slotstatus';

export const slotSearchParameters: readonly SearchParameter[] = [
  {
    name: 'schedule',
    type: 'reference',
    targets: ['Schedule'],
    documentation: 'The Schedule (a provider at a location): Schedule/<id>.',
  },
  {
    name: 'start',
    type: 'date',
    documentation: `When the slot starts: start=ge2026-03-09&start=lt2026-03-10 (dates without a zone are the clinic's). Without an upper bound the search covers ${defaultSlotDays} days from the lower one (or now), at most ${maxSlotDays} days per search.`,
  },
  {
    name: 'status',
    type: 'token',
    documentation: 'free: the only status searched here (booked times are Appointments).',
  },
  {
    name: 'service-type',
    type: 'token',
    documentation: 'The appointment type code (new-patient, follow-up...).',
  },
  {
    name: 'appointment-type',
    type: 'token',
    documentation: 'The same appointment type code as service-type.',
  },
];

/** A Schedule whose slots are computed: the provider at the location, and the kinds of visit offered. */
interface SlotSchedule {
  id: string;
  providerId: string;
  locationId: string;
  timeZone: string;
  display: string;
  specialty: string | null;
  types: AppointmentTypeRow[];
}

interface FreeSlot {
  schedule: SlotSchedule;
  type: AppointmentTypeRow;
  start: number;
}

export function slotResource(
  base: string,
  slot: FreeSlot,
  status: 'free' | 'busy' | 'busy-tentative' = 'free',
): FhirResource {
  const concept = appointmentTypeConcept(base, slot.type);
  const specialty = specialtyConcept(base, slot.schedule.specialty);
  return {
    resourceType: 'Slot',
    id: slotId({
      scheduleId: slot.schedule.id,
      appointmentTypeId: slot.type.id,
      startsAt: new Date(slot.start),
    }),
    serviceType: [concept],
    ...(specialty.length > 0 ? { specialty } : {}),
    appointmentType: concept,
    schedule: referenceTo('Schedule', slot.schedule.id, slot.schedule.display),
    status,
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.start + slot.type.durationMinutes * minute).toISOString(),
  };
}

/** The active schedules matching the conditions, with the kinds of visit each provider offers. */
async function slotSchedules(ctx: FhirContext, where: SQL[]): Promise<SlotSchedule[]> {
  const rows = await ctx.orm
    .select({
      id: providerLocations.id,
      providerId: providerLocations.providerId,
      locationId: providerLocations.locationId,
      timeZone: locations.timeZone,
      locationName: locations.name,
      provider: {
        prefix: providers.prefix,
        givenName: providers.givenName,
        familyName: providers.familyName,
        credentials: providers.credentials,
        specialty: providers.specialty,
      },
    })
    .from(providerLocations)
    .innerJoin(providers, eq(providers.id, providerLocations.providerId))
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(
      and(
        eq(providerLocations.organizationId, ctx.organizationId),
        eq(providerLocations.active, true),
        ...where,
      ),
    );
  const offered = await offeredTypes(ctx, [...new Set(rows.map((row) => row.providerId))]);
  return rows.map((row) => ({
    id: row.id,
    providerId: row.providerId,
    locationId: row.locationId,
    timeZone: row.timeZone,
    display: `${providerDisplayName(row.provider)} at ${row.locationName}`,
    specialty: row.provider.specialty,
    types: offered.get(row.providerId) ?? [],
  }));
}

/**
 * Every free start of the schedules' kinds of visit in [from, until), inside each kind's
 * booking window, from the providers' free time: soonest first.
 */
async function freeSlots(
  ctx: FhirContext,
  schedules: SlotSchedule[],
  window: { from: Date; until: Date },
  now: Date,
): Promise<FreeSlot[]> {
  if (schedules.length === 0 || window.from >= window.until) return [];
  const bySchedulePlace = new Map(
    schedules.map((schedule) => [`${schedule.providerId}/${schedule.locationId}`, schedule]),
  );
  // A free range lies within one local day, so none that ends after `from` starts more than 25 hours before it.
  const ranges = rowsOf<{
    provider_id: string;
    location_id: string;
    starts_at: Date | string;
    ends_at: Date | string;
  }>(
    await ctx.orm.execute(sql`
      select provider_id, location_id, starts_at, ends_at from provider_free_time
      where provider_id = any(${sql.param([...new Set(schedules.map((s) => s.providerId))])}::uuid[])
        and starts_at >= ${window.from}::timestamptz - interval '25 hours'
        and starts_at < ${window.until} and ends_at > ${window.from}
      order by starts_at`),
  );
  const slots: FreeSlot[] = [];
  for (const range of ranges) {
    const schedule = bySchedulePlace.get(`${range.provider_id}/${range.location_id}`);
    if (!schedule) continue;
    const span = { start: new Date(range.starts_at).getTime(), end: new Date(range.ends_at).getTime() };
    for (const type of schedule.types) {
      const bookable = bookingWindow(type, now);
      const earliest = Math.max(window.from.getTime(), bookable.from.getTime());
      const latest = Math.min(window.until.getTime(), bookable.until.getTime()) - 1;
      for (const start of freeStarts(
        span,
        type,
        schedule.timeZone,
        earliest,
        latest,
        Number.POSITIVE_INFINITY,
      ))
        slots.push({ schedule, type, start });
    }
  }
  return slots.sort(
    (a, b) =>
      a.start - b.start ||
      a.schedule.id.localeCompare(b.schedule.id) ||
      a.type.code.localeCompare(b.type.code),
  );
}

/** The range of starts one use of `start` allows, its alternatives joined. */
function startRange(clause: DateValue[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of clause) {
    const [start, end] = [value.start.getTime(), value.end.getTime()];
    const [from, until] = {
      eq: [start, end],
      ne: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      ge: [start, Number.POSITIVE_INFINITY],
      gt: [end, Number.POSITIVE_INFINITY],
      sa: [end, Number.POSITIVE_INFINITY],
      le: [Number.NEGATIVE_INFINITY, end],
      lt: [Number.NEGATIVE_INFINITY, start],
      eb: [Number.NEGATIVE_INFINITY, start],
    }[value.prefix] as [number, number];
    low = Math.min(low, from);
    high = Math.max(high, until);
  }
  return [low, high];
}

/**
 * The instants a search covers: what its `start` uses allow, from now on; without an upper bound
 * `defaultSlotDays` from the lower one. The bound put in is added to the search as understood,
 * so the Bundle's self link says which days the answer covers.
 */
function searchWindow(search: ParsedSearch, now: Date): { from: Date; until: Date } {
  let from = now.getTime();
  let until = Number.POSITIVE_INFINITY;
  for (const clause of clausesOf(search, 'start', 'date')) {
    const [low, high] = startRange(clause);
    from = Math.max(from, low);
    until = Math.min(until, high);
  }
  if (until === Number.POSITIVE_INFINITY) {
    until = from + defaultSlotDays * day;
    search.query.push(['start', `lt${new Date(until).toISOString()}`]);
  }
  if (until - from > maxSlotDays * day)
    throw new Invalid(
      `A slot search covers at most ${maxSlotDays} days; this one asks for ${Math.ceil((until - from) / day)}. Narrow start (start=ge...&start=lt...) and search again for the days after.`,
      [{ field: 'start', message: `covers more than ${maxSlotDays} days` }],
    );
  return { from: new Date(from), until: new Date(until) };
}

function checkStatus(search: ParsedSearch): void {
  for (const clause of clausesOf(search, 'status', 'token'))
    for (const value of clause)
      if (value.code !== 'free' || (value.system !== undefined && value.system !== slotStatusSystem))
        throw new Invalid(
          `This server publishes free slots only; status=${value.code ?? ''} cannot be searched. Booked times are Appointments.`,
          [{ field: 'status', message: 'must be free' }],
        );
}

/** Whether a kind of visit matches a token of the clinic's appointment type codes. */
const typeMatches = (base: string, type: AppointmentTypeRow, value: TokenValue) =>
  (value.system === undefined || value.system === localCodeSystem(base, 'appointment-type')) &&
  (value.code === undefined || value.code === type.code || labelCode(value.code) === type.code);

export async function searchSlots(ctx: FhirContext, search: ParsedSearch, now = new Date()) {
  checkStatus(search);
  const where: SQL[] = [];
  for (const clause of clausesOf(search, 'schedule', 'reference')) {
    const ids = clause.map((value) => value.id).filter(isUuid);
    where.push(ids.length > 0 ? inArray(providerLocations.id, ids) : sql`false`);
  }
  const wantedIds = clausesOf(search, '_id', 'token').map(
    (clause) => new Set(clause.flatMap((value) => (value.code ? [value.code] : []))),
  );
  for (const wanted of wantedIds) {
    const schedules = [...wanted].flatMap((id) => {
      const key = readSlotId(id);
      return key ? [key.scheduleId] : [];
    });
    where.push(schedules.length > 0 ? inArray(providerLocations.id, schedules) : sql`false`);
  }
  const window = searchWindow(search, now);
  const typeClauses = [
    ...clausesOf(search, 'service-type', 'token'),
    ...clausesOf(search, 'appointment-type', 'token'),
  ];
  const startClauses = clausesOf(search, 'start', 'date');
  const schedules = (await slotSchedules(ctx, where)).map((schedule) => ({
    ...schedule,
    types: schedule.types.filter((type) =>
      typeClauses.every((clause) => clause.some((value) => typeMatches(ctx.base, type, value))),
    ),
  }));
  const matches = (await freeSlots(ctx, schedules, window, now)).filter(
    (slot) =>
      startClauses.every((clause) => clause.some((value) => instantFits(slot.start, value))) &&
      wantedIds.every((wanted) =>
        wanted.has(
          slotId({
            scheduleId: slot.schedule.id,
            appointmentTypeId: slot.type.id,
            startsAt: new Date(slot.start),
          }),
        ),
      ),
  );
  return {
    total: matches.length,
    resources: matches
      .slice(search.offset, search.offset + search.count)
      .map((slot) => slotResource(ctx.base, slot)),
  };
}

/** What a slot id stands for here: its schedule and kind of visit, when both exist and go together. */
export async function slotOf(ctx: FhirContext, key: SlotKey): Promise<FreeSlot | undefined> {
  const [schedule] = await slotSchedules(ctx, [eq(providerLocations.id, key.scheduleId)]);
  const type = schedule?.types.find((candidate) => candidate.id === key.appointmentTypeId);
  if (!schedule || !type) return undefined;
  return { schedule, type, start: key.startsAt.getTime() };
}

/** Whether the slot is free now: one of the starts the scheduling core offers. */
export async function isFree(ctx: FhirContext, slot: FreeSlot, now = new Date()): Promise<boolean> {
  const free = await freeSlots(
    ctx,
    [{ ...slot.schedule, types: [slot.type] }],
    { from: new Date(slot.start), until: new Date(slot.start + minute) },
    now,
  );
  return free.some((candidate) => candidate.start === slot.start);
}

/** The live appointment that took the slot's time, if one did (a booked slot reads as busy). */
export async function appointmentInSlot(ctx: FhirContext, slot: FreeSlot) {
  const [row] = await ctx.orm
    .select({ id: appointments.id, status: appointments.status })
    .from(appointments)
    .where(
      and(
        eq(appointments.providerId, slot.schedule.providerId),
        eq(appointments.locationId, slot.schedule.locationId),
        eq(appointments.appointmentTypeId, slot.type.id),
        eq(appointments.startsAt, new Date(slot.start)),
        inArray(appointments.status, ['held', 'booked', 'arrived']),
      ),
    )
    .limit(1);
  return row;
}

export async function readSlot(ctx: FhirContext, id: string, now = new Date()): Promise<FhirResource> {
  const key = readSlotId(id);
  const slot = key ? await slotOf(ctx, key) : undefined;
  const gone = () =>
    new NotFound(
      `There is no free Slot/${id}: it was never a slot here, or its time is no longer offered. Search Slot?schedule=...&status=free again.`,
    );
  if (!slot) throw gone();
  if (await isFree(ctx, slot, now)) return slotResource(ctx.base, slot);
  const taken = await appointmentInSlot(ctx, slot);
  if (taken) return slotResource(ctx.base, slot, taken.status === 'held' ? 'busy-tentative' : 'busy');
  throw gone();
}

export type { FreeSlot };
