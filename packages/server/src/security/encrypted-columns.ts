import type { EncryptedField } from './field-encryption.ts';

/** A column that holds values encrypted with the field cipher, and the field name bound into them. */
export interface EncryptedColumn {
  table: string;
  column: string;
  field: EncryptedField;
  /**
   * How the value is stored: `text` (the ciphertext itself), or `bytes` (a bytea column holding
   * the UTF-8 bytes of the same ciphertext, written with FieldCipher.encryptBytes: attachments).
   */
  encoding: 'text' | 'bytes';
}

/**
 * Every column of PatientDesk that holds encrypted values. Key rotation re-encrypts exactly
 * these, and a key may be retired only when none of them uses it any more: a new encrypted
 * column must be added here, or rotation would leave its values under an old key (the schema
 * test in key-rotation.test.ts fails for a column named `*_encrypted` that is missing). Each
 * table's primary key is its `id` column, which rotation walks in batches.
 *
 * Not listed because not stored: the kiosk's check-in tickets ('kiosk.ticket'), which live a few
 * minutes in the kiosk's browser; one issued before a rotation simply asks the patient to start
 * again once its key is gone.
 */
export const encryptedColumns: readonly EncryptedColumn[] = [
  { table: 'patients', column: 'government_id_encrypted', field: 'patients.government_id', encoding: 'text' },
  {
    table: 'patient_coverages',
    column: 'member_number_encrypted',
    field: 'patient_coverages.member_number',
    encoding: 'text',
  },
  { table: 'patient_notes', column: 'body_encrypted', field: 'patient_notes.body', encoding: 'text' },
  {
    table: 'staff_members',
    column: 'mfa_secret_encrypted',
    field: 'staff_members.mfa_secret',
    encoding: 'text',
  },
  { table: 'outbox_messages', column: 'body_encrypted', field: 'outbox_messages.body', encoding: 'text' },
  {
    table: 'outbox_messages',
    column: 'attachments_encrypted',
    field: 'outbox_messages.attachments',
    encoding: 'text',
  },
  { table: 'conversations', column: 'subject_encrypted', field: 'conversations.subject', encoding: 'text' },
  {
    table: 'conversation_messages',
    column: 'body_encrypted',
    field: 'conversation_messages.body',
    encoding: 'text',
  },
  {
    table: 'conversation_messages',
    column: 'triage_reasons_encrypted',
    field: 'conversation_messages.triage_reasons',
    encoding: 'text',
  },
  {
    table: 'message_attachments',
    column: 'content_encrypted',
    field: 'message_attachments.content',
    encoding: 'bytes',
  },
  {
    table: 'triage_corrections',
    column: 'text_encrypted',
    field: 'triage_corrections.text',
    encoding: 'text',
  },
  { table: 'appointments', column: 'reason_encrypted', field: 'appointments.reason', encoding: 'text' },
  {
    table: 'appointments',
    column: 'intake_answers_encrypted',
    field: 'appointments.intake_answers',
    encoding: 'text',
  },
  { table: 'appointments', column: 'follow_up_encrypted', field: 'appointments.follow_up', encoding: 'text' },
  {
    table: 'appointments',
    column: 'check_in_notes_encrypted',
    field: 'appointments.check_in_notes',
    encoding: 'text',
  },
];
