import { isCalendarDate, type PatientSearchKind, type PatientSummary } from '@patientdesk/contracts';
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { patients } from './schema.ts';

/** What an agent typed, understood as one kind of search. */
export type PatientQuery =
  | { kind: 'name'; words: string[] }
  | { kind: 'birth-date'; birthDate: string }
  | { kind: 'phone'; digits: string[]; text: string }
  | { kind: 'email'; email: string }
  | { kind: 'mrn'; mrn: string };

const usDatePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const phoneLikePattern = /^\+?[\d\s().-]+$/;
const maxNameWords = 5;

/** The digits a phone may be stored with: as typed, and with or without the US country code 1. */
export function phoneDigitVariants(text: string): string[] {
  const digits = text.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return [...new Set([digits, national, `1${national}`])];
}

/**
 * Reads a search box: `1984-03-07` (or `3/7/1984`) is a date of birth, anything with `@` an
 * email, 7 or more digits a phone (or an all-digit MRN), a word with digits an MRN, and the rest
 * a name (up to five words; case, commas and punctuation do not matter).
 */
export function classifyPatientQuery(text: string): PatientQuery {
  const query = text.trim();
  const usDate = usDatePattern.exec(query);
  const isoDate = usDate
    ? `${usDate[3]}-${usDate[1]!.padStart(2, '0')}-${usDate[2]!.padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(query)
      ? query
      : undefined;
  if (isoDate) {
    if (!isCalendarDate(isoDate))
      throw new Invalid('That date does not exist. Type a date of birth such as 1984-03-07.', [
        { field: 'query.q', message: 'is not a real date' },
      ]);
    return { kind: 'birth-date', birthDate: isoDate };
  }
  if (query.includes('@')) return { kind: 'email', email: query };
  if (phoneLikePattern.test(query)) {
    const digits = query.replace(/\D/g, '');
    return digits.length >= 7
      ? { kind: 'phone', digits: phoneDigitVariants(digits), text: digits }
      : { kind: 'mrn', mrn: digits };
  }
  if (/\d/.test(query) && !/\s/.test(query)) return { kind: 'mrn', mrn: query };
  const words = query
    .toLowerCase()
    .split(/[\s,]+/)
    .map((word) => word.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, maxNameWords);
  if (words.length === 0)
    throw new Invalid('Type a name, a date of birth, a phone number, an email or an MRN.', [
      { field: 'query.q', message: 'has no letters or digits to search for' },
    ]);
  return { kind: 'name', words };
}

export interface SearchOptions {
  limit: number;
  includeMerged: boolean;
}

const summaryColumns = {
  id: patients.id,
  mrn: patients.mrn,
  givenName: patients.givenName,
  familyName: patients.familyName,
  preferredName: patients.preferredName,
  birthDate: patients.birthDate,
  sex: patients.sex,
  phone: patients.phone,
  email: patients.email,
  preferredLanguage: patients.preferredLanguage,
  mergedIntoId: patients.mergedIntoId,
};

/** What an agent sees of a patient in a list. */
export function summarizePatient(row: typeof patients.$inferSelect): PatientSummary {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    preferredName: row.preferredName,
    birthDate: row.birthDate,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    preferredLanguage: row.preferredLanguage,
    mergedIntoId: row.mergedIntoId,
  };
}

const notMerged = (includeMerged: boolean) => (includeMerged ? undefined : isNull(patients.mergedIntoId));
const byName = [patients.familyName, patients.givenName, patients.id];

/** Ids found by one of the search functions of migration 0010, best first. */
async function idsFrom(orm: Orm, call: SQL): Promise<string[]> {
  const result = (await orm.execute(call)) as unknown as { rows: { patient_id: string }[] };
  return result.rows.map((row) => row.patient_id);
}

/** The summaries of these patients, in this order (read under row-level security). */
async function summariesInOrder(orm: Orm, ids: string[]): Promise<PatientSummary[]> {
  if (ids.length === 0) return [];
  const rows = await orm.select(summaryColumns).from(patients).where(inArray(patients.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The patients matching a query, best first, without recording anything: the building block of
 * `searchPatients` and of the duplicate check. Names, emails and MRNs are found by the search
 * functions (migration 0010), dates of birth and phones through their indexes directly.
 */
export async function findPatients(
  orm: Orm,
  organizationId: string,
  query: PatientQuery,
  { limit, includeMerged }: SearchOptions,
): Promise<PatientSummary[]> {
  switch (query.kind) {
    case 'name':
      return summariesInOrder(
        orm,
        await idsFrom(
          orm,
          sql`select patient_id from search_patients_by_name(string_to_array(${query.words.join(' ')}, ' '), ${includeMerged}, ${limit})`,
        ),
      );
    case 'email':
      return summariesInOrder(
        orm,
        await idsFrom(
          orm,
          sql`select patient_id from search_patients_by_email(${query.email}, ${includeMerged}, ${limit})`,
        ),
      );
    case 'mrn':
      return summariesInOrder(
        orm,
        await idsFrom(
          orm,
          sql`select patient_id from search_patients_by_mrn(${query.mrn}, ${includeMerged}, ${limit})`,
        ),
      );
    case 'birth-date':
      return orm
        .select(summaryColumns)
        .from(patients)
        .where(
          and(
            eq(patients.organizationId, organizationId),
            eq(patients.birthDate, query.birthDate),
            notMerged(includeMerged),
          ),
        )
        .orderBy(...byName)
        .limit(limit);
    case 'phone':
      // An MRN made only of digits looks like a phone number; digits have no case, so the exact
      // MRN (its unique index) finds it too.
      return orm
        .select(summaryColumns)
        .from(patients)
        .where(
          and(
            eq(patients.organizationId, organizationId),
            or(inArray(patients.phoneDigits, query.digits), eq(patients.mrn, query.text)),
            notMerged(includeMerged),
          ),
        )
        .orderBy(...byName)
        .limit(limit);
  }
}

/**
 * Searches the actor's clinic and records one `patient.search` event naming every patient shown.
 * The query itself is not recorded (it is PHI); its kind and the count are.
 */
export async function searchPatients(
  scope: ActorScope,
  text: string,
  options: SearchOptions,
): Promise<{ kind: PatientSearchKind; items: PatientSummary[] }> {
  await scope.authorize('patient.search');
  const query = classifyPatientQuery(text);
  const items = await findPatients(scope.orm, scope.actor.organizationId, query, options);
  scope.record({
    action: 'patient.search',
    resourceType: 'patient',
    patientIds: items.map((item) => item.id),
    outcome: 'allowed',
    details: { queryKind: query.kind, count: items.length, includeMerged: options.includeMerged },
  });
  return { kind: query.kind, items };
}
