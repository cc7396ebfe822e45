import englishVocabulary from './jargon.en.json';
import spanishVocabulary from './jargon.es.json';
import type { PlainLanguage } from './readability.ts';

/**
 * Medical and insurance jargon in a reply to a patient, with the plain words to use instead
 * (the vocabularies beside this file, curated by the project). It runs on every keystroke of the
 * agent's composer, so each vocabulary is indexed once, by its first word, and a text is read
 * once, word by word.
 *
 * How a term matches:
 * - whole words only, ignoring case and accents ("hipertension" finds "hipertensión"), but ñ
 *   stays ñ ("año" is not "ano");
 * - with the usual inflections: plurals ("UTIs", "infecciones"), English verb endings
 *   ("titrated", "titrating"), Spanish gender ("diabética");
 * - abbreviations as they are written, with or without dots ("PRN", "prn", "p.r.n.");
 *   the few that are also everyday words ("sob", "bid", "stat", "mi" for miles) only when
 *   written in capitals, so "I sob" or "2 mi away" are left alone;
 * - multi-word terms before the single words inside them ("congestive heart failure", not
 *   "heart failure"), and no two findings overlap.
 */

export interface JargonEntry {
  terms: string[];
  plain: string;
}

/** One piece of jargon in a text: the words as written, where they are, and what to say instead. */
export interface JargonFinding {
  /** The words of the text, as written (`text.slice(start, end)`). */
  term: string;
  start: number;
  end: number;
  plain: string;
}

/** Short abbreviations that are also ordinary words: flagged only in capitals (SOB, MI). */
const capitalsOnly: Record<PlainLanguage, ReadonlySet<string>> = {
  en: new Set([
    'mi',
    'cad',
    'sob',
    'gi',
    'mets',
    'bid',
    'stat',
    'sig',
    'daw',
    'cob',
    'ent',
    'tia',
    'ros',
    'roi',
  ]),
  es: new Set(['ego', 'tac']),
};

// ---------------------------------------------------------------------------------------------
// Folding: the text as it is compared (lower case, no accents), with a way back to the original.

interface FoldedText {
  text: string;
  /** For each character of `text`, where it starts in the original; one more for the end. */
  origin: number[];
}

const combiningMark = /\p{M}/u;
const dashes = /[\u2010-\u2015\u2212]/u;

function fold(original: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of original) {
    if (combiningMark.test(char)) {
      // A decomposed ñ (n + combining tilde) is still ñ; other marks are dropped.
      if (char === '\u0303' && text.endsWith('n')) text = `${text.slice(0, -1)}ñ`;
    } else {
      const lower = char.toLowerCase();
      let folded = lower === 'ñ' ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
      if (folded === '’' || folded === '‘') folded = "'";
      else if (dashes.test(folded)) folded = '-';
      for (const unit of folded) {
        text += unit;
        for (let i = 0; i < unit.length; i++) origin.push(index);
      }
    }
    index += char.length;
  }
  origin.push(original.length);
  return { text, origin };
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

function tokensOf(folded: string): Token[] {
  return [...folded.matchAll(wordPattern)].map((match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * What stands between two words, reduced to what matters: spaces and a hyphen are the same
 * ("follow up" and "follow-up"), other marks must be the same ("p.r.n.", "n/v").
 */
function separatorKind(between: string): string {
  const marks = between.replace(/\s+/g, '');
  return marks === '' || marks === '-' ? ' ' : marks;
}

// ---------------------------------------------------------------------------------------------
// Inflections: the forms a vocabulary word takes in a reply.

const longEnoughToInflect = 3;
const longEnoughForVerbEndings = 5;
const longEnoughToSingularise = 6;

function englishForms(word: string): string[] {
  const forms = [`${word}s`];
  if (/(?:s|x|z|ch|sh)$/.test(word)) forms.push(`${word}es`);
  if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  if (word.length >= longEnoughForVerbEndings && /[a-z]$/.test(word)) {
    if (word.endsWith('e')) forms.push(`${word}d`, `${word.slice(0, -1)}ing`);
    else forms.push(`${word}ed`, `${word}ing`);
  }
  if (word.length >= longEnoughToSingularise) {
    if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
    else if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  }
  return forms;
}

function spanishForms(word: string): string[] {
  const forms: string[] = [];
  if (/[aeiou]$/.test(word)) forms.push(`${word}s`);
  else if (word.endsWith('z')) forms.push(`${word.slice(0, -1)}ces`);
  else if (/[a-zñ]$/.test(word)) forms.push(`${word}es`);
  if (word.length >= longEnoughForVerbEndings) {
    // Adjectives agree with the patient: "diabético", "diabética", "diabéticos".
    if (word.endsWith('o')) forms.push(`${word.slice(0, -1)}a`, `${word.slice(0, -1)}as`);
    else if (word.endsWith('a')) forms.push(`${word.slice(0, -1)}o`, `${word.slice(0, -1)}os`);
  }
  if (word.length >= longEnoughToSingularise) {
    if (word.endsWith('es')) forms.push(word.slice(0, -2));
    if (word.endsWith('s')) forms.push(word.slice(0, -1));
  }
  return forms;
}

function formsOf(word: string, language: PlainLanguage): Set<string> {
  const forms = new Set([word]);
  // Numbers and short abbreviations ("q4h", "mi") are written one way.
  if (word.length < longEnoughToInflect || /\d/.test(word)) return forms;
  for (const form of language === 'es' ? spanishForms(word) : englishForms(word)) forms.add(form);
  return forms;
}

// ---------------------------------------------------------------------------------------------
// The index: each vocabulary term as words and separators, filed under the forms of its first word.

interface IndexedTerm {
  plain: string;
  /** The accepted forms of each word of the term. */
  words: Set<string>[];
  /** The separator kind between word i and word i + 1. */
  separators: string[];
  /** Marks after the last word that belong to the term when written ("p.r.n."). */
  trailing: string;
  /** Length of the folded term, to prefer the longest of two terms with as many words. */
  length: number;
  /** The lower-case abbreviation is an everyday word: only capitals count. */
  capitalsOnly: boolean;
}

type JargonIndex = Map<string, IndexedTerm[]>;

function indexTerm(term: string, plain: string, language: PlainLanguage): IndexedTerm | undefined {
  const folded = fold(term.trim()).text;
  const tokens = tokensOf(folded);
  if (tokens.length === 0) return undefined;
  return {
    plain,
    words: tokens.map((token) => formsOf(token.text, language)),
    separators: tokens.slice(1).map((token, i) => separatorKind(folded.slice(tokens[i]!.end, token.start))),
    trailing: folded.slice(tokens.at(-1)!.end).trim(),
    length: folded.length,
    capitalsOnly: tokens.length === 1 && capitalsOnly[language].has(tokens[0]!.text),
  };
}

function buildIndex(vocabulary: readonly JargonEntry[], language: PlainLanguage): JargonIndex {
  const index: JargonIndex = new Map();
  for (const entry of vocabulary)
    for (const term of entry.terms) {
      const indexed = indexTerm(term, entry.plain, language);
      if (!indexed) continue;
      for (const form of indexed.words[0]!) {
        const filed = index.get(form) ?? [];
        filed.push(indexed);
        index.set(form, filed);
      }
    }
  // At one place in a text, the term with the most words (then the most letters) is tried first.
  for (const filed of index.values())
    filed.sort((a, b) => b.words.length - a.words.length || b.length - a.length);
  return index;
}

const vocabularies: Record<PlainLanguage, readonly JargonEntry[]> = {
  en: englishVocabulary,
  es: spanishVocabulary,
};
const indexes = new Map<PlainLanguage, JargonIndex>();

/** The language's index, built on first use (the web app only pays for it when it checks). */
function indexFor(language: PlainLanguage): JargonIndex {
  let index = indexes.get(language);
  if (!index) {
    index = buildIndex(vocabularies[language], language);
    indexes.set(language, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Finding jargon in a text.

interface Candidate {
  term: IndexedTerm;
  firstToken: number;
  lastToken: number;
  /** Folded offsets. */
  start: number;
  end: number;
}

function matchAt(
  term: IndexedTerm,
  folded: FoldedText,
  tokens: Token[],
  at: number,
  original: string,
): Candidate | undefined {
  const last = at + term.words.length - 1;
  if (last >= tokens.length) return undefined;
  for (let i = 0; i < term.words.length; i++) {
    const token = tokens[at + i]!;
    if (!term.words[i]!.has(token.text)) return undefined;
    if (i > 0) {
      const between = folded.text.slice(tokens[at + i - 1]!.end, token.start);
      if (separatorKind(between) !== term.separators[i - 1]) return undefined;
    }
  }
  const first = tokens[at]!;
  if (term.capitalsOnly) {
    const written = original.slice(folded.origin[first.start], folded.origin[first.end]);
    if (/\p{Ll}/u.test(written.replace(/(?:e?s)$/, ''))) return undefined;
  }
  let end = tokens[last]!.end;
  if (term.trailing && folded.text.startsWith(term.trailing, end)) end += term.trailing.length;
  return { term, firstToken: at, lastToken: last, start: first.start, end };
}

/** The jargon in a reply, in the order it appears; see the module comment for what matches. */
export function findJargon(text: string, language: PlainLanguage): JargonFinding[] {
  if (!text) return [];
  const index = indexFor(language);
  const folded = fold(text);
  const tokens = tokensOf(folded.text);
  const candidates: Candidate[] = [];
  for (let at = 0; at < tokens.length; at++) {
    for (const term of index.get(tokens[at]!.text) ?? []) {
      const found = matchAt(term, folded, tokens, at, text);
      if (found) {
        candidates.push(found);
        break;
      }
    }
  }
  // Longer terms win where two overlap: "heart failure" inside "congestive heart failure".
  candidates.sort(
    (a, b) =>
      b.term.words.length - a.term.words.length || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken: Candidate[] = [];
  for (const candidate of candidates)
    if (!taken.some((other) => candidate.start < other.end && other.start < candidate.end))
      taken.push(candidate);
  return taken
    .sort((a, b) => a.start - b.start)
    .map((candidate) => {
      const start = folded.origin[candidate.start]!;
      const end = folded.origin[candidate.end]!;
      return { term: text.slice(start, end), start, end, plain: candidate.term.plain };
    });
}

// ---------------------------------------------------------------------------------------------
// Putting the plain words in.

const wordCharacter = /[\p{L}\p{N}]/u;

/** Where `finding` is in `text` now: where it was, or the nearest place the same words are written. */
function locate(text: string, finding: JargonFinding): number | undefined {
  const wholeAt = (at: number) => {
    const before = text[at - 1];
    const after = text[at + finding.term.length];
    return !(before && wordCharacter.test(before)) && !(after && wordCharacter.test(after));
  };
  let best: number | undefined;
  for (let at = text.indexOf(finding.term); at !== -1; at = text.indexOf(finding.term, at + 1))
    if (wholeAt(at) && (best === undefined || Math.abs(at - finding.start) < Math.abs(best - finding.start)))
      best = at;
  return best;
}

/**
 * The text with one finding replaced by its plain words, and where the caret goes after them.
 * The plain words start with a capital where a sentence starts, and a dotted abbreviation that
 * also ended the sentence ("Take it p.r.n.") keeps its full stop. Undefined when the words are
 * no longer in the text (the agent changed them since the check).
 */
export function withPlainWords(
  text: string,
  finding: JargonFinding,
): { text: string; caret: number } | undefined {
  const start = locate(text, finding);
  if (start === undefined) return undefined;
  const end = start + finding.term.length;
  const before = text.slice(0, start);
  const after = text.slice(end);
  const sentenceStarts = /(?:^|[.!?]\s+|[¿¡]|\n\s*)$/u.test(before);
  const writtenCapitalised =
    /^\p{Lu}/u.test(finding.term) && /\p{Ll}/u.test(finding.term) && !/^\p{Lu}{2}/u.test(finding.term);
  let plain = finding.plain;
  if (sentenceStarts || writtenCapitalised) plain = plain.charAt(0).toLocaleUpperCase() + plain.slice(1);
  if (finding.term.endsWith('.') && /^(?:$|\s*\n|\s+\p{Lu})/u.test(after)) plain += '.';
  return { text: before + plain + after, caret: start + plain.length };
}
