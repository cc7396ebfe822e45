import { MessageContext } from './clinical-context.ts';
import { detectLanguage, type TriageLanguage } from './language.ts';
import {
  cautiousUrgency,
  evidenceIn,
  type Intent,
  intents,
  predict,
  strongestFeatures,
  type TriageModelFile,
  type Urgency,
  urgencies,
} from './linear-model.ts';
import { messageFeatures } from './message-features.ts';
import { wordsOf } from './message-text.ts';
import type { PhraseMatch, PreparedWords } from './phrase-patterns.ts';
import { prepareForScan, type RedFlagFinding, scanRedFlags } from './red-flag-scan.ts';

/**
 * The triage of one inbound message: urgency and intent, with the reasons an agent can check.
 * Red-flag rules decide first (a current red flag is an emergency, or urgent, whatever the
 * model thinks); the model decides the rest, leaning to the higher urgency when unsure; an
 * emergency is always a clinical question. Pure and synchronous: the same text always gets the
 * same answer, in well under a millisecond.
 */

export interface QuotedPhrase {
  text: string;
  start: number;
  end: number;
}

export type TriageReason =
  | {
      kind: 'red-flag';
      rule: string;
      label: string;
      level: 'emergency' | 'urgent';
      phrases: QuotedPhrase[];
      summary: string;
    }
  | {
      kind: 'set-aside';
      rule: string;
      label: string;
      status: 'negated' | 'history' | 'hypothetical';
      phrases: QuotedPhrase[];
      cue: QuotedPhrase | null;
      summary: string;
    }
  | {
      kind: 'model';
      decides: 'urgency' | 'intent';
      label: string;
      probability: number;
      /** The model leaned to a higher urgency than the most likely one, for safety. */
      cautious: boolean;
      words: string[];
      summary: string;
    }
  | { kind: 'rule'; decides: 'intent'; label: string; summary: string };

export interface TriageResult {
  urgency: Urgency;
  intent: Intent;
  language: TriageLanguage;
  reasons: TriageReason[];
  /** Which rules fired (current or set aside), for counting and for the desk's highlight. */
  flags: { rule: string; status: string }[];
  probabilities: { urgency: Record<Urgency, number>; intent: Record<Intent, number> };
}

export interface TriageInput {
  text: string;
  language?: TriageLanguage | null;
}

const statusWords = {
  negated: { en: 'negated by', es: 'negado por' },
  history: { en: 'in the past', es: 'en el pasado' },
  hypothetical: { en: 'only "what if"', es: 'solo hipotético' },
} as const;

function quote(text: string, message: PreparedWords, span: PhraseMatch): QuotedPhrase {
  const start = message.words[span.first]!.start;
  const end = message.words[span.last - 1]!.end;
  return { text: text.slice(start, end), start, end };
}

function readableFeature(feature: string): string | null {
  if (feature.startsWith('w:')) return feature.slice(2);
  if (feature.startsWith('b:')) return feature.slice(2).replace('_', ' ');
  if (feature.startsWith('p:')) return `${feature.slice(2)}…`;
  return null;
}

function topWords(model: TriageModelFile, features: string[], classIndex: number): string[] {
  const words: string[] = [];
  for (const f of strongestFeatures(model, features, classIndex, 12)) {
    const readable = readableFeature(f);
    if (readable && !words.includes(readable)) words.push(readable);
    if (words.length === 4) break;
  }
  return words;
}

function redFlagReasons(
  text: string,
  message: PreparedWords,
  findings: RedFlagFinding[],
  language: TriageLanguage,
) {
  return findings.map((finding): TriageReason => {
    const phrases = finding.spans.map((span) => quote(text, message, span));
    const label = finding.flag.label[language];
    const said = phrases.map((p) => `“${p.text}”`).join(' + ');
    if (finding.status === 'current') {
      return {
        kind: 'red-flag',
        rule: finding.flag.id,
        label,
        level: finding.flag.level,
        phrases,
        summary: `${finding.flag.level === 'emergency' ? 'Emergency' : 'Urgent'} red flag “${label}”: ${said}`,
      };
    }
    const cue = finding.cue ? quote(text, message, finding.cue) : null;
    const how = statusWords[finding.status][language];
    return {
      kind: 'set-aside',
      rule: finding.flag.id,
      label,
      status: finding.status,
      phrases,
      cue,
      summary: `Set aside “${label}”: ${said}, ${how}${cue ? ` “${cue.text}”` : ''}`,
    };
  });
}

export interface ReadMessage {
  message: PreparedWords;
  findings: RedFlagFinding[];
  features: string[];
}

/** The parts of a message the model and the rules read; shared with the training script. */
export function readMessage(text: string): ReadMessage {
  const message = prepareForScan(wordsOf(text));
  const context = new MessageContext(message);
  const findings = scanRedFlags(message, context);
  const negated = context.negatedWords();
  return { message, findings, features: messageFeatures(message, negated, findings) };
}

/** The level the current red flags alone call for, or null when none is current. */
export function redFlagLevel(findings: RedFlagFinding[]): Urgency | null {
  const current = findings.filter((f) => f.status === 'current');
  if (current.some((f) => f.flag.level === 'emergency')) return 'emergency';
  return current.length > 0 ? 'urgent' : null;
}

export class TriageEngine {
  constructor(readonly model: TriageModelFile) {}

  triage(input: TriageInput): TriageResult {
    const { text } = input;
    const language = input.language ?? detectLanguage(text);
    const { message, findings, features } = readMessage(text);
    const scores = predict(this.model, features);
    const reasons = redFlagReasons(text, message, findings, language);

    const ruleLevel = redFlagLevel(findings);
    const modelLevel = cautiousUrgency(scores.urgency, this.model.caution, evidenceIn(this.model, features));
    const mostLikely = urgencies[scores.urgency.indexOf(Math.max(...scores.urgency))]!;
    const urgency = [ruleLevel, modelLevel].filter((u): u is Urgency => u !== null).sort(byUrgency)[0]!;

    if (urgency === modelLevel && ruleLevel !== modelLevel) {
      const index = urgencies.indexOf(modelLevel);
      reasons.push({
        kind: 'model',
        decides: 'urgency',
        label: modelLevel,
        probability: round(scores.urgency[index]!),
        cautious: modelLevel !== mostLikely,
        words: topWords(this.model, features, index),
        summary:
          modelLevel === mostLikely
            ? `Model: ${modelLevel} (${percent(scores.urgency[index]!)})`
            : `Model: ${modelLevel} for safety (${percent(scores.urgency[index]!)}; ${mostLikely} was likelier)`,
      });
    }

    let intent: Intent;
    if (urgency === 'emergency') {
      intent = 'clinical-question';
      reasons.push({
        kind: 'rule',
        decides: 'intent',
        label: intent,
        summary: 'An emergency is always a clinical question',
      });
    } else {
      const best = scores.intent.indexOf(Math.max(...scores.intent));
      intent = intents[best]!;
      reasons.push({
        kind: 'model',
        decides: 'intent',
        label: intent,
        probability: round(scores.intent[best]!),
        cautious: false,
        words: topWords(this.model, features, urgencies.length + best),
        summary: `Model: intent ${intent} (${percent(scores.intent[best]!)})`,
      });
    }

    return {
      urgency,
      intent,
      language,
      reasons,
      flags: findings.map((f) => ({ rule: f.flag.id, status: f.status })),
      probabilities: {
        urgency: Object.fromEntries(urgencies.map((u, i) => [u, round(scores.urgency[i]!)])) as Record<
          Urgency,
          number
        >,
        intent: Object.fromEntries(intents.map((u, i) => [u, round(scores.intent[i]!)])) as Record<
          Intent,
          number
        >,
      },
    };
  }
}

/** Emergency first: sorting a list of urgencies by this puts the highest first. */
export function byUrgency(a: Urgency, b: Urgency): number {
  return urgencies.indexOf(a) - urgencies.indexOf(b);
}

const round = (p: number) => Math.round(p * 1000) / 1000;
const percent = (p: number) => `${Math.round(p * 100)}%`;
