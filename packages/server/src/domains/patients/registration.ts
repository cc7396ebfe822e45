import { randomInt } from 'node:crypto';
import type { DuplicateCandidate, NewPatientRequest, PatientSummary } from '@patientdesk/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Invalid } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { providers } from '../scheduling/schema.ts';
import { patients } from './schema.ts';
import { findPatients, phoneDigitVariants, summarizePatient } from './search.ts';

/**
 * Registering a patient. A second record for the same person splits their history (and is how
 * messages reach the wrong chart), so a new record that looks like an existing one is refused
 * with the candidates until the registrar confirms it is someone else.
 */

/** 409: records that may be the same person. The route adds them to the error body. */
export class PossibleDuplicatePatients extends Conflict {
  constructor(readonly candidates: DuplicateCandidate[]) {
    super(
      `${candidates.length === 1 ? 'A patient' : `${candidates.length} patients`} on file may be this person. Open ${candidates.length === 1 ? 'that record' : 'those records'} to check; if this is someone else, send the registration again with confirmedNotDuplicate: true.`,
      candidates.map((candidate) => ({
        field: candidate.matchedOn.includes('name-and-birth-date')
          ? 'body.familyName'
          : candidate.matchedOn.includes('phone')
            ? 'body.phone'
            : 'body.email',
        message: `MRN ${candidate.mrn} has the same ${candidate.matchedOn.map(describeMatch).join(' and ')}`,
      })),
    );
  }
}

const describeMatch = (match: DuplicateCandidate['matchedOn'][number]) =>
  match === 'name-and-birth-date' ? 'name and date of birth' : match;

const candidateLimit = 10;

/** Patients of the clinic (not merged ones) with the same name and birth date, phone, or email. */
export async function findPossibleDuplicates(
  orm: Orm,
  organizationId: string,
  person: {
    givenName: string;
    familyName: string;
    birthDate: string;
    phone?: string | null;
    email?: string | null;
  },
): Promise<DuplicateCandidate[]> {
  const found = new Map<string, DuplicateCandidate>();
  const add = (
    rows: Pick<PatientSummary, 'id' | 'mrn' | 'givenName' | 'familyName' | 'birthDate'>[],
    match: DuplicateCandidate['matchedOn'][number],
  ) => {
    for (const row of rows) {
      const candidate = found.get(row.id) ?? { ...row, matchedOn: [] };
      candidate.matchedOn.push(match);
      found.set(row.id, candidate);
    }
  };
  const columns = {
    id: patients.id,
    mrn: patients.mrn,
    givenName: patients.givenName,
    familyName: patients.familyName,
    birthDate: patients.birthDate,
  };
  add(
    await orm
      .select(columns)
      .from(patients)
      .where(
        and(
          eq(patients.organizationId, organizationId),
          eq(patients.birthDate, person.birthDate),
          isNull(patients.mergedIntoId),
          sql`lower(${patients.givenName}) = lower(${person.givenName.trim()})`,
          sql`lower(${patients.familyName}) = lower(${person.familyName.trim()})`,
        ),
      )
      .limit(candidateLimit),
    'name-and-birth-date',
  );
  const options = { limit: candidateLimit, includeMerged: false };
  if (person.phone) {
    const digits = person.phone.replace(/\D/g, '');
    // The phone search also matches an all-digit MRN; only the phone matters here.
    const rows = await findPatients(
      orm,
      organizationId,
      { kind: 'phone', digits: phoneDigitVariants(digits), text: digits },
      options,
    );
    const variants = phoneDigitVariants(digits);
    add(
      rows.filter((row) => row.phone && variants.includes(row.phone.replace(/\D/g, ''))),
      'phone',
    );
  }
  if (person.email)
    add(await findPatients(orm, organizationId, { kind: 'email', email: person.email }, options), 'email');
  return [...found.values()];
}

async function mrnTaken(orm: Orm, organizationId: string, mrn: string): Promise<boolean> {
  const rows = await findPatients(
    orm,
    organizationId,
    { kind: 'mrn', mrn },
    { limit: 1, includeMerged: true },
  );
  return rows.length > 0;
}

/** A new MRN for the clinic: `PD-` and 8 digits, checked against the records on file. */
async function newMrn(orm: Orm, organizationId: string): Promise<string> {
  for (;;) {
    const mrn = `PD-${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    if (!(await mrnTaken(orm, organizationId, mrn))) return mrn;
  }
}

/** Registers a patient, refusing a likely duplicate unless the registrar confirmed it is not one. */
export async function registerPatient(
  scope: ActorScope,
  cipher: FieldCipher,
  input: NewPatientRequest,
): Promise<PatientSummary> {
  await scope.authorize('patient.create');
  const { orm, actor } = scope;
  const organizationId = actor.organizationId;
  if (input.mrn && (await mrnTaken(orm, organizationId, input.mrn)))
    throw new Conflict(
      `MRN ${input.mrn} belongs to another patient. Search for it, or leave the MRN out to get a new one.`,
      [{ field: 'body.mrn', message: 'is already used' }],
    );
  if (input.primaryProviderId) {
    const [provider] = await orm
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.id, input.primaryProviderId));
    if (!provider)
      throw new Invalid(
        'There is no such provider in your clinic. Pick the primary provider from the list.',
        [{ field: 'body.primaryProviderId', message: 'is not a provider of this clinic' }],
      );
  }
  if (!input.confirmedNotDuplicate) {
    const candidates = await findPossibleDuplicates(orm, organizationId, input);
    if (candidates.length > 0) {
      // The candidates are shown to the registrar: that is a disclosure, recorded like a search.
      scope.record({
        action: 'patient.search',
        resourceType: 'patient',
        patientIds: candidates.map((candidate) => candidate.id),
        outcome: 'allowed',
        details: { queryKind: 'duplicate-check', count: candidates.length },
      });
      throw new PossibleDuplicatePatients(candidates);
    }
  }
  const [row] = await orm
    .insert(patients)
    .values({
      organizationId,
      mrn: input.mrn ?? (await newMrn(orm, organizationId)),
      givenName: input.givenName,
      familyName: input.familyName,
      preferredName: input.preferredName ?? null,
      birthDate: input.birthDate,
      sex: input.sex,
      genderIdentity: input.genderIdentity ?? null,
      pronouns: input.pronouns ?? null,
      preferredLanguage: input.preferredLanguage,
      preferredChannel: input.preferredChannel ?? (input.phone ? 'sms' : input.email ? 'email' : 'phone'),
      phone: input.phone ?? null,
      email: input.email ?? null,
      addressLine: input.address?.line ?? null,
      city: input.address?.city ?? null,
      region: input.address?.region ?? null,
      postalCode: input.address?.postalCode ?? null,
      country: input.address?.country?.toUpperCase() ?? null,
      governmentIdEncrypted: input.governmentId
        ? cipher.encrypt('patients.government_id', input.governmentId)
        : null,
      primaryProviderId: input.primaryProviderId ?? null,
    })
    .returning();
  const patient = row!;
  scope.record({
    action: 'patient.create',
    resourceType: 'patient',
    resourceId: patient.id,
    patientIds: [patient.id],
    outcome: 'allowed',
    details: {
      fields: Object.keys(input)
        .filter((key) => key !== 'confirmedNotDuplicate')
        .sort(),
      confirmedNotDuplicate: input.confirmedNotDuplicate,
    },
  });
  return summarizePatient(patient);
}
