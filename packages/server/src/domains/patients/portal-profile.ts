import type {
  PortalPatient,
  PortalPreferencesUpdate,
  PortalProfile,
  PortalProfileUpdate,
} from '@patientdesk/contracts';
import { eq, inArray } from 'drizzle-orm';
import { Invalid } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { appendConsents, type ConsentChange, consentsOf } from './consents.ts';
import { contactPointsOf } from './contact-points.ts';
import { applyPatientChanges, changePatientDetails } from './demographics.ts';
import { accessPatient, patientEvent } from './patient-access.ts';
import { quietHoursOf } from './record.ts';
import { type ConsentChannel, patients } from './schema.ts';

/**
 * The patient's own view in the portal, for themselves or for someone they act for (a proxy
 * needs the `records` scope to see and correct the profile, `messaging` to set preferences).
 */

/** The patients the signed-in person acts for, themselves first. */
export async function listPortalPatients(scope: ActorScope): Promise<PortalPatient[]> {
  await scope.authorize('portal.patients.list');
  const { actor } = scope;
  if (actor.kind !== 'portal') return [];
  const ids = actor.grants.map((grant) => grant.patientId);
  const rows =
    ids.length === 0
      ? []
      : await scope.orm
          .select({
            id: patients.id,
            given: patients.givenName,
            preferred: patients.preferredName,
            family: patients.familyName,
          })
          .from(patients)
          .where(inArray(patients.id, ids));
  const names = new Map(rows.map((row) => [row.id, `${row.preferred ?? row.given} ${row.family}`]));
  const items = actor.grants
    .filter((grant) => names.has(grant.patientId))
    .map((grant) => ({
      id: grant.patientId,
      displayName: names.get(grant.patientId)!,
      relationship: grant.via === 'self' ? 'self' : (grant.relationship ?? 'other'),
      scopes: [...grant.scopes],
    }));
  scope.record({
    action: 'portal.patients.list',
    resourceType: 'patient',
    patientIds: items.map((item) => item.id),
    outcome: 'allowed',
  });
  return items;
}

async function describeProfile(scope: ActorScope, patientId: string): Promise<PortalProfile> {
  const [patient] = await scope.orm.select().from(patients).where(eq(patients.id, patientId));
  const points = await contactPointsOf(scope.orm, patientId);
  const { current } = await consentsOf(scope.orm, patientId);
  return {
    id: patient!.id,
    givenName: patient!.givenName,
    familyName: patient!.familyName,
    preferredName: patient!.preferredName,
    birthDate: patient!.birthDate,
    sex: patient!.sex,
    genderIdentity: patient!.genderIdentity,
    pronouns: patient!.pronouns,
    preferredLanguage: patient!.preferredLanguage,
    address: {
      line: patient!.addressLine,
      city: patient!.city,
      region: patient!.region,
      postalCode: patient!.postalCode,
      country: patient!.country,
    },
    contactPoints: points.map((point) => ({
      id: point.id,
      kind: point.kind,
      value: point.value,
      label: point.label,
      isPrimary: point.isPrimary,
      verified: point.verifiedAt !== null,
    })),
    preferences: { preferredChannel: patient!.preferredChannel, quietHours: quietHoursOf(patient!) },
    consents: current.map((entry) => ({
      channel: entry.channel,
      status: entry.status,
      recordedAt: entry.recordedAt,
    })),
  };
}

/**
 * A form sent with nothing in it. Checked after the access check (not in the request schema), so
 * a patient id the person does not act for is always refused as such.
 */
function refuseEmptyChange(changes: object): void {
  if (Object.keys(changes).length === 0)
    throw new Invalid('There is nothing to change. Send at least one field.', [
      { field: 'body', message: 'has no fields' },
    ]);
}

/** The profile of a patient the person acts for. */
export async function readPortalProfile(scope: ActorScope, patientId: string): Promise<PortalProfile> {
  await accessPatient(scope, 'portal.profile.read', patientId);
  const profile = await describeProfile(scope, patientId);
  scope.record(patientEvent(scope, patientId, 'portal.profile.read'));
  return profile;
}

/** Corrections the patient makes themselves: preferred name, pronouns, address, language. */
export async function updatePortalProfile(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  changes: PortalProfileUpdate,
): Promise<PortalProfile> {
  await scope.authorize('portal.profile.update', { patientId });
  refuseEmptyChange(changes);
  await changePatientDetails(scope, cipher, patientId, changes, 'portal.profile.update');
  return describeProfile(scope, patientId);
}

/**
 * How and when the clinic may reach the patient. Consents are added to the history (source
 * `portal`) only where they change, so the history shows decisions rather than form saves.
 */
export async function updatePortalPreferences(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  input: PortalPreferencesUpdate,
): Promise<PortalProfile> {
  const { consents, ...preferences } = input;
  const { patient } = await accessPatient(scope, 'portal.preferences.update', patientId, { toChange: true });
  refuseEmptyChange(input);
  await applyPatientChanges(scope.orm, cipher, patientId, preferences);
  const { current } = await consentsOf(scope.orm, patientId);
  const changes: ConsentChange[] = (
    Object.entries(consents ?? {}) as [ConsentChannel, 'granted' | 'revoked' | undefined][]
  )
    .filter(
      ([channel, status]) => status && current.find((entry) => entry.channel === channel)?.status !== status,
    )
    .map(([channel, status]) => ({ channel, status: status!, source: 'portal' }));
  await appendConsents(scope.orm, patient, changes, null);
  scope.record(
    patientEvent(scope, patientId, 'portal.preferences.update', {
      details: {
        fields: Object.keys(preferences).sort(),
        consents: changes.map(({ channel, status }) => ({ channel, status })),
      },
    }),
  );
  return describeProfile(scope, patientId);
}
