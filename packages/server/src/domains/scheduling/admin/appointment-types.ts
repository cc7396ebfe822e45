import type {
  AppointmentTypeCreate,
  AppointmentTypeDetail,
  AppointmentTypeUpdate,
  IntakeQuestionAdmin,
} from '@patientdesk/contracts';
import { and, asc, count, desc, eq, ne } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { Conflict, NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import type { AppointmentTypeRow } from '../directory.ts';
import {
  type AppointmentTypeTranslation,
  appointmentTypes,
  type IntakeQuestion,
  providerAppointmentTypes,
} from '../schema.ts';

/**
 * The kinds of visit a clinic offers, as its schedulers keep them: every field of the table,
 * checked by the contract, with codes unique in the clinic. A type is never deleted (past
 * appointments keep theirs); it is deactivated, and then no longer offered or bookable.
 */

type TypeFields = Omit<AppointmentTypeUpdate, 'active'>;

const isUniqueViolation = (error: unknown): boolean => {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause)
    if ((cause as { code?: string }).code === '23505') return true;
  return false;
};

const codeTaken = (code: string) =>
  new Conflict(`Another appointment type already has the code "${code}". Choose a different code.`, [
    { field: 'body.code', message: 'is already used by another appointment type' },
  ]);

/** Spanish texts left empty fall back to English, so they are not stored. */
function translationsOf(input: TypeFields['translations']): Record<string, AppointmentTypeTranslation> {
  const spanish = Object.fromEntries(
    Object.entries(input?.es ?? {}).filter(([, text]) => typeof text === 'string' && text !== ''),
  );
  return Object.keys(spanish).length > 0 ? { es: spanish } : {};
}

function questionsOf(input: IntakeQuestionAdmin[]): IntakeQuestion[] {
  return input.map((question) => {
    const text: Record<string, string> = { en: question.text.en };
    if (question.text.es) text.es = question.text.es;
    return { id: question.id, text, required: question.required };
  });
}

/** The row's columns for the fields sent (undefined ones are left as they are). */
function columnsOf(input: TypeFields): Partial<typeof appointmentTypes.$inferInsert> {
  const { translations, intakeQuestions, ...plain } = input;
  const columns: Partial<typeof appointmentTypes.$inferInsert> = {};
  for (const [key, value] of Object.entries(plain))
    if (value !== undefined) (columns as Record<string, unknown>)[key] = value;
  if (translations !== undefined) columns.translations = translationsOf(translations);
  if (intakeQuestions !== undefined) columns.intakeQuestions = questionsOf(intakeQuestions);
  return columns;
}

export function appointmentTypeDetail(row: AppointmentTypeRow, providerCount: number): AppointmentTypeDetail {
  const spanish = row.translations.es;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    durationMinutes: row.durationMinutes,
    bufferBeforeMinutes: row.bufferBeforeMinutes,
    bufferAfterMinutes: row.bufferAfterMinutes,
    slotStepMinutes: row.slotStepMinutes,
    mode: row.mode,
    patientStatus: row.patientStatus,
    minNoticeMinutes: row.minNoticeMinutes,
    bookingHorizonDays: row.bookingHorizonDays,
    cancelCutoffMinutes: row.cancelCutoffMinutes,
    rescheduleCutoffMinutes: row.rescheduleCutoffMinutes,
    bookableOnline: row.bookableOnline,
    preparation: row.preparation,
    translations: spanish ? { es: spanish } : {},
    intakeQuestions: row.intakeQuestions.map((question) => ({
      id: question.id,
      text: {
        en: question.text.en || Object.values(question.text)[0] || question.id,
        ...(question.text.es ? { es: question.text.es } : {}),
      },
      required: question.required,
    })),
    reminderOffsetsMinutes: row.reminderOffsetsMinutes,
    active: row.active,
    providerCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function providerCountOf(orm: Orm, typeId: string): Promise<number> {
  const [row] = await orm
    .select({ providers: count() })
    .from(providerAppointmentTypes)
    .where(eq(providerAppointmentTypes.appointmentTypeId, typeId));
  return row?.providers ?? 0;
}

async function codeIsTaken(orm: Orm, organizationId: string, code: string, exceptId?: string) {
  const [row] = await orm
    .select({ id: appointmentTypes.id })
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.organizationId, organizationId),
        eq(appointmentTypes.code, code),
        exceptId ? ne(appointmentTypes.id, exceptId) : undefined,
      ),
    );
  return row !== undefined;
}

/** Every appointment type of the clinic, active first, with how many providers offer each. */
export async function listAppointmentTypes(scope: ActorScope): Promise<AppointmentTypeDetail[]> {
  await scope.authorize('schedule.read');
  const organizationId = scope.actor.organizationId;
  const rows = await scope.orm
    .select()
    .from(appointmentTypes)
    .where(eq(appointmentTypes.organizationId, organizationId))
    .orderBy(desc(appointmentTypes.active), asc(appointmentTypes.name));
  const counts = await scope.orm
    .select({ typeId: providerAppointmentTypes.appointmentTypeId, providers: count() })
    .from(providerAppointmentTypes)
    .where(eq(providerAppointmentTypes.organizationId, organizationId))
    .groupBy(providerAppointmentTypes.appointmentTypeId);
  const countOf = new Map(counts.map((row) => [row.typeId, row.providers]));
  return rows.map((row) => appointmentTypeDetail(row, countOf.get(row.id) ?? 0));
}

/** A new kind of visit; 409 when its code is taken. */
export async function createAppointmentType(
  scope: ActorScope,
  input: AppointmentTypeCreate,
): Promise<AppointmentTypeDetail> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  if (await codeIsTaken(scope.orm, organizationId, input.code)) throw codeTaken(input.code);
  let row: AppointmentTypeRow;
  try {
    // A savepoint, so a code taken at the same moment is answered 409 rather than a dead transaction.
    row = await scope.orm.transaction(async (savepoint) => {
      const [inserted] = await savepoint
        .insert(appointmentTypes)
        .values({
          ...columnsOf(input),
          organizationId,
          code: input.code,
          name: input.name,
          durationMinutes: input.durationMinutes,
        })
        .returning();
      return inserted!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code);
    throw error;
  }
  scope.record({
    action: 'appointment-type.create',
    resourceType: 'appointment-type',
    resourceId: row.id,
    outcome: 'allowed',
    details: { code: row.code, name: row.name },
  });
  return appointmentTypeDetail(row, 0);
}

/** Changes the fields sent; `active: false` deactivates the type. */
export async function updateAppointmentType(
  scope: ActorScope,
  typeId: string,
  input: AppointmentTypeUpdate,
  now = new Date(),
): Promise<AppointmentTypeDetail> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  const [before] = await scope.orm
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.id, typeId), eq(appointmentTypes.organizationId, organizationId)));
  if (!before)
    throw new NotFound(`There is no appointment type ${typeId} at this clinic. Open the list again.`);
  if (
    input.code &&
    input.code !== before.code &&
    (await codeIsTaken(scope.orm, organizationId, input.code, typeId))
  )
    throw codeTaken(input.code);
  const { active, ...fields } = input;
  let row: AppointmentTypeRow;
  try {
    row = await scope.orm.transaction(async (savepoint) => {
      const [updated] = await savepoint
        .update(appointmentTypes)
        .set({ ...columnsOf(fields), ...(active === undefined ? {} : { active }), updatedAt: now })
        .where(eq(appointmentTypes.id, typeId))
        .returning();
      return updated!;
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.code) throw codeTaken(input.code);
    throw error;
  }
  scope.record({
    action:
      active === false && before.active
        ? 'appointment-type.deactivate'
        : active === true && !before.active
          ? 'appointment-type.activate'
          : 'appointment-type.update',
    resourceType: 'appointment-type',
    resourceId: typeId,
    outcome: 'allowed',
    details: { fields: Object.keys(input) },
  });
  return appointmentTypeDetail(row, await providerCountOf(scope.orm, typeId));
}
