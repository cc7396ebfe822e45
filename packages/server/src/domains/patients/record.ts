import type { PatientRecord, PatientRecordSection } from '@patientdesk/contracts';
import { asc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { StaffAction } from '../access/policy.ts';
import { providers } from '../scheduling/schema.ts';
import { consentsOf } from './consents.ts';
import { contactPointsOf, describeContactPoint } from './contact-points.ts';
import { coveragesOf } from './coverage.ts';
import { currentVerificationOf } from './identity-verification.ts';
import { notesOf } from './notes.ts';
import { accessPatient, type PatientRow, patientEvent } from './patient-access.ts';
import { patientMerges, patients, proxies, proxyAuthorizations } from './schema.ts';

/**
 * The patient record as the reader's role may see it (minimum necessary, 45 CFR 164.502(b)):
 * everyone who reads records sees identity, contact details, consents, care team and proxies;
 * coverage, notes, clinical notes and the government id only with their own permission, or
 * while the reader holds an emergency access. What is left out is named, so the screen can say so.
 */

const sectionPermissions: Record<PatientRecordSection, StaffAction> = {
  coverage: 'patient.coverage.read',
  notes: 'patient.notes.read',
  clinicalNotes: 'patient.clinical-notes.read',
  // The government id serves billing and eligibility checks, as coverage does.
  governmentId: 'patient.coverage.read',
};

/** Shows only the last four letters or digits: `***-**-6789`. */
export function maskGovernmentId(value: string): { masked: string; lastFour: string } {
  const characters = [...value];
  let shown = 0;
  const masked = characters
    .reverse()
    .map((character) => {
      if (!/[\p{L}\p{N}]/u.test(character)) return character;
      shown += 1;
      return shown <= 4 ? character : '*';
    })
    .reverse()
    .join('');
  return { masked, lastFour: value.replace(/[^\p{L}\p{N}]/gu, '').slice(-4) };
}

async function proxiesOf(orm: Orm, patientId: string): Promise<PatientRecord['proxies']> {
  const rows = await orm
    .select({
      authorization: proxyAuthorizations,
      givenName: proxies.givenName,
      familyName: proxies.familyName,
    })
    .from(proxyAuthorizations)
    .innerJoin(proxies, eq(proxies.id, proxyAuthorizations.proxyId))
    .where(eq(proxyAuthorizations.patientId, patientId))
    .orderBy(asc(proxies.familyName), asc(proxies.givenName));
  return rows.map(({ authorization, givenName, familyName }) => ({
    id: authorization.id,
    proxyId: authorization.proxyId,
    name: `${givenName} ${familyName}`,
    relationship: authorization.relationship,
    scopes: authorization.scopes,
    expiresAt: authorization.expiresAt?.toISOString() ?? null,
  }));
}

async function primaryProviderOf(orm: Orm, providerId: string | null) {
  if (!providerId) return null;
  const [provider] = await orm.select().from(providers).where(eq(providers.id, providerId));
  if (!provider) return null;
  const name = [provider.prefix, provider.givenName, provider.familyName].filter(Boolean).join(' ');
  return { id: provider.id, displayName: provider.credentials ? `${name}, ${provider.credentials}` : name };
}

async function mergeInfoOf(orm: Orm, patient: PatientRow): Promise<PatientRecord['merge']> {
  let mergedInto: PatientRecord['merge']['mergedInto'] = null;
  if (patient.mergedIntoId && patient.mergedAt) {
    const [survivor] = await orm
      .select({ mrn: patients.mrn })
      .from(patients)
      .where(eq(patients.id, patient.mergedIntoId));
    mergedInto = {
      id: patient.mergedIntoId,
      mrn: survivor?.mrn ?? '',
      mergedAt: patient.mergedAt.toISOString(),
    };
  }
  const mergedFrom = await orm
    .select({ id: patientMerges.mergedPatientId, mrn: patients.mrn, mergedAt: patientMerges.mergedAt })
    .from(patientMerges)
    .innerJoin(patients, eq(patients.id, patientMerges.mergedPatientId))
    .where(eq(patientMerges.survivingPatientId, patient.id))
    .orderBy(asc(patientMerges.mergedAt));
  return {
    mergedInto,
    mergedFrom: mergedFrom.map((row) => ({ ...row, mergedAt: row.mergedAt.toISOString() })),
  };
}

/** Which sections the reader may see, and the break-the-glass reason of any opened by an emergency access. */
async function visibleSections(scope: ActorScope, patientId: string) {
  const visible = new Set<PatientRecordSection>();
  const allowed = new Map<StaffAction, boolean>();
  let breakGlassReason: string | null = null;
  for (const [section, action] of Object.entries(sectionPermissions) as [
    PatientRecordSection,
    StaffAction,
  ][]) {
    if (!allowed.has(action)) {
      const allows = await scope.allows(action, { patientId });
      if (allows) breakGlassReason ??= (await scope.authorize(action, { patientId })).breakGlassReason;
      allowed.set(action, allows);
    }
    if (allowed.get(action)) visible.add(section);
  }
  return { visible, breakGlassReason };
}

/** Reads one patient's record for the actor, shaped by role, and records the read. */
export async function readPatientRecord(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
): Promise<PatientRecord> {
  const {
    patient,
    via,
    breakGlassReason: readReason,
  } = await accessPatient(scope, 'patient.read', patientId);
  const { visible, breakGlassReason: sectionReason } = await visibleSections(scope, patientId);
  const breakGlassReason = readReason ?? sectionReason;
  const withheld = (Object.keys(sectionPermissions) as PatientRecordSection[]).filter((s) => !visible.has(s));
  const { orm } = scope;
  const record: PatientRecord = {
    id: patient.id,
    access: breakGlassReason ? 'emergency-access' : 'role',
    withheld,
    demographics: {
      mrn: patient.mrn,
      givenName: patient.givenName,
      familyName: patient.familyName,
      preferredName: patient.preferredName,
      birthDate: patient.birthDate,
      sex: patient.sex,
      genderIdentity: patient.genderIdentity,
      pronouns: patient.pronouns,
      preferredLanguage: patient.preferredLanguage,
    },
    contact: {
      contactPoints: (await contactPointsOf(orm, patient.id)).map(describeContactPoint),
      address: {
        line: patient.addressLine,
        city: patient.city,
        region: patient.region,
        postalCode: patient.postalCode,
        country: patient.country,
      },
      preferredChannel: patient.preferredChannel,
      quietHours: quietHoursOf(patient),
    },
    consents: await consentsOf(orm, patient.id),
    coverage: visible.has('coverage') ? await coveragesOf(orm, cipher, patient.id) : null,
    careTeam: { primaryProvider: await primaryProviderOf(orm, patient.primaryProviderId) },
    proxies: await proxiesOf(orm, patient.id),
    notes: visible.has('notes') ? await notesOf(orm, cipher, patient.id, 'administrative') : null,
    clinicalNotes: visible.has('clinicalNotes') ? await notesOf(orm, cipher, patient.id, 'clinical') : null,
    governmentId:
      visible.has('governmentId') && patient.governmentIdEncrypted
        ? maskGovernmentId(cipher.decrypt('patients.government_id', patient.governmentIdEncrypted))
        : null,
    identityVerification: await currentVerificationOf(orm, patient.id),
    merge: await mergeInfoOf(orm, patient),
  };
  scope.record(
    patientEvent(scope, patient.id, 'patient.read', {
      breakGlassReason,
      details: { via, shown: [...visible], withheld },
    }),
  );
  return record;
}

/** Quiet hours as `HH:MM` (the database keeps `HH:MM:SS`); none unless both ends are set. */
export function quietHoursOf(patient: Pick<PatientRow, 'quietHoursStart' | 'quietHoursEnd'>) {
  if (!patient.quietHoursStart || !patient.quietHoursEnd) return null;
  return { start: patient.quietHoursStart.slice(0, 5), end: patient.quietHoursEnd.slice(0, 5) };
}
