import { type Intent, intents, type Urgency, urgencies } from './linear-model.ts';
import type { LabelledExample } from './training.ts';
import type { TriageEngine } from './triage-engine.ts';

/**
 * Scores the engine on labelled examples the way a clinical reviewer would read it: did it find
 * the emergencies (recall), how often was an "emergency" not one (precision), how often did it
 * under-triage (the dangerous error) or over-triage (the costly one), and how well it read what
 * people want (intent).
 */

export interface TriageScores {
  examples: number;
  emergencyRecall: number;
  emergencyPrecision: number;
  /** Share of each true level triaged exactly right. */
  accuracyByUrgency: Record<Urgency, number>;
  urgencyAccuracy: number;
  /** Triaged lower than the truth (an emergency called urgent or routine, urgent called routine). */
  underTriage: number;
  overTriage: number;
  intentAccuracy: number;
  /** confusion[truth][predicted] counts. */
  confusion: Record<Urgency, Record<Urgency, number>>;
  intentConfusion: Record<Intent, Record<Intent, number>>;
  misses: { text: string; truth: Urgency; predicted: Urgency }[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function scoreTriage(engine: TriageEngine, examples: LabelledExample[]): TriageScores {
  const confusion = Object.fromEntries(
    urgencies.map((t) => [t, Object.fromEntries(urgencies.map((p) => [p, 0]))]),
  ) as TriageScores['confusion'];
  const intentConfusion = Object.fromEntries(
    intents.map((t) => [t, Object.fromEntries(intents.map((p) => [p, 0]))]),
  ) as TriageScores['intentConfusion'];
  let under = 0;
  let over = 0;
  let intentRight = 0;
  const misses: TriageScores['misses'] = [];
  for (const example of examples) {
    const result = engine.triage({ text: example.text, language: example.language });
    confusion[example.urgency][result.urgency]++;
    intentConfusion[example.intent][result.intent]++;
    const truthRank = urgencies.indexOf(example.urgency);
    const predictedRank = urgencies.indexOf(result.urgency);
    if (predictedRank > truthRank) {
      under++;
      misses.push({ text: example.text, truth: example.urgency, predicted: result.urgency });
    }
    if (predictedRank < truthRank) over++;
    if (result.intent === example.intent) intentRight++;
  }
  const rowTotal = (u: Urgency) => urgencies.reduce((sum, p) => sum + confusion[u][p], 0);
  const predictedEmergencies = urgencies.reduce((sum, t) => sum + confusion[t].emergency, 0);
  const right = urgencies.reduce((sum, u) => sum + confusion[u][u], 0);
  return {
    examples: examples.length,
    emergencyRecall: ratio(confusion.emergency.emergency, rowTotal('emergency')),
    emergencyPrecision: ratio(confusion.emergency.emergency, predictedEmergencies),
    accuracyByUrgency: Object.fromEntries(
      urgencies.map((u) => [u, ratio(confusion[u][u], rowTotal(u))]),
    ) as Record<Urgency, number>,
    urgencyAccuracy: ratio(right, examples.length),
    underTriage: ratio(under, examples.length),
    overTriage: ratio(over, examples.length),
    intentAccuracy: ratio(intentRight, examples.length),
    confusion,
    intentConfusion,
    misses,
  };
}
