import { DateTime } from 'luxon';
import type { WorkingBlock } from '../domains/scheduling/working-hours.ts';
import { answersFor, followUpFor, reasonFor } from './demo-scheduling-texts.ts';
import type { DemoTypeCode } from './demo-scheduling-types.ts';

/**
 * Where the demo's appointments go, decided before anything is written: a few visits today at
 * Main Street around the moment the demo is created (some patients already checked in, for the
 * arrivals board), one video visit today, a few past visits (seen, and one missed), and about a
 * third of every provider's working time over the coming two weeks. Each visit lies inside the
 * provider's working hours (today's excepted: they are placed around the start time so the
 * arrivals board has something to show whenever the demo starts) and never overlaps another of
 * the same provider, which the database's exclusion constraint would refuse anyway.
 */

export interface DemoVisitType {
  id: string;
  code: DemoTypeCode;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotStepMinutes: number;
  mode: 'in-person' | 'telehealth';
  bookableOnline: boolean;
}

export interface DemoVisitPatient {
  id: string;
  birthDate: string;
  sex: string;
  language: string;
  /** Their insurance payer key; null when self-pay. */
  payer: string | null;
}

export interface DemoVisitProvider {
  id: string;
  specialty: string;
  acceptedInsurance: string[];
  types: DemoVisitType[];
  locationIds: string[];
  /** Working hours from two weeks ago to two weeks ahead. */
  blocks: WorkingBlock[];
}

export type DemoVisitStatus = 'booked' | 'arrived' | 'fulfilled' | 'noshow';

export interface DemoVisit {
  providerId: string;
  locationId: string;
  patientId: string;
  type: DemoVisitType;
  startsAt: number;
  status: DemoVisitStatus;
  bookedAt: number;
  bookedOnline: boolean;
  checkedInAt: number | null;
  fulfilledAt: number | null;
  noshowAt: number | null;
  reason: string | null;
  answers: Record<string, string>;
  followUp: string | null;
}

const minute = 60_000;

/** A small seeded generator (mulberry32): the same seed places the same visits. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (probability: number) => next() < probability,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: readonly T[]): T[] => {
      const shuffled = [...items];
      for (let index = shuffled.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
      }
      return shuffled;
    },
  };
}
type Random = ReturnType<typeof seededRandom>;

/** The first wall-clock start on the type's step (from local midnight) at or after `instant`. */
function alignUp(instant: number, stepMinutes: number, zone: string): number {
  const local = DateTime.fromMillis(Math.ceil(instant / minute) * minute, { zone });
  const minutes = local.hour * 60 + local.minute;
  // Minutes are exact durations, so they are added to the instant itself.
  return local.toMillis() + ((stepMinutes - (minutes % stepMinutes)) % stepMinutes) * minute;
}

// How often a visit of each kind is booked, where the provider offers it.
const typeWeights: Record<DemoTypeCode, number> = {
  'follow-up': 5,
  'sick-visit': 2,
  'annual-physical': 2,
  'well-child': 4,
  'new-patient': 1.5,
  'video-visit': 2,
  'flu-shot': 1,
  procedure: 1,
};

function pickType(random: Random, types: DemoVisitType[], daysAhead: number): DemoVisitType {
  // Sick visits are booked for the next few days only.
  const offered = types.filter((type) => type.code !== 'sick-visit' || daysAhead <= 2);
  const total = offered.reduce((sum, type) => sum + typeWeights[type.code], 0);
  let roll = random.next() * total;
  for (const type of offered) {
    roll -= typeWeights[type.code];
    if (roll <= 0) return type;
  }
  return offered.at(-1)!;
}

/** Whole years from a birth date to a day (both `YYYY-MM-DD`): birthdays are counted by calendar date. */
function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Who this provider sees: by age and sex for the specialty, and insurance they accept (or self-pay). */
function patientsFor(provider: DemoVisitProvider, patients: (DemoVisitPatient & { age: number })[]) {
  return patients.filter((patient) => {
    const age = patient.age;
    const fits =
      provider.specialty === 'Pediatrics'
        ? age < 18
        : provider.specialty === 'Geriatrics'
          ? age >= 65
          : provider.specialty === 'Obstetrics and gynecology'
            ? patient.sex === 'female' && age >= 16 && age < 65
            : provider.specialty === 'Family medicine'
              ? true
              : age >= 18;
    return fits && (patient.payer === null || provider.acceptedInsurance.includes(patient.payer));
  });
}

/** Places the demo's visits; `now` is when the demo is created, `zone` Main Street's. */
export function placeDemoVisits(input: {
  now: Date;
  zone: string;
  seed: number;
  mainLocationId: string;
  providers: DemoVisitProvider[];
  patients: DemoVisitPatient[];
}): DemoVisit[] {
  const random = seededRandom(input.seed);
  const now = input.now.getTime();
  const zone = input.zone;
  const today = DateTime.fromMillis(now, { zone });
  const todayDate = today.toISODate()!;
  const visits: DemoVisit[] = [];
  const busy = new Map<string, { start: number; end: number }[]>(input.providers.map((p) => [p.id, []]));
  const patientDays = new Map<string, Set<string>>();
  const upcomingWith = new Map<string, Set<string>>();
  const aged = input.patients.map((patient) => ({ ...patient, age: ageOn(patient.birthDate, todayDate) }));
  const pools = new Map(input.providers.map((p) => [p.id, patientsFor(p, aged)]));

  const blockedOf = (type: DemoVisitType, start: number) => ({
    start: start - type.bufferBeforeMinutes * minute,
    end: start + (type.durationMinutes + type.bufferAfterMinutes) * minute,
  });
  const isFree = (providerId: string, range: { start: number; end: number }) =>
    busy.get(providerId)!.every((taken) => taken.end <= range.start || taken.start >= range.end);

  /** A patient of the provider free that day (and not already booked with them ahead). */
  const choosePatient = (provider: DemoVisitProvider, start: number, day: string) => {
    const pool = pools.get(provider.id)!;
    for (let attempt = 0; attempt < 25 && pool.length > 0; attempt++) {
      const patient = random.pick(pool);
      const days = patientDays.get(patient.id);
      const providersAhead = upcomingWith.get(patient.id);
      if (
        days?.has(day) ||
        (start > now && (providersAhead?.has(provider.id) || (providersAhead?.size ?? 0) >= 2))
      )
        continue;
      return patient;
    }
    return undefined;
  };

  const add = (
    provider: DemoVisitProvider,
    type: DemoVisitType,
    start: number,
    visit: Pick<DemoVisit, 'status' | 'checkedInAt' | 'fulfilledAt' | 'noshowAt'> & {
      /** The local day of `start`. */
      day: string;
      locationId?: string;
    },
  ): boolean => {
    const range = blockedOf(type, start);
    if (!isFree(provider.id, range)) return false;
    const day = visit.day;
    const patient = choosePatient(provider, start, day);
    if (!patient) return false;
    busy.get(provider.id)!.push(range);
    patientDays.set(patient.id, new Set([...(patientDays.get(patient.id) ?? []), day]));
    if (start > now)
      upcomingWith.set(patient.id, new Set([...(upcomingWith.get(patient.id) ?? []), provider.id]));
    const language = patient.language === 'es' ? 'es' : 'en';
    const online = type.bookableOnline && random.chance(0.55);
    visits.push({
      providerId: provider.id,
      locationId: visit.locationId ?? provider.locationIds[0]!,
      patientId: patient.id,
      type,
      startsAt: start,
      status: visit.status,
      bookedAt: Math.min(now, start) - random.int(1, 21) * 24 * 60 * minute - random.int(0, 600) * minute,
      bookedOnline: online,
      checkedInAt: visit.checkedInAt,
      fulfilledAt: visit.fulfilledAt,
      noshowAt: visit.noshowAt,
      reason: reasonFor(type.code, language, random.next()),
      answers: answersFor(type, language, random.next()),
      followUp:
        visit.status === 'fulfilled' && random.chance(0.5) ? followUpFor(language, random.next()) : null,
    });
    return true;
  };

  const inPerson = (provider: DemoVisitProvider, preferred: DemoTypeCode[]) =>
    preferred
      .map((code) => provider.types.find((type) => type.code === code))
      .find((type) => type !== undefined) ?? provider.types.find((type) => type.mode === 'in-person')!;

  // Today at Main Street, around the start time (on the quarter hour before it).
  const q = today
    .startOf('hour')
    .plus({ minutes: Math.floor(today.minute / 15) * 15 })
    .toMillis();
  const atMain = input.providers.filter(
    (provider) =>
      provider.locationIds.includes(input.mainLocationId) &&
      !['Behavioral health', 'Psychiatry'].includes(provider.specialty),
  );
  const [first, second, third] = random.shuffle(atMain);
  const todays: [
    DemoVisitProvider | undefined,
    DemoTypeCode[],
    number,
    'fulfilled' | 'arrived' | 'booked',
    number?,
  ][] = [
    [second, ['follow-up'], q - 75 * minute, 'fulfilled', q - 82 * minute],
    [first, ['follow-up', 'sick-visit'], q - 15 * minute, 'arrived', q - 21 * minute],
    [second, ['sick-visit', 'follow-up'], q, 'arrived', now - 12 * minute],
    [third, ['annual-physical', 'follow-up'], q + 15 * minute, 'arrived', now - 2 * minute],
    [second, ['follow-up'], q + 30 * minute, 'booked'],
    [first, ['annual-physical', 'well-child', 'follow-up'], q + 45 * minute, 'booked'],
    [third, ['new-patient', 'follow-up'], q + 75 * minute, 'booked'],
    [second, ['sick-visit', 'follow-up'], q + 90 * minute, 'booked'],
  ];
  for (const [provider, preferred, start, status, checkedInAt] of todays) {
    if (!provider || DateTime.fromMillis(start, { zone }).toISODate() !== todayDate) continue;
    const type = inPerson(provider, preferred);
    add(provider, type, start, {
      status,
      day: todayDate,
      locationId: input.mainLocationId,
      checkedInAt: checkedInAt ?? null,
      fulfilledAt: status === 'fulfilled' ? start + (type.durationMinutes + 8) * minute : null,
      noshowAt: null,
    });
  }

  // One video visit today, half an hour on, with a provider who sees patients by video.
  const videoStart = q + 30 * minute;
  const byVideo = input.providers.filter(
    (provider) =>
      provider.types.some((type) => type.code === 'video-visit') &&
      provider !== first &&
      provider !== second &&
      provider !== third,
  );
  if (byVideo.length > 0 && DateTime.fromMillis(videoStart, { zone }).toISODate() === todayDate) {
    const provider = random.pick(byVideo);
    add(provider, provider.types.find((type) => type.code === 'video-visit')!, videoStart, {
      status: 'booked',
      day: todayDate,
      checkedInAt: null,
      fulfilledAt: null,
      noshowAt: null,
    });
  }

  // A few past visits over the last two weeks: seen, and one the patient missed.
  let missed = false;
  for (const provider of input.providers) {
    const past = provider.blocks.filter((block) => block.end <= today.startOf('day').toMillis());
    for (let count = random.int(0, 2); count > 0 && past.length > 0; count--) {
      const block = random.pick(past);
      const type = pickType(random, provider.types, -1);
      const start = alignUp(block.start + random.int(0, 8) * 15 * minute, type.slotStepMinutes, zone);
      if (start + (type.durationMinutes + type.bufferAfterMinutes) * minute > block.end) continue;
      const noShow = !missed && type.mode === 'in-person';
      const placed = add(provider, type, start, {
        status: noShow ? 'noshow' : 'fulfilled',
        day: block.localDate,
        locationId: block.locationId,
        checkedInAt: noShow ? null : start - random.int(3, 15) * minute,
        fulfilledAt: noShow ? null : start + (type.durationMinutes + random.int(0, 10)) * minute,
        noshowAt: noShow ? start + 15 * minute : null,
      });
      if (placed && noShow) missed = true;
    }
  }

  // The coming two weeks, fuller in the first: about a third of the working time in all.
  const soonest = alignUp(now + 60 * minute, 15, zone);
  const comingDays = new Map(
    Array.from({ length: 14 }, (_, days) => [today.plus({ days }).toISODate()!, days] as const),
  );
  for (const provider of input.providers)
    for (const block of provider.blocks) {
      const daysAhead = comingDays.get(block.localDate);
      if (daysAhead === undefined || block.end <= soonest) continue;
      const share = daysAhead < 7 ? 0.46 : 0.32;
      let cursor = Math.max(block.start, soonest);
      while (cursor < block.end) {
        if (!random.chance(share)) {
          cursor += random.pick([15, 30]) * minute;
          continue;
        }
        const type = pickType(random, provider.types, daysAhead);
        const start = alignUp(cursor + type.bufferBeforeMinutes * minute, type.slotStepMinutes, zone);
        const end = start + (type.durationMinutes + type.bufferAfterMinutes) * minute;
        if (end > block.end) break;
        add(provider, type, start, {
          status: 'booked',
          day: block.localDate,
          locationId: block.locationId,
          checkedInAt: null,
          fulfilledAt: null,
          noshowAt: null,
        });
        cursor = end;
      }
    }
  return visits;
}
