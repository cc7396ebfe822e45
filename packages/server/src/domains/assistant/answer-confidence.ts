import { foldWord, isFillerWord, queryWords } from '../knowledge/query-words.ts';
import { builtInSynonymGroups, conceptsOf } from '../knowledge/synonyms.ts';

/**
 * How sure the assistant may be that an article answers a question, from 0 to 1: the share of
 * what the question is about (its topic words, each with its synonyms, spelling corrections
 * applied) that the article speaks of, lowered when a second article is nearly as good (then the
 * search cannot tell which one the patient means). The assistant answers only above the
 * organisation's threshold: it never guesses.
 */

/** Words that say nothing about the topic in either language (beyond the search's filler words). */
const stopWords = new Set(
  `a an the and or of to in on at for from by with about as is are was were be been am do does did i me my
  you your we our us it its this that these those there here what when where which who whom why how can
  if not no any some all so than then too very much many more most el la los las un una unos unas y o de
  del al en con por para sin sobre que como cuando donde cual quien es son esta estan ser mi mis tu su sus
  nuestro nuestra me te se le les lo nos ya muy mas si no`.split(/\s+/),
);

function stem(word: string): string {
  return word.length > 5 ? word.slice(0, 5) : word.replace(/(es|s)$/, '');
}

export interface Confidence {
  value: number;
  /** The share of the question's topic the article covers. */
  coverage: number;
}

export function answerConfidence(
  question: string,
  corrections: { from: string; to: string }[],
  article: { title: string; summary: string; body: string },
  scores: { top: number; second: number | null },
): Confidence {
  const corrected = new Map(corrections.map((c) => [c.from, c.to]));
  const words = queryWords(question)
    .map((word) => corrected.get(word) ?? word)
    .filter((word) => !isFillerWord(word) && !stopWords.has(word));
  if (words.length === 0) return { value: 0, coverage: 0 };
  const concepts = conceptsOf(words, builtInSynonymGroups());
  const text = new Set(
    (foldWord(`${article.title} ${article.summary} ${article.body}`).match(/[\p{L}\p{N}]+/gu) ?? []).map(
      stem,
    ),
  );
  const covered = concepts.filter((concept) =>
    concept.alternatives.some((alternative) => alternative.every((word) => text.has(stem(word)))),
  ).length;
  const coverage = covered / concepts.length;
  // Two articles scoring alike: the question could be either; be less sure.
  const margin = scores.second === null || scores.top <= 0 ? 1 : Math.max(0, 1 - scores.second / scores.top);
  const value = coverage * (0.7 + 0.3 * Math.min(1, margin * 2));
  return { value: Math.round(value * 1000) / 1000, coverage: Math.round(coverage * 1000) / 1000 };
}
