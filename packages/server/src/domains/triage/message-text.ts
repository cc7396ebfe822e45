/**
 * A message cut into words the triage engine can compare: lower case, accents folded ("sí" and
 * "si", "convulsión" and "convulsion" are one word, as patients type both), apostrophes kept
 * inside words ("can't"), each word with its place in the original text so the desk can mark
 * the exact phrase that fired. Sentence and clause ends are kept as break tokens, because
 * negation and history never reach across them.
 */

export interface Word {
  /** Folded form: lower case, no accents, curly apostrophes made straight. */
  text: string;
  /** Offsets into the original message, for showing the phrase. */
  start: number;
  end: number;
  /** A clause break (sentence end, comma, "but") rather than a word. */
  isBreak: boolean;
}

const wordOrBreak = /\d+(?:[.,]\d+)?|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[.!?;,:\n]+|[-–—]{1,2}(?=\s)/gu;

/** Lower case without accents; ñ folds to n like every other mark (patients drop them too). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/’/g, "'")
    .toLowerCase();
}

/** Words that end a clause for negation and history, like punctuation does. */
const clauseBreakingWords = new Set([
  'but',
  'however',
  'although',
  'though',
  'except',
  'yet',
  'now',
  'pero',
  'aunque',
  'sino',
  'ahora',
]);

export function wordsOf(message: string): Word[] {
  const words: Word[] = [];
  for (const match of message.matchAll(wordOrBreak)) {
    const raw = match[0];
    const start = match.index ?? 0;
    const isPunctuation = !/[\p{L}\p{N}]/u.test(raw);
    const text = isPunctuation ? raw.trim().charAt(0) || '\n' : foldText(raw);
    words.push({ text, start, end: start + raw.length, isBreak: isPunctuation });
  }
  return words;
}

/** True when the word ends the clause it is in: punctuation, or a turning word like "but". */
export function breaksClause(word: Word): boolean {
  return word.isBreak || clauseBreakingWords.has(word.text);
}
