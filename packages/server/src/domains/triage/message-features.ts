import type { PreparedWords } from './phrase-patterns.ts';
import type { RedFlagFinding } from './red-flag-scan.ts';

/**
 * What the statistical classifier sees of a message: its words (not the negated ones, so that
 * "no fever" never counts as fever), word pairs, short word beginnings (so "vomiting",
 * "vomited" and "vomitando" share "vomit"), letter triples (so a misspelling still shares most
 * of its pieces with the right word), and the red flags the rules found, with their status.
 */

const beginningLength = 5;

export function messageFeatures(
  message: PreparedWords,
  negated: ReadonlySet<number>,
  flags: RedFlagFinding[],
): string[] {
  const features: string[] = [];
  // A red flag's own words speak through its flag feature only, so that "chest pain", "no chest
  // pain" and "chest pain last year" differ to the model by that one feature and nothing else.
  const flagWords = new Set<number>();
  for (const finding of flags)
    for (const span of finding.spans) for (let i = span.first; i < span.last; i++) flagWords.add(i);
  let previous: string | null = null;
  message.words.forEach((word, index) => {
    if (word.isBreak || negated.has(index) || flagWords.has(index)) {
      previous = null;
      return;
    }
    const text = word.text;
    features.push(`w:${text}`);
    if (text.length > beginningLength) features.push(`p:${text.slice(0, beginningLength)}`);
    if (previous) features.push(`b:${previous}_${text}`);
    if (text.length >= 4 && !/^\d+$/.test(text)) {
      const padded = `<${text}>`;
      for (let i = 0; i + 3 <= padded.length; i++) features.push(`c:${padded.slice(i, i + 3)}`);
    }
    previous = text;
  });
  // Negated, past and "what if" flags look the same to the model: writing "no" before a red flag
  // must never make a message more urgent, and with one feature for all three it cannot.
  for (const finding of flags)
    features.push(`flag:${finding.flag.id}:${finding.status === 'current' ? 'current' : 'set-aside'}`);
  return features;
}
