import type { TriageLanguage } from './language.ts';
import type { Intent, Urgency } from './linear-model.ts';
import type { TriageResult } from './triage-engine.ts';

/**
 * The part of a triage kept in plain columns: levels and rule names, never the patient's words
 * (those stay in the encrypted reasons), so triage can be counted and reported on.
 */
export interface StoredTriage {
  urgency: Urgency;
  intent: Intent;
  language: TriageLanguage;
  flags: { rule: string; status: string }[];
  /** When the model that decided was trained (which model it was). */
  model: string;
  /** Set when a clinician corrected it. */
  corrected?: { urgency: Urgency; intent: Intent; by: string; at: string };
}

export function storedTriageOf(result: TriageResult, modelTrainedAt: string): StoredTriage {
  return {
    urgency: result.urgency,
    intent: result.intent,
    language: result.language,
    flags: result.flags,
    model: modelTrainedAt,
  };
}
