/**
 * The days of a working-hours rule as people choose them ("every week on Monday and
 * Wednesday", "every other week on Friday", "the first Saturday of the month") and as the
 * server keeps them (an RFC 5545 RRULE of days). Anything else stays a custom RRULE, shown and
 * edited as written.
 */

export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof weekdayCodes)[number];

export const repeatKinds = ['weekly', 'every-other-week', 'monthly', 'custom'] as const;
export type RepeatKind = (typeof repeatKinds)[number];

/** Which one of the month's weekdays: the 1st to the 4th, or the last (-1). */
export const ordinals = [1, 2, 3, 4, -1] as const;
export type Ordinal = (typeof ordinals)[number];

export interface RepeatChoice {
  kind: RepeatKind;
  /** For weekly and every other week. */
  weekdays: WeekdayCode[];
  /** For monthly. */
  ordinal: Ordinal;
  monthlyWeekday: WeekdayCode;
  /** For custom. */
  custom: string;
}

export const defaultRepeat: RepeatChoice = {
  kind: 'weekly',
  weekdays: [],
  ordinal: 1,
  monthlyWeekday: 'SA',
  custom: '',
};

const isWeekday = (value: string): value is WeekdayCode =>
  (weekdayCodes as readonly string[]).includes(value);
const inWeekOrder = (days: WeekdayCode[]) => weekdayCodes.filter((code) => days.includes(code));

/** The RRULE the choice means. */
export function recurrenceOf(choice: RepeatChoice): string {
  switch (choice.kind) {
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${inWeekOrder(choice.weekdays).join(',')}`;
    case 'every-other-week':
      return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${inWeekOrder(choice.weekdays).join(',')}`;
    case 'monthly':
      return `FREQ=MONTHLY;BYDAY=${choice.ordinal}${choice.monthlyWeekday}`;
    case 'custom':
      return choice.custom.trim();
  }
}

function partsOf(recurrence: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of recurrence
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .split(';')
    .filter(Boolean)) {
    const [name = '', value = ''] = part.split('=');
    parts.set(name, value);
  }
  return parts;
}

/** The simple choice an RRULE is, or `custom` when it is something else. */
export function choiceOf(recurrence: string): RepeatChoice {
  const custom: RepeatChoice = { ...defaultRepeat, kind: 'custom', custom: recurrence };
  const parts = partsOf(recurrence);
  const names = [...parts.keys()].filter((name) => name !== 'WKST');
  const days = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
  if (parts.get('FREQ') === 'WEEKLY' && days.length > 0 && days.every(isWeekday)) {
    const interval = parts.get('INTERVAL') ?? '1';
    if (names.every((name) => ['FREQ', 'BYDAY', 'INTERVAL'].includes(name)) && ['1', '2'].includes(interval))
      return {
        ...defaultRepeat,
        kind: interval === '2' ? 'every-other-week' : 'weekly',
        weekdays: inWeekOrder(days as WeekdayCode[]),
      };
  }
  if (parts.get('FREQ') === 'MONTHLY' && names.length === 2 && days.length === 1) {
    const match = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(days[0]!);
    if (match)
      return {
        ...defaultRepeat,
        kind: 'monthly',
        ordinal: Number(match[1]) as Ordinal,
        monthlyWeekday: match[2] as WeekdayCode,
      };
  }
  if (parts.get('FREQ') === 'DAILY' && names.length === 1)
    return { ...defaultRepeat, kind: 'weekly', weekdays: [...weekdayCodes] };
  return custom;
}

/** The weekdays a rule can fall on, for showing it under each (none: it follows other dates). */
export function weekdaysOf(recurrence: string): WeekdayCode[] {
  const parts = partsOf(recurrence);
  if (parts.get('FREQ') === 'DAILY' && !parts.has('BYDAY') && !parts.has('BYMONTHDAY'))
    return [...weekdayCodes];
  const days = (parts.get('BYDAY') ?? '')
    .split(',')
    .map((day) => day.replace(/^[+-]?\d+/, ''))
    .filter(isWeekday);
  return inWeekOrder(days);
}
