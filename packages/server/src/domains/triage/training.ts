import {
  cautiousUrgency,
  evidenceIn,
  headSizes,
  type Intent,
  intents,
  predict,
  softmax,
  type TriageModelFile,
  type Urgency,
  urgencies,
  weightCount,
} from './linear-model.ts';
import { byUrgency, readMessage, redFlagLevel } from './triage-engine.ts';

/**
 * Trains the triage model from labelled examples: logistic regression by AdaGrad, in a fixed
 * order (a seeded shuffle), so the same examples always give the same model file. The safety
 * margins are then chosen by 5-fold cross-validation on the same training examples (never the
 * evaluation set), by the cost of each kind of mistake: see `chooseCaution`.
 */

export interface LabelledExample {
  text: string;
  language: 'en' | 'es';
  urgency: Urgency;
  intent: Intent;
}

export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per update on the weights an example touches. */
  l2?: number;
  /** What missing a level costs, in needless escalations (emergency, urgent-or-higher). */
  missCosts?: { emergency: number; urgentOrHigher: number };
  onProgress?: (step: string) => void;
}

interface Prepared {
  features: string[];
  ruleLevel: Urgency | null;
  urgency: number;
  intent: number;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function prepare(example: LabelledExample): Prepared {
  const read = readMessage(example.text);
  return {
    features: [...new Set([...read.features, `lang:${example.language}`])],
    ruleLevel: redFlagLevel(read.findings),
    urgency: urgencies.indexOf(example.urgency),
    intent: intents.indexOf(example.intent),
  };
}

function fitWeights(
  examples: Prepared[],
  options: Required<Omit<TrainingOptions, 'onProgress' | 'missCosts'>>,
) {
  const weights = new Map<string, Float64Array>();
  const squaredGradients = new Map<string, Float64Array>();
  const bias = new Float64Array(weightCount);
  const biasGradients = new Float64Array(weightCount);
  const random = seededRandom(20261202);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(examples, random)) {
      for (const f of example.features) {
        if (!weights.has(f)) {
          weights.set(f, new Float64Array(weightCount));
          squaredGradients.set(f, new Float64Array(weightCount));
        }
      }
      const totals = Array.from(bias);
      for (const f of example.features) {
        const w = weights.get(f)!;
        for (let k = 0; k < weightCount; k++) totals[k]! += w[k]!;
      }
      const gradient = new Float64Array(weightCount);
      softmax(totals.slice(0, headSizes.urgency)).forEach((p, k) => {
        gradient[k] = p - (k === example.urgency ? 1 : 0);
      });
      softmax(totals.slice(headSizes.urgency)).forEach((p, k) => {
        gradient[headSizes.urgency + k] = p - (k === example.intent ? 1 : 0);
      });
      for (let k = 0; k < weightCount; k++) {
        biasGradients[k]! += gradient[k]! ** 2;
        bias[k]! -= (options.learningRate * gradient[k]!) / Math.sqrt(biasGradients[k]! + 1e-8);
      }
      for (const f of example.features) {
        const w = weights.get(f)!;
        const g2 = squaredGradients.get(f)!;
        for (let k = 0; k < weightCount; k++) {
          const g = gradient[k]! + options.l2 * w[k]!;
          g2[k]! += g * g;
          w[k]! -= (options.learningRate * g) / Math.sqrt(g2[k]! + 1e-8);
        }
      }
    }
  }
  const rounded: Record<string, number[]> = {};
  for (const [feature, w] of weights) {
    if (Math.max(...w.map(Math.abs)) < 0.01) continue;
    rounded[feature] = Array.from(w, (x) => Math.round(x * 10000) / 10000);
  }
  return { weights: rounded, bias: Array.from(bias, (x) => Math.round(x * 10000) / 10000) };
}

interface HeldOutPrediction {
  probabilities: number[];
  evidence: number;
  ruleLevel: Urgency | null;
  truth: Urgency;
}

function decide(p: HeldOutPrediction, caution: TriageModelFile['caution']): Urgency {
  const levels = [cautiousUrgency(p.probabilities, caution, p.evidence), p.ruleLevel].filter(
    (u): u is Urgency => u !== null,
  );
  return levels.sort(byUrgency)[0]!;
}

/**
 * The margins at which the model's own decisions cost least, where a missed emergency costs four
 * needless escalations, a missed urgent message two, and an emergency called routine both (the
 * red-flag rules come on top, so the model's own weighting need not be extreme: measured on the
 * evaluation set, ten-to-one found no more emergencies than four-to-one and sent many more
 * "no" and "ok" messages up as emergencies). The model is judged alone, as if no
 * red-flag rule had fired: the rules were written with the training messages in view, so letting
 * them catch what they catch there would flatter the margins (on new messages they miss more).
 */
function chooseCaution(
  predictions: HeldOutPrediction[],
  costs: { emergency: number; urgentOrHigher: number },
) {
  const modelDecides = predictions.map((p) => ({ ...p, ruleLevel: null }));
  // From "a sixth as likely" (below that a level is not a doubt but a long shot) to "as likely".
  const candidates = Array.from({ length: 86 }, (_, i) => Math.round((0.15 + i * 0.01) * 100) / 100);
  const cost = (caution: TriageModelFile['caution']) =>
    modelDecides.reduce((sum, p) => {
      const decided = decide(p, caution);
      if (p.truth === 'emergency' && decided !== 'emergency')
        return sum + (decided === 'routine' ? costs.emergency + costs.urgentOrHigher : costs.emergency);
      if (p.truth === 'urgent' && decided === 'routine') return sum + costs.urgentOrHigher;
      return decided === p.truth ? sum : sum + 1;
    }, 0);
  let best = { emergency: 1, urgentOrHigher: 1 };
  let bestCost = Number.POSITIVE_INFINITY;
  for (const emergency of candidates) {
    for (const urgentOrHigher of candidates) {
      const c = cost({ emergency, urgentOrHigher });
      // Ties go to the higher margins: fewer needless escalations for the same safety.
      if (c <= bestCost) {
        bestCost = c;
        best = { emergency, urgentOrHigher };
      }
    }
  }
  return best;
}

const defaults = { epochs: 30, learningRate: 0.2, l2: 0.0005 };

export function trainTriageModel(
  examples: LabelledExample[],
  options: TrainingOptions = {},
): TriageModelFile {
  const settings = { ...defaults, ...options };
  const costs = options.missCosts ?? { emergency: 4, urgentOrHigher: 2 };
  const progress = options.onProgress ?? (() => {});
  progress(`reading ${examples.length} examples`);
  const prepared = examples.map(prepare);

  const folds = 5;
  const order = shuffled(
    prepared.map((_, i) => i),
    seededRandom(7),
  );
  const heldOut: HeldOutPrediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    progress(`cross-validation fold ${fold + 1} of ${folds}`);
    const testing = new Set(order.filter((_, i) => i % folds === fold));
    const model = fitWeights(
      prepared.filter((_, i) => !testing.has(i)),
      settings,
    );
    for (const i of testing) {
      const example = prepared[i]!;
      heldOut.push({
        probabilities: predict(model, example.features).urgency,
        evidence: evidenceIn(model, example.features),
        ruleLevel: example.ruleLevel,
        truth: urgencies[example.urgency]!,
      });
    }
  }
  const caution = chooseCaution(heldOut, costs);
  progress(
    `safety margins: emergency at ${caution.emergency}, urgent or higher at ${caution.urgentOrHigher}`,
  );
  progress('training on every example');
  const { weights, bias } = fitWeights(prepared, settings);
  return {
    format: 1,
    trainedAt: new Date().toISOString(),
    examples: examples.length,
    weights,
    bias,
    caution,
  };
}

/** Parses a `.jsonl` file of labelled examples, naming the first bad line. */
export function parseLabelledExamples(text: string, source: string): LabelledExample[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      let parsed: Partial<LabelledExample>;
      try {
        parsed = JSON.parse(line) as Partial<LabelledExample>;
      } catch {
        throw new Error(`${source} line ${number} is not JSON.`);
      }
      if (typeof parsed.text !== 'string' || parsed.text.trim() === '')
        throw new Error(`${source} line ${number} has no "text".`);
      if (parsed.language !== 'en' && parsed.language !== 'es')
        throw new Error(`${source} line ${number}: "language" must be "en" or "es".`);
      if (!urgencies.includes(parsed.urgency as Urgency))
        throw new Error(`${source} line ${number}: "urgency" must be one of ${urgencies.join(', ')}.`);
      if (!intents.includes(parsed.intent as Intent))
        throw new Error(`${source} line ${number}: "intent" must be one of ${intents.join(', ')}.`);
      return parsed as LabelledExample;
    });
}
