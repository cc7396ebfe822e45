import { syllable } from 'syllable';

/**
 * The reading grade of a text: the US school grade a reader needs to understand it. Patient
 * materials should be at grade 8 or below (AMA and NIH advise grade 6 to 8).
 * - English: Flesch–Kincaid grade level (Kincaid et al., 1975), syllables counted by `syllable`.
 * - Spanish: Crawford's formula (1984), which gives years of schooling for Spanish text from
 *   sentences and syllables per 100 words; Spanish syllables follow the written vowels, with
 *   the diphthong and hiatus rules every Spanish speller learns.
 */

export type PlainLanguage = 'en' | 'es';

/** Above this grade a patient-facing text is flagged. */
export const plainLanguageGradeLimit = 8;

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function sentencesIn(text: string): number {
  const ends = text
    .replace(/\b(?:Dr|Mr|Mrs|Ms|Sr|Sra|Dra|St|vs|etc|e\.g|i\.e)\./gi, '$1')
    .split(/[.!?¡¿]+(?=\s|$)|\n\s*\n|\n\s*[-*•]\s|\n#+\s/)
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
  return Math.max(1, ends.length);
}

const strong = new Set(['a', 'e', 'o', 'á', 'é', 'ó', 'í', 'ú']);
const vowels = new Set(['a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú', 'ü']);

/** Spanish syllables: each vowel group is one, split where two strong vowels meet (hiatus). */
export function spanishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/y$/, 'i');
  let count = 0;
  let previous: string | null = null;
  for (const ch of w) {
    if (!vowels.has(ch)) {
      previous = null;
      continue;
    }
    if (previous === null || (strong.has(previous) && strong.has(ch))) count++;
    previous = ch;
  }
  return Math.max(1, count);
}

export interface ReadingGrade {
  grade: number;
  words: number;
  sentences: number;
}

/** The reading grade of a text in English or Spanish (markdown marks are ignored). */
export function readingGrade(text: string, language: PlainLanguage): ReadingGrade {
  const plain = text.replace(/[#*_`>[\]()]/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  const words = plain.match(wordPattern) ?? [];
  if (words.length === 0) return { grade: 0, words: 0, sentences: 0 };
  const sentences = sentencesIn(plain);
  const syllables = words.reduce(
    (sum, word) => sum + (language === 'es' ? spanishSyllables(word) : Math.max(1, syllable(word))),
    0,
  );
  const grade =
    language === 'es'
      ? -0.205 * ((sentences / words.length) * 100) + 0.049 * ((syllables / words.length) * 100) - 3.407
      : 0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59;
  return { grade: Math.max(0, Math.round(grade * 10) / 10), words: words.length, sentences };
}
