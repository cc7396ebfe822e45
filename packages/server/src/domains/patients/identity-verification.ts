import type {
  IdentityCheckRequest,
  IdentityVerification,
  VerificationIdentifierName,
} from '@patientdesk/contracts';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Forbidden, Invalid, Unprocessable } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { staffMembers } from '../staff/schema.ts';
import { contactPointsOf, sameContactValue } from './contact-points.ts';
import { accessPatient, type PatientRow, patientEvent } from './patient-access.ts';
import { identityVerifications } from './schema.ts';

/**
 * Checking that the person on the line is the patient before discussing their record: the
 * contact tells two identifiers (name, date of birth, phone, email, street, MRN) and the server
 * compares them with the record, so the agent never reads the record's values out to them. A
 * check holds for 24 hours (or until its conversation ends, once conversations exist).
 */

export const verificationHours = 24;
const requiredMatches = 2;

const compact = (text: string) => text.toLowerCase().replace(/\s+/g, '');
const alphanumeric = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

type Identifiers = IdentityCheckRequest['identifiers'];
const identifierNames: Record<keyof Identifiers, VerificationIdentifierName> = {
  name: 'name',
  birthDate: 'birth-date',
  phone: 'phone',
  email: 'email',
  address: 'address',
  mrn: 'mrn',
};

/** Whether the name is the patient's given (or preferred) and family name, in either order. */
function nameMatches(patient: PatientRow, said: string): boolean {
  const given = [patient.givenName, patient.preferredName].filter((name): name is string => Boolean(name));
  return given.some(
    (name) =>
      compact(said) === compact(`${name}${patient.familyName}`) ||
      compact(said) === compact(`${patient.familyName}${name}`),
  );
}

/** A date as people say it: 1984-03-07 or 3/7/1984. */
function birthDateMatches(patient: PatientRow, said: string): boolean {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(said.trim());
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : said.trim();
  return iso === patient.birthDate;
}

/** Which of the identifiers given match the record, and which do not. */
async function compareWithRecord(
  orm: Orm,
  patient: PatientRow,
  said: Identifiers,
): Promise<{ matched: (keyof Identifiers)[]; notMatched: (keyof Identifiers)[] }> {
  const points = await contactPointsOf(orm, patient.id);
  const anyPoint = (kind: 'phone' | 'email', value: string) =>
    points.some((point) => point.kind === kind && sameContactValue(kind, value, point.value));
  const checks: Record<keyof Identifiers, (value: string) => boolean> = {
    name: (value) => nameMatches(patient, value),
    birthDate: (value) => birthDateMatches(patient, value),
    phone: (value) => value.replace(/\D/g, '').length >= 7 && anyPoint('phone', value),
    email: (value) => anyPoint('email', value),
    address: (value) =>
      Boolean(patient.addressLine) && alphanumeric(value) === alphanumeric(patient.addressLine!),
    mrn: (value) => value.trim().toLowerCase() === patient.mrn.toLowerCase(),
  };
  const given = (Object.keys(checks) as (keyof Identifiers)[]).filter((key) => said[key] !== undefined);
  const matched = given.filter((key) => checks[key](said[key]!));
  return { matched, notMatched: given.filter((key) => !matched.includes(key)) };
}

const verificationColumns = { verification: identityVerifications, verifiedBy: staffMembers.displayName };

function describeVerification(
  row: typeof identityVerifications.$inferSelect,
  verifiedBy: string,
): IdentityVerification {
  return {
    id: row.id,
    identifiers: row.identifiers,
    method: row.method,
    conversationId: row.conversationId,
    verifiedBy: { id: row.verifiedByStaffId, displayName: verifiedBy },
    verifiedAt: row.verifiedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The latest identity check of the patient that has not expired. */
export async function currentVerificationOf(
  orm: Orm,
  patientId: string,
  now = new Date(),
): Promise<IdentityVerification | null> {
  const [row] = await orm
    .select(verificationColumns)
    .from(identityVerifications)
    .innerJoin(staffMembers, eq(staffMembers.id, identityVerifications.verifiedByStaffId))
    .where(and(eq(identityVerifications.patientId, patientId), gt(identityVerifications.expiresAt, now)))
    .orderBy(desc(identityVerifications.verifiedAt))
    .limit(1);
  return row ? describeVerification(row.verification, row.verifiedBy) : null;
}

/**
 * Compares what the contact said with the record. Two or more matching identifiers verify the
 * patient (the check stores which matched); fewer is refused, naming the identifiers that did
 * not match but never the record's values.
 */
export async function verifyIdentity(
  scope: ActorScope,
  patientId: string,
  input: IdentityCheckRequest,
): Promise<IdentityVerification & { notMatched: VerificationIdentifierName[] }> {
  const { actor } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff verify a caller’s identity.');
  const { patient } = await accessPatient(scope, 'patient.verify-identity', patientId, { toChange: true });
  const given = Object.values(input.identifiers).filter((value) => value !== undefined).length;
  if (given < requiredMatches)
    throw new Invalid(
      `Ask the contact for at least ${requiredMatches} identifiers, such as name and date of birth.`,
      [{ field: 'body.identifiers', message: `needs at least ${requiredMatches} identifiers` }],
    );
  const { matched, notMatched } = await compareWithRecord(scope.orm, patient, input.identifiers);
  const named = (keys: (keyof Identifiers)[]) => keys.map((key) => identifierNames[key]);
  if (matched.length < requiredMatches) {
    scope.record(
      patientEvent(scope, patientId, 'patient.verify-identity', {
        outcome: 'denied',
        details: { method: input.method, matched: named(matched), notMatched: named(notMatched) },
      }),
    );
    throw new Unprocessable(
      `The identity is not verified: ${matched.length === 0 ? 'nothing' : `only ${matched.length}`} of what the contact said matches the record, and ${requiredMatches} must. Ask for other identifiers, or do not discuss the record.`,
      notMatched.map((key) => ({
        field: `body.identifiers.${key}`,
        message: 'does not match the record',
      })),
    );
  }
  const verifiedAt = new Date();
  const [row] = await scope.orm
    .insert(identityVerifications)
    .values({
      organizationId: patient.organizationId,
      patientId,
      conversationId: input.conversationId ?? null,
      identifiers: named(matched),
      method: input.method,
      verifiedByStaffId: actor.staffMemberId,
      verifiedAt,
      expiresAt: new Date(verifiedAt.getTime() + verificationHours * 60 * 60_000),
    })
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.verify-identity', {
      resourceType: 'identity-verification',
      resourceId: row!.id,
      details: { method: input.method, matched: named(matched), notMatched: named(notMatched) },
    }),
  );
  return { ...describeVerification(row!, actor.displayName), notMatched: named(notMatched) };
}

/** The current identity check of a patient, read with the record's permission. */
export async function readCurrentVerification(
  scope: ActorScope,
  patientId: string,
): Promise<IdentityVerification | null> {
  const { breakGlassReason } = await accessPatient(scope, 'patient.verify-identity', patientId);
  const current = await currentVerificationOf(scope.orm, patientId);
  scope.record(
    patientEvent(scope, patientId, 'patient.read', {
      resourceType: 'identity-verification',
      resourceId: current?.id ?? null,
      breakGlassReason,
    }),
  );
  return current;
}
