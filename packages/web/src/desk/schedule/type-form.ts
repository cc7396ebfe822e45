import type { AppointmentTypeCreate, AppointmentTypeDetail } from '@patientdesk/contracts';

/**
 * An appointment type as its form holds it: reminder offsets as an amount and a unit (2 days,
 * not 2880 minutes), Spanish texts as plain fields, and back again for the API.
 */

export const offsetUnits = ['minutes', 'hours', 'days'] as const;
export type OffsetUnit = (typeof offsetUnits)[number];
const unitMinutes: Record<OffsetUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** Rows keep a key of their own, so removing one keeps the others' inputs in place. */
let rowCount = 0;
export const newRowKey = () => `row-${++rowCount}`;

export interface ReminderRow {
  key: string;
  amount: number | string;
  unit: OffsetUnit;
}

export interface QuestionRow {
  key: string;
  id: string;
  en: string;
  es: string;
  required: boolean;
}

export type TypeFormValues = Omit<
  AppointmentTypeCreate,
  'translations' | 'intakeQuestions' | 'reminderOffsetsMinutes'
> & {
  description: string;
  preparation: string;
  spanishName: string;
  spanishDescription: string;
  spanishPreparation: string;
  questions: QuestionRow[];
  reminders: ReminderRow[];
};

/** The largest whole unit of an offset: 2880 minutes is 2 days, 90 minutes stays 90 minutes. */
export function reminderRowOf(minutes: number): ReminderRow {
  const key = newRowKey();
  if (minutes % 1440 === 0) return { key, amount: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { key, amount: minutes / 60, unit: 'hours' };
  return { key, amount: minutes, unit: 'minutes' };
}

/** Minutes of a row; NaN when the amount is not a number, for the server to refuse by field. */
export function minutesOf(row: Pick<ReminderRow, 'amount' | 'unit'>): number {
  const amount =
    typeof row.amount === 'number' ? row.amount : Number(row.amount === '' ? Number.NaN : row.amount);
  return amount * unitMinutes[row.unit];
}

/** A new type's first values: the usual defaults, reminders 7 days, 2 days and 2 hours before. */
export const newTypeValues = (): TypeFormValues => ({
  code: '',
  name: '',
  description: '',
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotStepMinutes: 15,
  mode: 'in-person',
  patientStatus: 'any',
  minNoticeMinutes: 120,
  bookingHorizonDays: 90,
  cancelCutoffMinutes: 1440,
  rescheduleCutoffMinutes: 1440,
  bookableOnline: true,
  preparation: '',
  spanishName: '',
  spanishDescription: '',
  spanishPreparation: '',
  questions: [],
  reminders: [reminderRowOf(10080), reminderRowOf(2880), reminderRowOf(120)],
});

export function formValuesOf(type: AppointmentTypeDetail): TypeFormValues {
  const spanish = type.translations.es ?? {};
  return {
    code: type.code,
    name: type.name,
    description: type.description,
    durationMinutes: type.durationMinutes,
    bufferBeforeMinutes: type.bufferBeforeMinutes,
    bufferAfterMinutes: type.bufferAfterMinutes,
    slotStepMinutes: type.slotStepMinutes,
    mode: type.mode,
    patientStatus: type.patientStatus,
    minNoticeMinutes: type.minNoticeMinutes,
    bookingHorizonDays: type.bookingHorizonDays,
    cancelCutoffMinutes: type.cancelCutoffMinutes,
    rescheduleCutoffMinutes: type.rescheduleCutoffMinutes,
    bookableOnline: type.bookableOnline,
    preparation: type.preparation,
    spanishName: spanish.name ?? '',
    spanishDescription: spanish.description ?? '',
    spanishPreparation: spanish.preparation ?? '',
    questions: type.intakeQuestions.map((question) => ({
      key: newRowKey(),
      id: question.id,
      en: question.text.en,
      es: question.text.es ?? '',
      required: question.required,
    })),
    reminders: type.reminderOffsetsMinutes.map(reminderRowOf),
  };
}

/** The request body: every field, so what the form shows is what is saved. */
export function typeBodyOf(values: TypeFormValues): AppointmentTypeCreate {
  const { spanishName, spanishDescription, spanishPreparation, questions, reminders, ...fields } = values;
  return {
    ...fields,
    translations: {
      es: { name: spanishName, description: spanishDescription, preparation: spanishPreparation },
    },
    intakeQuestions: questions.map((question) => ({
      id: question.id,
      text: question.es.trim() ? { en: question.en, es: question.es } : { en: question.en },
      required: question.required,
    })),
    reminderOffsetsMinutes: reminders.map(minutesOf),
  };
}
