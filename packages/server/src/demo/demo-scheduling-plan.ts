import { payerKey } from '../domains/scheduling/insurance.ts';
import type { DemoProvider } from './demo-providers.ts';
import type { DemoRandom } from './demo-random.ts';
import type { DemoTypeCode } from './demo-scheduling-types.ts';

/**
 * What each demo provider offers and when they work, drawn from the seeded generator: the
 * insurance they accept, their kinds of visit (by specialty), their weekly hours at each of
 * their locations (several blocks a day; a few Saturday mornings; one works every other
 * Friday), and one upcoming time off. Dates are not drawn here: they are placed from the day
 * the demo is created (demo-scheduling.ts), so the demo always starts with a current calendar.
 */

/** Weekly hours at one location: the days as an RRULE and the local hours worked on them. */
export interface DemoHoursRule {
  locationKey: string;
  recurrence: string;
  startTime: string;
  endTime: string;
}

export interface DemoTimeOff {
  /** Days after the demo's first day. */
  startsInDays: number;
  /** 'day': a whole day; 'afternoon': from 12:00; 'week': seven days. */
  length: 'day' | 'afternoon' | 'week';
  reason: string;
}

export interface DemoProviderSchedule {
  npi: string;
  acceptedInsurance: string[];
  typeCodes: DemoTypeCode[];
  hours: DemoHoursRule[];
  timeOff: DemoTimeOff;
}

export interface DemoSchedulingPlan {
  providers: DemoProviderSchedule[];
  /** Seeds the placing of appointments, so one seed number gives the same calendar. */
  placementSeed: number;
}

const commercial = ['Blue Cross Blue Shield', 'Aetna', 'UnitedHealthcare', 'Cigna'];

const typesBySpecialty: Record<string, DemoTypeCode[]> = {
  'Family medicine': ['new-patient', 'follow-up', 'annual-physical', 'sick-visit', 'flu-shot'],
  Pediatrics: ['new-patient', 'follow-up', 'well-child', 'sick-visit', 'flu-shot'],
  'Internal medicine': ['new-patient', 'follow-up', 'annual-physical', 'sick-visit', 'flu-shot'],
  Geriatrics: ['new-patient', 'follow-up', 'annual-physical', 'flu-shot'],
  'Obstetrics and gynecology': ['new-patient', 'follow-up', 'annual-physical', 'procedure'],
  Cardiology: ['new-patient', 'follow-up', 'procedure'],
  Dermatology: ['new-patient', 'follow-up', 'procedure'],
  'Behavioral health': ['new-patient', 'follow-up'],
  Psychiatry: ['new-patient', 'follow-up'],
};

// Who takes public insurance: children's and maternity care take Medicaid, care of adults
// takes Medicare; the others take each with a practice's usual likelihood.
function insuranceFor(random: DemoRandom, specialty: string): string[] {
  const { faker } = random;
  const accepted = faker.helpers.arrayElements(commercial, { min: 2, max: 4 });
  const medicaid =
    ['Pediatrics', 'Obstetrics and gynecology'].includes(specialty) || faker.datatype.boolean(0.6);
  const medicare = !['Pediatrics', 'Obstetrics and gynecology'].includes(specialty)
    ? ['Geriatrics', 'Internal medicine', 'Cardiology'].includes(specialty) || faker.datatype.boolean(0.8)
    : false;
  if (medicare) accepted.push('Medicare');
  if (medicaid) accepted.push('Medicaid');
  return accepted.map(payerKey).sort();
}

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** Two blocks a day around lunch; behavioural health also works into the evening. */
function dailyBlocks(random: DemoRandom, specialty: string): { start: string; end: string }[] {
  const { faker } = random;
  if (['Behavioral health', 'Psychiatry'].includes(specialty))
    return [
      { start: '10:00', end: '13:00' },
      { start: '14:00', end: faker.helpers.arrayElement(['18:00', '19:00']) },
    ];
  const lunch = faker.helpers.arrayElement(['12:00', '12:30']);
  const back = lunch === '12:00' ? '13:00' : '13:30';
  return [
    { start: faker.helpers.arrayElement(['08:00', '08:30', '09:00']), end: lunch },
    { start: back, end: faker.helpers.arrayElement(['16:30', '17:00', '17:30']) },
  ];
}

function weeklyHours(
  random: DemoRandom,
  provider: DemoProvider,
  extras: { saturdays: 'weekly' | 'first-and-third' | null; everyOtherFriday: boolean },
): DemoHoursRule[] {
  const { faker } = random;
  const specialty = provider.record.specialty ?? '';
  const blocks = dailyBlocks(random, specialty);
  const places = provider.locationKeys;
  // One location: four or five days there. Two: the days shared between them.
  let daysAt: Map<string, string[]>;
  if (places.length === 1) {
    const dayOff = faker.datatype.boolean(0.3) ? faker.helpers.arrayElement(['MO', 'WE', 'TH']) : null;
    daysAt = new Map([[places[0]!, weekdays.filter((day) => day !== dayOff)]]);
  } else {
    const [first, second] = faker.helpers.shuffle([...places]);
    daysAt = new Map([
      [first!, ['MO', 'WE', 'FR']],
      [second!, ['TU', 'TH']],
    ]);
  }
  const hours: DemoHoursRule[] = [];
  for (const [locationKey, days] of daysAt) {
    const weekly = extras.everyOtherFriday ? days.filter((day) => day !== 'FR') : days;
    if (weekly.length > 0)
      for (const block of blocks)
        hours.push({
          locationKey,
          recurrence: `FREQ=WEEKLY;BYDAY=${weekly.join(',')}`,
          startTime: block.start,
          endTime: block.end,
        });
  }
  const home = places[0]!;
  if (extras.everyOtherFriday)
    hours.push({
      locationKey: home,
      recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
      startTime: '08:00',
      endTime: '12:00',
    });
  if (extras.saturdays === 'weekly')
    hours.push({
      locationKey: home,
      recurrence: 'FREQ=WEEKLY;BYDAY=SA',
      startTime: '08:00',
      endTime: '12:00',
    });
  if (extras.saturdays === 'first-and-third')
    hours.push({
      locationKey: home,
      recurrence: 'FREQ=MONTHLY;BYDAY=1SA,3SA',
      startTime: '09:00',
      endTime: '12:00',
    });
  return hours;
}

function timeOffFor(random: DemoRandom): DemoTimeOff {
  const { faker } = random;
  const length = faker.helpers.weightedArrayElement([
    { weight: 3, value: 'day' as const },
    { weight: 2, value: 'afternoon' as const },
    { weight: 1, value: 'week' as const },
  ]);
  const reasons: Record<DemoTimeOff['length'], string[]> = {
    day: ['Continuing medical education', 'Personal day', 'Conference'],
    afternoon: ['Hospital committee meeting', 'Personal appointment', 'Teaching at the medical school'],
    week: ['Vacation', 'Family leave'],
  };
  return {
    startsInDays: faker.number.int({ min: 3, max: 40 }),
    length,
    reason: faker.helpers.arrayElement(reasons[length]),
  };
}

/** The scheduling side of each demo provider, in the providers' order. */
export function planDemoScheduling(random: DemoRandom, providers: DemoProvider[]): DemoSchedulingPlan {
  const { faker } = random;
  // Same-day care on Saturday mornings: the physician assistant every week, a family physician
  // and a pediatrician on the first and third Saturdays of the month.
  const weeklySaturday = providers.findIndex((provider) => provider.record.credentials === 'PA-C');
  const firstAndThird = [
    faker.helpers.arrayElement(
      providers.flatMap((provider, index) =>
        provider.record.specialty === 'Family medicine' && index !== weeklySaturday ? [index] : [],
      ),
    ),
    faker.helpers.arrayElement(
      providers.flatMap((provider, index) => (provider.record.specialty === 'Pediatrics' ? [index] : [])),
    ),
  ];
  // The cardiologist comes from the hospital on Fridays every other week.
  const everyOtherFriday = providers.findIndex((provider) => provider.record.specialty === 'Cardiology');
  return {
    providers: providers.map((provider, index) => {
      const specialty = provider.record.specialty ?? '';
      const typeCodes = [...(typesBySpecialty[specialty] ?? ['new-patient', 'follow-up'])];
      if (provider.record.offersTelehealth) typeCodes.push('video-visit');
      // The physician assistant does skin checks and minor procedures.
      if (provider.record.credentials === 'PA-C') typeCodes.push('procedure');
      return {
        npi: provider.record.npi!,
        acceptedInsurance: insuranceFor(random, specialty),
        typeCodes,
        hours: weeklyHours(random, provider, {
          saturdays:
            index === weeklySaturday ? 'weekly' : firstAndThird.includes(index) ? 'first-and-third' : null,
          everyOtherFriday: index === everyOtherFriday,
        }),
        timeOff: timeOffFor(random),
      };
    }),
    placementSeed: faker.number.int({ min: 1, max: 2 ** 31 - 1 }),
  };
}
