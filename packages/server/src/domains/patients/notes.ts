import type { PatientNote } from '@patientdesk/contracts';
import { and, desc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Forbidden } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { staffMembers } from '../staff/schema.ts';
import { accessPatient, patientEvent } from './patient-access.ts';
import { type PatientNoteKind, patientNotes } from './schema.ts';

/**
 * Notes on the record: administrative ones (any staff who reads the record) and clinical ones
 * (clinicians only, as their role needs them). Both are encrypted at rest.
 */

const bodyField = 'patient_notes.body';

/** A patient's notes of one kind, newest first. */
export async function notesOf(
  orm: Orm,
  cipher: FieldCipher,
  patientId: string,
  kind: PatientNoteKind,
): Promise<PatientNote[]> {
  const rows = await orm
    .select({ note: patientNotes, author: staffMembers.displayName })
    .from(patientNotes)
    .innerJoin(staffMembers, eq(staffMembers.id, patientNotes.authorStaffId))
    .where(and(eq(patientNotes.patientId, patientId), eq(patientNotes.kind, kind)))
    .orderBy(desc(patientNotes.createdAt), desc(patientNotes.id));
  return rows.map(({ note, author }) => ({
    id: note.id,
    kind: note.kind,
    body: cipher.decrypt(bodyField, note.bodyEncrypted),
    author: { id: note.authorStaffId, displayName: author },
    createdAt: note.createdAt.toISOString(),
  }));
}

/** Adds a note; a clinical note needs the clinical-notes permission on top of writing notes. */
export async function addNote(
  scope: ActorScope,
  cipher: FieldCipher,
  patientId: string,
  input: { kind: PatientNoteKind; body: string },
): Promise<PatientNote> {
  const { actor } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff write notes on a record.');
  if (input.kind === 'clinical') await scope.authorize('patient.clinical-notes.write', { patientId });
  const { patient } = await accessPatient(scope, 'patient.notes.write', patientId, { toChange: true });
  const [row] = await scope.orm
    .insert(patientNotes)
    .values({
      organizationId: patient.organizationId,
      patientId,
      kind: input.kind,
      bodyEncrypted: cipher.encrypt(bodyField, input.body),
      authorStaffId: actor.staffMemberId,
    })
    .returning();
  scope.record(
    patientEvent(scope, patientId, 'patient.notes.write', {
      resourceType: 'patient-note',
      resourceId: row!.id,
      details: { kind: input.kind },
    }),
  );
  return {
    id: row!.id,
    kind: row!.kind,
    body: input.body,
    author: { id: actor.staffMemberId, displayName: actor.displayName },
    createdAt: row!.createdAt.toISOString(),
  };
}
