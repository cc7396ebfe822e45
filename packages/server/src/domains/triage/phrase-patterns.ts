import { breaksClause, foldText, type Word } from './message-text.ts';

/**
 * A small pattern language for the red-flag vocabulary, so a clinician can read and extend it:
 *
 *   "chest ~3 pain*|pressure|tight*"    `chest`, then within 3 words `pain…`, `pressure` or `tight…`
 *   "can't|cant|cannot breathe"          `|` lists the words one place accepts
 *   "#0-12 week|weeks old"               `#a-b` is a number from a to b (103, 7/10 → 7)
 *   "*ing"                               a word ending in `ing` ("bleeding", "vomiting")
 *   "=fit"                               `=` turns typo tolerance off for that word
 *
 * Words of five letters or more also match one typo (a letter missing, extra, changed or two
 * swapped): "cheast", "breth", "siezure". A gap never crosses a clause break.
 */

interface Slot {
  exact: Set<string>;
  prefixes: string[];
  suffixes: string[];
  /** Words that may match with one typo. */
  fuzzy: Set<string>;
  numberRange: [number, number] | null;
  /** Words allowed between the previous slot and this one. */
  gapBefore: number;
}

export interface CompiledPhrase {
  source: string;
  slots: Slot[];
}

export interface PhraseMatch {
  /** Index of the first and one past the last matched word. */
  first: number;
  last: number;
}

const shortestFuzzyWord = 5;

/** A gap may not skip these: "my stomach is not hard" is not "stomach … hard". */
const negationWords = new Set([
  'no',
  'not',
  'never',
  'nunca',
  'ni',
  "isn't",
  'isnt',
  "aren't",
  "wasn't",
  "doesn't",
  'doesnt',
  "don't",
  'dont',
  "didn't",
  'didnt',
  'sin',
]);

/**
 * Expands `(a b|c)` groups, whose choices may be several words, into one phrase per choice:
 * "(ran out|out) of insulin" is "ran out of insulin" and "out of insulin".
 */
export function expandChoices(source: string): string[] {
  const group = /\(([^()]*)\)/.exec(source);
  if (!group) return [source];
  const before = source.slice(0, group.index);
  const after = source.slice(group.index + group[0].length);
  return group[1]!.split('|').flatMap((choice) => expandChoices(`${before}${choice}${after}`));
}

/** Compiles a phrase without `(…)` groups; see `expandChoices`. */
export function compilePhrase(source: string): CompiledPhrase {
  const slots: Slot[] = [];
  let gap = 0;
  for (const part of source.trim().split(/\s+/)) {
    const gapMatch = /^~(\d+)$/.exec(part);
    if (gapMatch) {
      gap = Number(gapMatch[1]);
      continue;
    }
    const slot: Slot = {
      exact: new Set(),
      prefixes: [],
      suffixes: [],
      fuzzy: new Set(),
      numberRange: null,
      gapBefore: gap,
    };
    gap = 0;
    const rangeMatch = /^#(\d+)-(\d+)$/.exec(part);
    if (rangeMatch) {
      slot.numberRange = [Number(rangeMatch[1]), Number(rangeMatch[2])];
    } else {
      for (const alternative of part.split('|')) {
        const strict = alternative.startsWith('=');
        const word = foldText(strict ? alternative.slice(1) : alternative);
        if (word.endsWith('*')) slot.prefixes.push(word.slice(0, -1));
        else if (word.startsWith('*')) slot.suffixes.push(word.slice(1));
        else {
          slot.exact.add(word);
          if (!strict && word.length >= shortestFuzzyWord) slot.fuzzy.add(word);
        }
      }
    }
    slots.push(slot);
  }
  if (slots.length === 0) throw new Error(`empty triage phrase: "${source}"`);
  return { source, slots };
}

function deletionsOf(word: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < word.length; i++) variants.push(word.slice(0, i) + word.slice(i + 1));
  return variants;
}

/** True when a and b differ by at most one letter added, removed, changed or two swapped. */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Finds, for each word of a message, the vocabulary words it may be a one-typo spelling of,
 * with a deletion index (a word and its one-letter deletions): cost grows with the message,
 * not with the vocabulary.
 */
export class TypoIndex {
  readonly #byVariant = new Map<string, Set<string>>();
  readonly #vocabulary = new Set<string>();

  constructor(
    words: Iterable<string>,
    private readonly realWords: ReadonlySet<string>,
  ) {
    for (const word of words) {
      this.#vocabulary.add(word);
      for (const variant of [word, ...deletionsOf(word)]) {
        const set = this.#byVariant.get(variant) ?? new Set();
        set.add(word);
        this.#byVariant.set(variant, set);
      }
    }
  }

  /** Vocabulary words within one edit of `word`; none for known words and real other words. */
  spellingsOf(word: string): ReadonlySet<string> {
    if (word.length < shortestFuzzyWord - 1 || this.#vocabulary.has(word) || this.realWords.has(word)) {
      return empty;
    }
    const found = new Set<string>();
    for (const variant of [word, ...deletionsOf(word)]) {
      for (const candidate of this.#byVariant.get(variant) ?? [])
        if (withinOneTypo(word, candidate)) found.add(candidate);
    }
    return found;
  }
}

const empty: ReadonlySet<string> = new Set();

export interface PreparedWords {
  words: Word[];
  /** Per word: what vocabulary words it may stand for through a typo. */
  typoReadings: ReadonlySet<string>[];
  numbers: (number | null)[];
}

export function prepareWords(words: Word[], typos: TypoIndex): PreparedWords {
  return {
    words,
    typoReadings: words.map((w) => (w.isBreak ? empty : typos.spellingsOf(w.text))),
    numbers: words.map((w) =>
      /^\d{1,4}(?:[.,]\d+)?$/.test(w.text) ? Number(w.text.replace(',', '.')) : null,
    ),
  };
}

function slotAccepts(slot: Slot, message: PreparedWords, index: number): boolean {
  const word = message.words[index]!;
  if (word.isBreak) return false;
  if (slot.numberRange) {
    const value = message.numbers[index];
    return (
      value !== null && value !== undefined && value >= slot.numberRange[0] && value <= slot.numberRange[1]
    );
  }
  if (slot.exact.has(word.text)) return true;
  for (const prefix of slot.prefixes) if (word.text.startsWith(prefix)) return true;
  for (const suffix of slot.suffixes)
    if (word.text.length > suffix.length + 2 && word.text.endsWith(suffix)) return true;
  if (slot.fuzzy.size > 0)
    for (const reading of message.typoReadings[index]!) if (slot.fuzzy.has(reading)) return true;
  return false;
}

function matchFrom(
  phrase: CompiledPhrase,
  message: PreparedWords,
  slotIndex: number,
  position: number,
): number {
  if (slotIndex === phrase.slots.length) return position;
  const slot = phrase.slots[slotIndex]!;
  for (let skip = 0; skip <= slot.gapBefore; skip++) {
    const index = position + skip;
    if (index >= message.words.length) return -1;
    if (
      skip > 0 &&
      (breaksClause(message.words[index - 1]!) || negationWords.has(message.words[index - 1]!.text))
    )
      return -1;
    if (slotAccepts(slot, message, index)) {
      const end = matchFrom(phrase, message, slotIndex + 1, index + 1);
      if (end >= 0) return end;
    }
    if (message.words[index]!.isBreak) return -1;
  }
  return -1;
}

/** Every place the phrase occurs in the message (leftmost, shortest first). */
export function findPhrase(phrase: CompiledPhrase, message: PreparedWords): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  for (let first = 0; first < message.words.length; first++) {
    if (!slotAccepts(phrase.slots[0]!, message, first)) continue;
    const last = matchFrom(phrase, message, 1, first + 1);
    if (last >= 0) found.push({ first, last });
  }
  return found;
}

/** The exact words a phrase can match, for the typo index. */
export function vocabularyOf(phrases: Iterable<CompiledPhrase>): Set<string> {
  const words = new Set<string>();
  for (const phrase of phrases) for (const slot of phrase.slots) for (const w of slot.fuzzy) words.add(w);
  return words;
}

/**
 * Many phrases, each with a tag saying what it is for, indexed by the words their first place
 * accepts, so a message is scanned once for all of them: the cost follows the message's words,
 * not the size of the vocabulary.
 */
export class PhraseSet<Tag> {
  readonly #byFirstWord = new Map<string, { phrase: CompiledPhrase; tag: Tag }[]>();
  readonly #everywhere: { phrase: CompiledPhrase; tag: Tag }[] = [];

  constructor(entries: Iterable<{ source: string; tag: Tag }>) {
    for (const { source, tag } of entries) {
      for (const expanded of expandChoices(source)) {
        const entry = { phrase: compilePhrase(expanded), tag };
        const first = entry.phrase.slots[0]!;
        if (first.prefixes.length > 0 || first.suffixes.length > 0 || first.numberRange)
          this.#everywhere.push(entry);
        for (const word of first.exact) {
          const list = this.#byFirstWord.get(word) ?? [];
          list.push(entry);
          this.#byFirstWord.set(word, list);
        }
      }
    }
  }

  /** Every compiled phrase (for building the typo index). */
  phrases(): CompiledPhrase[] {
    const all = new Set<CompiledPhrase>(this.#everywhere.map((e) => e.phrase));
    for (const list of this.#byFirstWord.values()) for (const e of list) all.add(e.phrase);
    return [...all];
  }

  /** Every place any phrase occurs, with the phrase's tag. */
  findAll(message: PreparedWords): { tag: Tag; match: PhraseMatch }[] {
    const found: { tag: Tag; match: PhraseMatch }[] = [];
    message.words.forEach((word, first) => {
      if (word.isBreak) return;
      const tryEntry = ({ phrase, tag }: { phrase: CompiledPhrase; tag: Tag }) => {
        if (!slotAccepts(phrase.slots[0]!, message, first)) return;
        const last = matchFrom(phrase, message, 1, first + 1);
        if (last >= 0) found.push({ tag, match: { first, last } });
      };
      const exact = this.#byFirstWord.get(word.text) ?? [];
      exact.forEach(tryEntry);
      for (const reading of message.typoReadings[first] ?? []) {
        for (const entry of this.#byFirstWord.get(reading) ?? []) if (!exact.includes(entry)) tryEntry(entry);
      }
      const isNumber = message.numbers[first] !== null;
      for (const entry of this.#everywhere) {
        if (entry.phrase.slots[0]!.numberRange && !isNumber) continue;
        tryEntry(entry);
      }
    });
    return found;
  }
}
