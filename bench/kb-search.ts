import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeLanguage } from '../packages/contracts/src/index.ts';
import type { Database } from '../packages/server/src/db/connection.ts';
import { inTenant } from '../packages/server/src/db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../packages/server/src/demo/demo-help-articles.ts';
import { gradeOf } from '../packages/server/src/domains/knowledge/articles.ts';
import { knowledgeArticles } from '../packages/server/src/domains/knowledge/schema.ts';
import { searchArticles } from '../packages/server/src/domains/knowledge/search.ts';
import { createOrganization } from '../packages/server/src/domains/organizations/service.ts';
import { articleVariants } from './lib/help-article-variants.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, scratchKinds } from './lib/scratch-database.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * Help-article search as the widget and the help centre run it (`searchArticles` in a tenant
 * transaction, row-level security on), over the project's own question set
 * (`bench/data/kb-questions.jsonl`: how patients really ask, each question with the demo
 * article that answers it). Quality first over the demo clinic's articles alone, then again
 * once the clinic has 5,000 articles (the demo ones and generated pages of a larger health
 * system that share their words); latency at 5,000, every question several times.
 */

const totalArticles = 5_000;
const shown = 10;

interface Question {
  question: string;
  language: KnowledgeLanguage;
  slug: string;
}

function readQuestions(): Question[] {
  const file = path.join(import.meta.dirname, 'data', 'kb-questions.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question);
}

interface Quality {
  mrr: number;
  top1: number;
  top3: number;
  latencies: number[];
}

async function ask(
  database: Database,
  organizationId: string,
  questions: Question[],
  rounds: number,
  label: string,
) {
  const quality: Quality = { mrr: 0, top1: 0, top3: 0, latencies: [] };
  for (let round = 0; round < rounds; round++) {
    progress(`kb-search: ${label}: round ${round + 1} of ${rounds} (${questions.length} questions)...`);
    for (const question of questions) {
      const started = performance.now();
      const found = await inTenant(database, organizationId, (orm) =>
        searchArticles(orm, {
          question: question.question,
          languages: [question.language],
          includeInternal: false,
          limit: shown,
          organizationId,
        }),
      );
      quality.latencies.push(performance.now() - started);
      if (round > 0) continue;
      const position = found.items.findIndex((item) => item.slug === question.slug);
      if (position >= 0) quality.mrr += 1 / (position + 1);
      if (position === 0) quality.top1 += 1;
      if (position >= 0 && position < 3) quality.top3 += 1;
    }
  }
  const count = questions.length;
  return { ...quality, mrr: quality.mrr / count, top1: quality.top1 / count, top3: quality.top3 / count };
}

/** The first searches of a session load the stemmers' dictionaries and plan the queries. */
async function warmUp(database: Database, organizationId: string, questions: Question[]) {
  for (const question of questions.slice(0, 20))
    await inTenant(database, organizationId, (orm) =>
      searchArticles(orm, {
        question: question.question,
        languages: [question.language],
        includeInternal: false,
        limit: shown,
        organizationId,
      }),
    );
}

/** The generated articles, inserted as an import would (the trigger keeps the vocabulary). */
async function addVariants(database: Database, organizationId: string, count: number, label: string) {
  const variants = articleVariants(count);
  for (let start = 0; start < variants.length; start += 250) {
    progress(`kb-search: ${label}: ${start} of ${variants.length} generated articles...`);
    await database.orm.insert(knowledgeArticles).values(
      variants.slice(start, start + 250).map((variant) => ({
        ...variant,
        organizationId,
        category: variant.category as (typeof knowledgeArticles.$inferInsert)['category'],
        readingGrade: gradeOf(variant.summary, variant.body, variant.language),
        publishedAt: variant.status === 'published' ? new Date() : null,
      })),
    );
  }
  // A server's autovacuum would soon do this; the embedded database has no autovacuum, so it
  // is measured as PatientDesk runs it, without.
  if (database.kind === 'postgres') await database.exec('vacuum analyze');
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const rounds = options.runs ?? 5;
  const questions = readQuestions();
  const rows: BenchmarkReport['rows'] = [];
  const figures: BenchmarkReport['figures'] = { questions: questions.length };
  const setting: BenchmarkReport['setting'] = {
    questions: `${questions.length} (bench/data/kb-questions.jsonl), searched in their own language, ${shown} shown`,
    measured: `searchArticles in a tenant transaction (row-level security on), wall time; quality from the first round, latency over ${rounds} rounds after 20 warm-up searches`,
  };
  for (const kind of scratchKinds(options.postgresUrl)) {
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      const { database } = scratch;
      const clinic = await createOrganization(database.orm, {
        slug: `bench-kb-${Date.now().toString(36)}`,
        name: 'Knowledge Bench Clinic',
        timeZone: 'America/New_York',
      });
      progress(`kb-search: ${scratch.label}: publishing the demo articles...`);
      const demoCount = await inTenant(database, clinic.id, (orm) =>
        seedDemoHelpArticles(orm, {
          organizationId: clinic.id,
          teamIds: new Map(),
          timeZone: clinic.timeZone,
        }),
      );
      await warmUp(database, clinic.id, questions);
      const small = await ask(
        database,
        clinic.id,
        questions,
        rounds,
        `${scratch.label}, ${demoCount} articles`,
      );
      const started = performance.now();
      await addVariants(database, clinic.id, totalArticles - demoCount, scratch.label);
      const buildSeconds = (performance.now() - started) / 1000;
      await warmUp(database, clinic.id, questions);
      const large = await ask(
        database,
        clinic.id,
        questions,
        rounds,
        `${scratch.label}, ${totalArticles} articles`,
      );

      setting[`${kind}`] =
        `${scratch.label}; ${totalArticles - demoCount} generated articles added in ${round(buildSeconds, 1)} s`;
      for (const [size, result] of [
        [demoCount, small],
        [totalArticles, large],
      ] as const) {
        const p50 = percentile(result.latencies, 0.5);
        const p95 = percentile(result.latencies, 0.95);
        rows.push([
          kind,
          size,
          round(result.mrr, 3),
          round(100 * result.top1, 1),
          round(100 * result.top3, 1),
          round(p50, 2),
          round(p95, 2),
          result.latencies.length,
        ]);
        const key = `${kind}_${size === totalArticles ? totalArticles : 'demo'}`;
        figures[`${key}_mrr`] = round(result.mrr, 3);
        figures[`${key}_top1_pct`] = round(100 * result.top1, 1);
        figures[`${key}_top3_pct`] = round(100 * result.top3, 1);
        figures[`${key}_p50_ms`] = round(p50, 2);
        figures[`${key}_p95_ms`] = round(p95, 2);
      }
      figures[`${kind}_build_s`] = round(buildSeconds, 1);
    } finally {
      await scratch.drop();
    }
  }
  progressDone();
  return {
    benchmark: 'kb-search',
    title: `kb-search: help-article search over the demo articles and over ${totalArticles.toLocaleString('en-US')}`,
    setting,
    columns: ['database', 'articles', 'MRR', 'top-1 %', 'top-3 %', 'p50 ms', 'p95 ms', 'searches'],
    rows,
    figures,
    notes: [
      'MRR: mean of 1/(position of the expected article) among the 10 shown (0 when not shown). top-1 / top-3: the expected article is first / among the first three.',
      `At ${totalArticles.toLocaleString('en-US')} articles many generated pages (a site's hours, a plan, a test) answer a question as well as the demo article expected, so quality there is a floor.`,
      'Target: p95 under 30 ms at 5,000 articles.',
    ],
  };
}
