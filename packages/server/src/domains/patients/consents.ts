import type { ConsentEntry, PatientConsents } from '@patientdesk/contracts';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { staffMembers } from '../staff/schema.ts';
import { accessPatient, patientEvent, staffMemberIdOf } from './patient-access.ts';
import { type ConsentChannel, type ConsentSource, patientConsents } from './schema.ts';

/**
 * Consent to be contacted, per channel (TCPA for calls and texts, CAN-SPAM for email), kept as
 * a history: a change adds an entry and never rewrites one, so what was in force when a message
 * went out can always be shown. The latest entry per channel is in force.
 */

/** A patient's consents: the one in force per channel, and the whole history, newest first. */
export async function consentsOf(orm: Orm, patientId: string): Promise<PatientConsents> {
  const rows = await orm
    .select({ consent: patientConsents, recordedBy: staffMembers.displayName })
    .from(patientConsents)
    .leftJoin(staffMembers, eq(staffMembers.id, patientConsents.recordedByStaffId))
    .where(eq(patientConsents.patientId, patientId))
    .orderBy(desc(patientConsents.recordedAt), desc(patientConsents.id));
  const history: ConsentEntry[] = rows.map(({ consent, recordedBy }) => ({
    id: consent.id,
    channel: consent.channel,
    status: consent.status,
    source: consent.source,
    recordedAt: consent.recordedAt.toISOString(),
    recordedBy,
    note: consent.note,
  }));
  const current = new Map<string, ConsentEntry>();
  for (const entry of history) if (!current.has(entry.channel)) current.set(entry.channel, entry);
  return { current: [...current.values()], history };
}

/** The consent in force per channel for each of these patients (channels never recorded are absent). */
export async function consentsInForce(
  orm: Orm,
  patientIds: readonly string[],
): Promise<Map<string, Map<ConsentChannel, 'granted' | 'revoked'>>> {
  const inForce = new Map<string, Map<ConsentChannel, 'granted' | 'revoked'>>();
  if (patientIds.length === 0) return inForce;
  const rows = await orm
    .selectDistinctOn([patientConsents.patientId, patientConsents.channel], {
      patientId: patientConsents.patientId,
      channel: patientConsents.channel,
      status: patientConsents.status,
    })
    .from(patientConsents)
    .where(inArray(patientConsents.patientId, [...new Set(patientIds)]))
    .orderBy(
      patientConsents.patientId,
      patientConsents.channel,
      desc(patientConsents.recordedAt),
      desc(patientConsents.id),
    );
  for (const row of rows) {
    const channels = inForce.get(row.patientId) ?? new Map();
    channels.set(row.channel, row.status);
    inForce.set(row.patientId, channels);
  }
  return inForce;
}

export interface ConsentChange {
  channel: ConsentChannel;
  status: 'granted' | 'revoked';
  source: ConsentSource;
  note?: string | null;
}

/** Adds entries to the consent history (no check, no audit: the callers do both). */
export async function appendConsents(
  orm: Orm,
  patient: { id: string; organizationId: string },
  changes: ConsentChange[],
  recordedByStaffId: string | null,
): Promise<void> {
  if (changes.length === 0) return;
  await orm.insert(patientConsents).values(
    changes.map((change) => ({
      organizationId: patient.organizationId,
      patientId: patient.id,
      channel: change.channel,
      status: change.status,
      source: change.source,
      note: change.note ?? null,
      recordedByStaffId,
    })),
  );
}

/** Records what a patient told staff about being contacted on one channel. */
export async function recordConsent(
  scope: ActorScope,
  patientId: string,
  change: ConsentChange,
): Promise<PatientConsents> {
  const { patient } = await accessPatient(scope, 'patient.consents.update', patientId, { toChange: true });
  await appendConsents(scope.orm, patient, [change], staffMemberIdOf(scope));
  scope.record(
    patientEvent(scope, patientId, 'patient.consents.update', {
      details: { channel: change.channel, status: change.status, source: change.source },
    }),
  );
  return consentsOf(scope.orm, patientId);
}
