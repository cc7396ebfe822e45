import { eq } from 'drizzle-orm';
import type { Database, Orm } from '../db/connection.ts';
import {
  contacts,
  conversationMessages,
  conversations,
  messageAttachments,
} from '../domains/conversations/schema.ts';
import { outboxMessages } from '../domains/outbox/schema.ts';
import { patientCoverages, patientNotes, patients } from '../domains/patients/schema.ts';
import { createPatients } from '../domains/patients/service.ts';
import { appointments } from '../domains/scheduling/schema.ts';
import { createSchedulingFixture } from '../domains/scheduling/test-fixtures.ts';
import { timeRangeLiteral } from '../domains/scheduling/time-ranges.ts';
import { staffMembers } from '../domains/staff/schema.ts';
import { triageCorrections } from '../domains/triage/schema.ts';
import type { FieldCipher } from '../security/field-encryption.ts';
import { createTestClinic, createTestStaff } from './clinic.ts';

/**
 * One plaintext per encrypted column and row, to check after a rotation that each still reads
 * (an attachment's plaintext is its content as UTF-8 text).
 */
export interface EncryptedSample {
  table: string;
  column: string;
  field: string;
  id: string;
  plaintext: string;
}

/**
 * A clinic with a value in every encrypted column (several in some), encrypted with `cipher`,
 * for key rotation tests.
 */
export async function storeEncryptedSamples(
  database: Database,
  cipher: FieldCipher,
): Promise<EncryptedSample[]> {
  const orm = database.orm;
  const clinic = await createTestClinic(orm, 'Rotation Clinic');
  const samples: EncryptedSample[] = [];
  const created = await createPatients(
    orm,
    ['Ada', 'Ben', 'Cleo'].map((given, index) => ({
      organizationId: clinic.id,
      mrn: `ROT-${index}`,
      givenName: given,
      familyName: 'Sample',
      birthDate: '1985-06-15',
    })),
  );
  for (const [index, patient] of created.entries()) {
    const plaintext = `SSN-00${index}-4242`;
    await orm
      .update(patients)
      .set({ governmentIdEncrypted: cipher.encrypt('patients.government_id', plaintext) })
      .where(eq(patients.id, patient.id));
    samples.push({
      table: 'patients',
      column: 'government_id_encrypted',
      field: 'patients.government_id',
      id: patient.id,
      plaintext,
    });
  }
  const [coverage] = await orm
    .insert(patientCoverages)
    .values({
      organizationId: clinic.id,
      patientId: created[0]!.id,
      payerName: 'Blue Shield',
      memberNumberEncrypted: cipher.encrypt('patient_coverages.member_number', 'BSX123456789'),
    })
    .returning({ id: patientCoverages.id });
  samples.push({
    table: 'patient_coverages',
    column: 'member_number_encrypted',
    field: 'patient_coverages.member_number',
    id: coverage!.id,
    plaintext: 'BSX123456789',
  });
  const clinician = await createTestStaff(orm, clinic.id, 'clinician');
  const [note] = await orm
    .insert(patientNotes)
    .values({
      organizationId: clinic.id,
      patientId: created[1]!.id,
      kind: 'clinical',
      bodyEncrypted: cipher.encrypt('patient_notes.body', 'Allergic to penicillin'),
      authorStaffId: clinician.id,
    })
    .returning({ id: patientNotes.id });
  samples.push({
    table: 'patient_notes',
    column: 'body_encrypted',
    field: 'patient_notes.body',
    id: note!.id,
    plaintext: 'Allergic to penicillin',
  });
  await orm
    .update(staffMembers)
    .set({ mfaSecretEncrypted: cipher.encrypt('staff_members.mfa_secret', 'JBSWY3DPEHPK3PXP') })
    .where(eq(staffMembers.id, clinician.id));
  samples.push({
    table: 'staff_members',
    column: 'mfa_secret_encrypted',
    field: 'staff_members.mfa_secret',
    id: clinician.id,
    plaintext: 'JBSWY3DPEHPK3PXP',
  });
  for (const code of ['123456', '654321']) {
    const plaintext = `Your PatientDesk code is ${code}`;
    const [message] = await orm
      .insert(outboxMessages)
      .values({
        organizationId: clinic.id,
        channel: 'sms',
        recipient: '+15555550100',
        bodyEncrypted: cipher.encrypt('outbox_messages.body', plaintext),
        purpose: 'portal-sign-in-code',
      })
      .returning({ id: outboxMessages.id });
    samples.push({
      table: 'outbox_messages',
      column: 'body_encrypted',
      field: 'outbox_messages.body',
      id: message!.id,
      plaintext,
    });
  }
  samples.push(...(await storeInboxSamples(orm, cipher, clinic.id, created[2]!.id, clinician.id)));
  samples.push(...(await storeAppointmentSamples(orm, cipher, clinic.id)));
  return samples;
}

/**
 * A portal conversation of the patient: its subject, a message with its triage reasons and an
 * attachment kept in the database, and a clinician's triage correction of that message.
 */
async function storeInboxSamples(
  orm: Orm,
  cipher: FieldCipher,
  organizationId: string,
  patientId: string,
  clinicianId: string,
): Promise<EncryptedSample[]> {
  const subject = 'Question about my lab results';
  const body = 'My potassium came back at 6.1, should I worry?';
  const reasons = JSON.stringify([{ rule: 'lab-value', quote: 'potassium came back at 6.1' }]);
  const attachment = 'Potassium 6.1 mmol/L (reference 3.5-5.1)';
  const [contact] = await orm
    .insert(contacts)
    .values({ organizationId, kind: 'patient', patientId, displayName: 'Cleo Sample' })
    .returning({ id: contacts.id });
  const [conversation] = await orm
    .insert(conversations)
    .values({
      organizationId,
      contactId: contact!.id,
      channel: 'portal',
      subjectEncrypted: cipher.encrypt('conversations.subject', subject),
      patientId,
    })
    .returning({ id: conversations.id });
  const [message] = await orm
    .insert(conversationMessages)
    .values({
      organizationId,
      conversationId: conversation!.id,
      direction: 'inbound',
      authorKind: 'contact',
      bodyEncrypted: cipher.encrypt('conversation_messages.body', body),
      triageReasonsEncrypted: cipher.encrypt('conversation_messages.triage_reasons', reasons),
    })
    .returning({ id: conversationMessages.id });
  const [file] = await orm
    .insert(messageAttachments)
    .values({
      organizationId,
      messageId: message!.id,
      conversationId: conversation!.id,
      fileName: 'lab-results.txt',
      contentType: 'text/plain',
      sizeBytes: Buffer.byteLength(attachment),
      contentEncrypted: cipher.encryptBytes('message_attachments.content', Buffer.from(attachment, 'utf8')),
    })
    .returning({ id: messageAttachments.id });
  const [correction] = await orm
    .insert(triageCorrections)
    .values({
      organizationId,
      messageId: message!.id,
      conversationId: conversation!.id,
      language: 'en',
      textEncrypted: cipher.encrypt('triage_corrections.text', body),
      triagedUrgency: 'routine',
      triagedIntent: 'results',
      urgency: 'urgent',
      intent: 'results',
      correctedBy: clinicianId,
    })
    .returning({ id: triageCorrections.id });
  return [
    {
      table: 'conversations',
      column: 'subject_encrypted',
      field: 'conversations.subject',
      id: conversation!.id,
      plaintext: subject,
    },
    {
      table: 'conversation_messages',
      column: 'body_encrypted',
      field: 'conversation_messages.body',
      id: message!.id,
      plaintext: body,
    },
    {
      table: 'conversation_messages',
      column: 'triage_reasons_encrypted',
      field: 'conversation_messages.triage_reasons',
      id: message!.id,
      plaintext: reasons,
    },
    {
      table: 'message_attachments',
      column: 'content_encrypted',
      field: 'message_attachments.content',
      id: file!.id,
      plaintext: attachment,
    },
    {
      table: 'triage_corrections',
      column: 'text_encrypted',
      field: 'triage_corrections.text',
      id: correction!.id,
      plaintext: body,
    },
  ];
}

/**
 * A visit of last week, with the reason given when booking, the intake answers, what the patient
 * told the kiosk changed, and a follow-up.
 */
async function storeAppointmentSamples(
  orm: Orm,
  cipher: FieldCipher,
  organizationId: string,
): Promise<EncryptedSample[]> {
  const fixture = await createSchedulingFixture(orm, organizationId);
  const type = fixture.types.newPatient;
  const reason = 'Headaches for two weeks';
  const answers = JSON.stringify({ medicines: 'Ibuprofen 400 mg when needed' });
  const followUp = 'Come back in a month to check blood pressure';
  const checkInNotes = 'Insurance changed (Aetna on file): ask for the new card.';
  const startsAt = new Date(Date.now() - 7 * 24 * 60 * 60_000);
  const endsAt = new Date(startsAt.getTime() + type.durationMinutes * 60_000);
  const [visit] = await orm
    .insert(appointments)
    .values({
      organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: type.id,
      status: 'fulfilled',
      mode: type.mode,
      startsAt,
      endsAt,
      bufferAfterMinutes: type.bufferAfterMinutes,
      blocked: timeRangeLiteral(startsAt, new Date(endsAt.getTime() + type.bufferAfterMinutes * 60_000)),
      reasonEncrypted: cipher.encrypt('appointments.reason', reason),
      intakeAnswersEncrypted: cipher.encrypt('appointments.intake_answers', answers),
      followUpEncrypted: cipher.encrypt('appointments.follow_up', followUp),
      checkInNotesEncrypted: cipher.encrypt('appointments.check_in_notes', checkInNotes),
      bookedByType: 'staff',
      bookedAt: startsAt,
      fulfilledAt: endsAt,
    })
    .returning({ id: appointments.id });
  const id = visit!.id;
  return [
    {
      table: 'appointments',
      column: 'reason_encrypted',
      field: 'appointments.reason',
      id,
      plaintext: reason,
    },
    {
      table: 'appointments',
      column: 'intake_answers_encrypted',
      field: 'appointments.intake_answers',
      id,
      plaintext: answers,
    },
    {
      table: 'appointments',
      column: 'follow_up_encrypted',
      field: 'appointments.follow_up',
      id,
      plaintext: followUp,
    },
    {
      table: 'appointments',
      column: 'check_in_notes_encrypted',
      field: 'appointments.check_in_notes',
      id,
      plaintext: checkInNotes,
    },
  ];
}

/** Reads each sample's stored value back: the key it is under, and its plaintext with `cipher`. */
export async function readEncryptedSamples(
  database: Database,
  cipher: FieldCipher,
  samples: EncryptedSample[],
) {
  const read: { field: string; keyId: string; plaintext: string }[] = [];
  for (const sample of samples) {
    const { rows } = await database.query<{ value: string | Uint8Array }>(
      `select ${sample.column} as value from ${sample.table} where id = $1`,
      [sample.id],
    );
    const value = rows[0]!.value;
    if (typeof value === 'string') {
      read.push({
        field: sample.field,
        keyId: cipher.keyIdOf(value),
        plaintext: cipher.decrypt(sample.field, value),
      });
    } else {
      const stored = Buffer.from(value);
      read.push({
        field: sample.field,
        keyId: cipher.keyIdOf(stored.toString('utf8')),
        plaintext: cipher.decryptBytes(sample.field, stored).toString('utf8'),
      });
    }
  }
  return read;
}
