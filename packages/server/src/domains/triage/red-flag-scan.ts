import { type ContextReading, type FlagStatus, MessageContext, sentenceAround } from './clinical-context.ts';
import { type RedFlag, redFlags } from './lexicon/red-flags.ts';
import type { Word } from './message-text.ts';
import {
  type PhraseMatch,
  PhraseSet,
  type PreparedWords,
  prepareWords,
  TypoIndex,
  vocabularyOf,
} from './phrase-patterns.ts';

/**
 * Finds the red flags in a message and reads each in context. A flag that is negated, history
 * or hypothetical is still reported (the agent sees that "no chest pain" was noticed and set
 * aside), but only current flags decide the urgency.
 */

export interface RedFlagFinding {
  flag: RedFlag;
  status: FlagStatus;
  /** The words that fired (one span, or two for a `together` flag). */
  spans: PhraseMatch[];
  cue?: PhraseMatch;
}

type Role = 'phrase' | 'first' | 'second' | 'except';

/** Every flag's phrases in one index: a message is scanned once for all of them. */
const flagPhrases = new PhraseSet<{ flag: number; role: Role }>(
  redFlags.flatMap((flag, index) => [
    ...(flag.phrases ?? []).map((source) => ({ source, tag: { flag: index, role: 'phrase' as Role } })),
    ...(flag.together?.[0] ?? []).map((source) => ({ source, tag: { flag: index, role: 'first' as Role } })),
    ...(flag.together?.[1] ?? []).map((source) => ({ source, tag: { flag: index, role: 'second' as Role } })),
    ...(flag.except ?? []).map((source) => ({ source, tag: { flag: index, role: 'except' as Role } })),
  ]),
);

/**
 * Common words one typo away from a red-flag word: never read as a misspelling of it ("night"
 * is not "tight", "hecho" is not "pecho", "cooking" is not "choking").
 */
const realWordsNearFlags = new Set(
  `heard hearth heat attach chess cheat flood bloom blond strike strikes breeding breed bleep bleeping painted painting
  cooking cooked grasping spelling smelling dwelling selling spell smell sell dwell threat confuses prison never lever
  fewer sweet sweets swear swearing blond bland blink night light right tight fight might sight eight slight tights
  brushing crashing rushing turning acting hunting pairs paints gains rains plains blurred blurring blurry later
  waiter loving mowing shopped stepped injected infested training raining straining hecho techo suele color dolar
  dolares prision contarme leisure invoices making baking stroll stores strong stoked gaping stock smoke spoke`.split(
    /\s+/,
  ),
);

const typoIndex = new TypoIndex(vocabularyOf(flagPhrases.phrases()), realWordsNearFlags);

export function prepareForScan(words: Word[]): PreparedWords {
  return prepareWords(words, typoIndex);
}

const overlaps = (a: PhraseMatch, b: PhraseMatch) => a.first < b.last && b.first < a.last;

function rank(status: FlagStatus): number {
  return status === 'current' ? 0 : 1;
}

interface FlagMatches {
  phrase: PhraseMatch[];
  first: PhraseMatch[];
  second: PhraseMatch[];
  except: PhraseMatch[];
}

function findingsFor(
  flag: RedFlag,
  found: FlagMatches,
  message: PreparedWords,
  context: MessageContext,
): RedFlagFinding[] {
  const findings: RedFlagFinding[] = [];
  // "If" does not set thoughts of suicide aside: "they'd be better off if I …" is a crisis.
  const hypotheticalCounts = flag.advice !== 'crisis-line';
  const kept = (spans: PhraseMatch[]) => spans.filter((span) => !found.except.some((e) => overlaps(e, span)));
  for (const span of kept(found.phrase)) {
    const reading: ContextReading = context.read(span.first, span.last, hypotheticalCounts);
    findings.push({ flag, status: reading.status, spans: [span], cue: reading.cue });
  }
  const seconds = kept(found.second);
  for (const a of kept(found.first)) {
    const [start, end] = sentenceAround(message.words, a.first, a.last);
    for (const b of seconds) {
      if (b.first < start || b.last > end || overlaps(a, b)) continue;
      const readings = [
        context.read(a.first, a.last, hypotheticalCounts),
        context.read(b.first, b.last, hypotheticalCounts),
      ];
      const setAside = readings.find((r) => r.status !== 'current');
      findings.push({
        flag,
        status: setAside?.status ?? 'current',
        spans: [a, b].sort((x, y) => x.first - y.first),
        cue: setAside?.cue,
      });
    }
  }
  return findings;
}

/** The red flags of a message, one finding per flag: the current one when there is one. */
export function scanRedFlags(
  message: PreparedWords,
  context: MessageContext = new MessageContext(message),
): RedFlagFinding[] {
  const byFlag = new Map<number, FlagMatches>();
  for (const { tag, match } of flagPhrases.findAll(message)) {
    let matches = byFlag.get(tag.flag);
    if (!matches) {
      matches = { phrase: [], first: [], second: [], except: [] };
      byFlag.set(tag.flag, matches);
    }
    matches[tag.role].push(match);
  }
  if (byFlag.size === 0) return [];
  context.setConcepts(
    [...byFlag.values()].flatMap((m) =>
      [...m.phrase, ...m.first, ...m.second].filter((span) => !m.except.some((e) => overlaps(e, span))),
    ),
  );
  const found: RedFlagFinding[] = [];
  for (const [index, matches] of [...byFlag].sort((a, b) => a[0] - b[0])) {
    const findings = findingsFor(redFlags[index]!, matches, message, context).sort(
      (a, b) => rank(a.status) - rank(b.status),
    );
    if (findings[0]) found.push(findings[0]);
  }
  return found;
}
