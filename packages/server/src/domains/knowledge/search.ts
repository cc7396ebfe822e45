import type {
  KbSearchResult,
  KnowledgeAudience,
  KnowledgeCategory,
  KnowledgeLanguage,
} from '@patientdesk/contracts';
import { sql } from 'drizzle-orm';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { isFillerWord, queryWords, tsqueryWord } from './query-words.ts';
import { knowledgeSynonyms } from './schema.ts';
import {
  builtInSynonymGroups,
  type Concept,
  conceptsOf,
  prepareSynonymGroups,
  type SynonymGroup,
} from './synonyms.ts';

/**
 * Search over an organisation's published articles, the way patients ask: in whole questions,
 * with typos, in lay words. The question becomes concepts (each word, or a phrase, with its
 * synonyms); words no article uses are read as the closest word one does; rare concepts weigh
 * more than common ones; a concept in a title counts more than one in a summary or heading,
 * which counts more than one in the text. PostgreSQL does the matching and scoring through
 * its full-text index (`search_knowledge_articles`, migration 0016).
 */

export interface ArticleSearchInput {
  question: string;
  /** The languages to search (both when the caller did not say). */
  languages: readonly KnowledgeLanguage[];
  /** Internal articles too (staff who may read them). */
  includeInternal: boolean;
  limit: number;
  /** The organisation searched (the transaction's tenant): given, its own synonyms are kept a while. */
  organizationId?: string;
}

export interface FoundArticle extends Omit<KbSearchResult, 'url'> {
  id: string;
}

export interface ArticleSearchResult {
  items: FoundArticle[];
  corrections: { from: string; to: string }[];
}

interface SpellingRow extends Record<string, unknown> {
  word: string;
  stop_word: boolean | null;
  documents: number;
  spelled: boolean;
  suggestion: string | null;
  suggestion_similarity: number | null;
  suggestion_documents: number | null;
  total: number;
}

interface FoundRow extends Record<string, unknown> {
  article_id: string;
  score: number;
  article_slug: string;
  article_language: KnowledgeLanguage;
  article_title: string;
  article_summary: string;
  article_category: KnowledgeCategory;
  article_audience: KnowledgeAudience;
}

interface WeighedConcept {
  concept: Concept;
  /** How informative: rare words weigh more (BM25's inverse document frequency). */
  weight: number;
  /** How many articles have it (any of its words). */
  documents: number;
}

/**
 * A concept in at most this many articles also finds articles that have it only in their text;
 * a commoner one finds them by their titles, summaries and headings (reading thousands of
 * articles whole would cost more than the 30 ms a search may take).
 */
const textSearchLimit = 250;

/** A concept in more than this share of the articles picks candidates by their titles only. */
const commonLimit = 0.25;

/** How close (trigram similarity) a word must be to be searched beside a typed word whose stem is known. */
const closeEnoughToAdd = 0.5;

function inverseDocumentFrequency(documents: number, total: number): number {
  return Math.log(1 + (total - documents + 0.5) / (documents + 0.5));
}

/** The to_tsquery text of a concept: its alternatives OR'ed, phrases kept in order. */
function conceptQuery(concept: Concept, weights = ''): string {
  return concept.alternatives
    .map((words) => `(${words.map((word) => tsqueryWord(word, weights)).join(' <-> ')})`)
    .join(' | ');
}

/**
 * An organisation's own synonym groups change rarely and every search reads them, so each
 * process keeps them for a short while: a change made through another process shows within
 * `synonymsKeptMs`, one made through this one at once.
 */
const synonymsKeptMs = 30_000;
const keptSynonyms = new Map<string, { groups: SynonymGroup[]; until: number }>();

/** Forgets an organisation's kept synonym groups (after one was added or removed). */
export function forgetSynonymGroups(organizationId: string): void {
  keptSynonyms.delete(organizationId);
}

async function synonymGroupsFor(orm: Orm, organizationId: string | undefined): Promise<SynonymGroup[]> {
  const kept = organizationId ? keptSynonyms.get(organizationId) : undefined;
  if (kept && kept.until > Date.now()) return kept.groups;
  const own = await orm.select({ terms: knowledgeSynonyms.terms }).from(knowledgeSynonyms);
  const groups = [...builtInSynonymGroups(), ...prepareSynonymGroups(own.map((row) => row.terms))];
  if (organizationId) keptSynonyms.set(organizationId, { groups, until: Date.now() + synonymsKeptMs });
  return groups;
}

/**
 * Reads the question: drops filler, corrects words no article uses, groups synonyms, weighs
 * each concept by how many articles have it (any of its words: synonyms count too). One query
 * (the spelling check), plus the organisation's own synonyms.
 */
async function readQuestion(
  orm: Orm,
  input: ArticleSearchInput,
): Promise<{ concepts: WeighedConcept[]; corrections: { from: string; to: string }[]; total: number }> {
  // Filler ("can you tell me") is never corrected and never a concept alone, but stays in
  // place, since it may belong to a listed phrase ("say thank you").
  const asked = queryWords(input.question);
  const typed = asked.filter((word) => !isFillerWord(word));
  if (typed.length === 0) return { concepts: [], corrections: [], total: 0 };
  const groups = await synonymGroupsFor(orm, input.organizationId);
  const inSomeGroup = new Set(groups.flatMap((group) => group.terms.flat()));
  const alternatives = new Set(
    conceptsOf(asked, groups).flatMap((concept) => concept.alternatives.slice(1).flat()),
  );
  for (const word of typed) alternatives.delete(word);
  const spelling = rowsOf<SpellingRow>(
    await orm.execute(
      sql`select * from knowledge_spelling(${sql.param([...new Set(typed)])}::text[], ${sql.param([...alternatives])}::text[], ${sql.param([...input.languages])}::text[], ${!input.includeInternal})`,
    ),
  );
  const byWord = new Map(spelling.map((row) => [row.word, row]));
  const total = spelling[0]?.total ?? 0;
  if (total === 0) return { concepts: [], corrections: [], total };

  const corrections: { from: string; to: string }[] = [];
  const documentsOf = new Map(spelling.map((row) => [row.word, row.stop_word ? total : row.documents]));
  /** Words whose stem some article has, though none spells them so: also read as the closest word. */
  const alsoAs = new Map<string, string>();
  const words: string[] = [];
  for (const word of asked) {
    const known = isFillerWord(word) ? undefined : byWord.get(word);
    const listed = inSomeGroup.has(word) || inSomeGroup.has(word.replace(/e?s$/, ''));
    if (!known || known.stop_word || known.documents > 0 || listed || !known.suggestion) {
      // A stop word may still be part of a listed phrase ("plan de pagos"), so it stays in
      // place for grouping and is dropped below when it stands alone.
      words.push(word);
      if (
        known?.suggestion &&
        !known.stop_word &&
        !known.spelled &&
        (known.suggestion_similarity ?? 0) >= closeEnoughToAdd
      ) {
        // "referal" has the stem of "refer", but the patient meant "referral": search both.
        alsoAs.set(word, known.suggestion);
        documentsOf.set(known.suggestion, known.suggestion_documents ?? 0);
      }
    } else {
      words.push(known.suggestion);
      documentsOf.set(known.suggestion, known.suggestion_documents ?? 0);
      if (!corrections.some((correction) => correction.from === word))
        corrections.push({ from: word, to: known.suggestion });
    }
  }

  const stopWords = new Set(spelling.filter((row) => row.stop_word).map((row) => row.word));
  const concepts: WeighedConcept[] = [];
  for (const concept of conceptsOf(words, groups)) {
    const typedWords = concept.alternatives[0]!;
    const also = typedWords.length === 1 ? alsoAs.get(typedWords[0]!) : undefined;
    if (also && !concept.alternatives.some((words) => words.length === 1 && words[0] === also))
      concept.alternatives.push([also]);
    if (
      concept.alternatives.length === 1 &&
      typedWords.every((word) => stopWords.has(word) || isFillerWord(word))
    )
      continue;
    // A phrase is in as many articles as its rarest word at most; synonyms add up.
    const counted = Math.min(
      total,
      concept.alternatives.reduce(
        (sum, alternative) => sum + Math.min(...alternative.map((word) => documentsOf.get(word) ?? 0)),
        0,
      ),
    );
    if (counted === 0 && concept.alternatives.length === 1) continue;
    // Synonyms of a corrected word were not counted ("finacial aid" read as "financial aid"):
    // let the search find out, weighing it as a fairly rare concept.
    const documents = counted || Math.max(1, Math.round(total * 0.02));
    concepts.push({ concept, weight: inverseDocumentFrequency(documents, total), documents });
  }
  return { concepts, corrections, total };
}

/** The best published articles for a question, best first. Runs in the caller's tenant transaction. */
export async function searchArticles(orm: Orm, input: ArticleSearchInput): Promise<ArticleSearchResult> {
  const { concepts, corrections, total } = await readQuestion(orm, input);
  if (concepts.length === 0) return { items: [], corrections };
  const rare = concepts.filter((concept) => concept.documents <= textSearchLimit);
  // Candidates: articles with a concept in their title, summary or headings; for a concept in
  // more than a quarter of the articles ("visit" heads a section of every specialty page), only
  // those with it in their title, or the candidates would be thousands, each scored.
  const candidateQuery = concepts
    .map((concept) =>
      concept.documents > commonLimit * total
        ? `(${conceptQuery(concept.concept, 'A')})`
        : `(${conceptQuery(concept.concept)})`,
    )
    .join(' | ');
  const anyOf = (list: WeighedConcept[]) =>
    list.map(({ concept }) => `(${conceptQuery(concept)})`).join(' | ');
  const found = rowsOf<FoundRow>(
    await orm.execute(sql`select * from search_knowledge_articles(
      ${candidateQuery},
      ${anyOf(rare)},
      ${sql.param(concepts.map(({ concept }) => conceptQuery(concept)))}::text[],
      ${sql.param(concepts.map(({ concept }) => conceptQuery(concept, 'A')))}::text[],
      ${sql.param(concepts.map(({ concept }) => conceptQuery(concept, 'BC')))}::text[],
      ${sql.param(concepts.map(({ weight }) => weight))}::real[],
      ${sql.param([...input.languages])}::text[],
      ${input.includeInternal},
      ${input.limit}
    )`),
  );
  return {
    items: found.map((row) => ({
      id: row.article_id,
      slug: row.article_slug,
      language: row.article_language,
      title: row.article_title,
      summary: row.article_summary,
      category: row.article_category,
      audience: row.article_audience,
      score: Math.round(Number(row.score) * 1000) / 1000,
    })),
    corrections,
  };
}
