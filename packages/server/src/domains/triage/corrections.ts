import { asc, gte } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { Intent, Urgency } from './linear-model.ts';
import { triageCorrections, triageEncryptedFields } from './schema.ts';
import type { LabelledExample } from './training.ts';

/**
 * A clinician's correction is kept as a labelled example (the message's words encrypted like
 * the message itself), so a clinic can retrain the model on what its own patients write:
 * `patientdesk triage export-corrections`, then `patientdesk triage train --extra`.
 */

export interface Correction {
  organizationId: string;
  messageId: string;
  conversationId: string;
  text: string;
  language: 'en' | 'es';
  triaged: { urgency: Urgency; intent: Intent };
  corrected: { urgency: Urgency; intent: Intent };
  correctedBy: string;
  at: Date;
}

export async function recordCorrection(orm: Orm, cipher: FieldCipher, correction: Correction): Promise<void> {
  const values = {
    organizationId: correction.organizationId,
    messageId: correction.messageId,
    conversationId: correction.conversationId,
    language: correction.language,
    textEncrypted: cipher.encrypt(triageEncryptedFields.correctionText, correction.text),
    triagedUrgency: correction.triaged.urgency,
    triagedIntent: correction.triaged.intent,
    urgency: correction.corrected.urgency,
    intent: correction.corrected.intent,
    correctedBy: correction.correctedBy,
    correctedAt: correction.at,
  };
  await orm
    .insert(triageCorrections)
    .values(values)
    .onConflictDoUpdate({
      target: triageCorrections.messageId,
      set: {
        urgency: values.urgency,
        intent: values.intent,
        correctedBy: values.correctedBy,
        correctedAt: values.correctedAt,
      },
    });
}

/** The organisation's corrections as labelled examples, oldest first. */
export async function correctionsAsExamples(
  orm: Orm,
  cipher: FieldCipher,
  since: Date | null = null,
): Promise<LabelledExample[]> {
  const rows = await orm
    .select()
    .from(triageCorrections)
    .where(since ? gte(triageCorrections.correctedAt, since) : undefined)
    .orderBy(asc(triageCorrections.correctedAt));
  return rows.map((row) => ({
    text: cipher.decrypt(triageEncryptedFields.correctionText, row.textEncrypted),
    language: row.language,
    urgency: row.urgency,
    intent: row.intent,
  }));
}
