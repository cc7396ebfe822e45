import {
  type TriageIntent,
  type TriageUrgency,
  triageIntents,
  triageUrgencies,
} from '@patientdesk/contracts';

/**
 * A multinomial logistic regression over sparse features, with two heads (urgency and intent)
 * sharing one feature table. Small enough to read, fast enough for every message (a lookup
 * and a few additions per feature), and explainable: each feature's weight toward the decided
 * class says which words pushed it there.
 */

/** The levels and intents are the API's (contracts), so the engine and its callers agree. */
export const urgencies = triageUrgencies;
export type Urgency = TriageUrgency;
export const intents = triageIntents;
export type Intent = TriageIntent;

export interface TriageModelFile {
  /** Bumped when features change, so an old model file is refused rather than misread. */
  format: 1;
  trainedAt: string;
  examples: number;
  /** Per feature: urgency weights (3) then intent weights (9). */
  weights: Record<string, number[]>;
  bias: number[];
  /**
   * Safety margins, chosen by cross-validation on the training set: how likely, relative to the
   * likeliest lower level, emergency (and urgent-or-higher) must be to be chosen over it.
   */
  caution: { emergency: number; urgentOrHigher: number };
}

export const headSizes = { urgency: urgencies.length, intent: intents.length };
export const weightCount = headSizes.urgency + headSizes.intent;

export interface Scores {
  urgency: number[];
  intent: number[];
}

export function softmax(values: number[]): number[] {
  const top = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Class probabilities for a message's features. */
export function predict(model: Pick<TriageModelFile, 'weights' | 'bias'>, features: string[]): Scores {
  const totals = [...model.bias];
  for (const feature of new Set(features)) {
    const w = model.weights[feature];
    if (!w) continue;
    for (let k = 0; k < weightCount; k++) totals[k]! += w[k]!;
  }
  return {
    urgency: softmax(totals.slice(0, headSizes.urgency)),
    intent: softmax(totals.slice(headSizes.urgency)),
  };
}

/** The features that pushed hardest toward a class (for the reasons shown to the agent). */
export function strongestFeatures(
  model: Pick<TriageModelFile, 'weights'>,
  features: string[],
  classIndex: number,
  count: number,
): string[] {
  return [...new Set(features)]
    .map((f) => ({ f, w: model.weights[f]?.[classIndex] ?? 0 }))
    .filter((x) => x.w > 0)
    .sort((a, b) => b.w - a.w)
    .slice(0, count)
    .map((x) => x.f);
}

/** How many words of a message the model knows: below `leastEvidence`, it has nothing to lean on. */
export function evidenceIn(model: Pick<TriageModelFile, 'weights'>, features: string[]): number {
  return new Set(features.filter((f) => (f.startsWith('w:') || f.startsWith('flag:')) && model.weights[f]))
    .size;
}

/**
 * Leaning to the higher urgency needs something to lean on: "no", "ok" or "hi" say nothing, and
 * their probabilities are only the training set's proportions, so they get the likeliest level.
 */
export const leastEvidence = 2;

/**
 * The level to act on. When unsure between two levels, the higher one: emergency when it is at
 * least `caution.emergency` times as likely as the likeliest other level, urgent-or-higher when
 * it is at least `caution.urgentOrHigher` times as likely as routine. A ratio, not a bare
 * probability: a scheduling question at 9% emergency is not "unsure", it is routine.
 */
export function cautiousUrgency(
  probabilities: number[],
  caution: TriageModelFile['caution'],
  evidence = leastEvidence,
): Urgency {
  const [emergency = 0, urgent = 0, routine = 0] = probabilities;
  if (evidence < leastEvidence) return urgencies[probabilities.indexOf(Math.max(...probabilities))]!;
  if (emergency >= caution.emergency * Math.max(urgent, routine)) return 'emergency';
  if (emergency + urgent >= caution.urgentOrHigher * routine) return 'urgent';
  return 'routine';
}
