import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scoreTriage } from '../packages/server/src/domains/triage/evaluation.ts';
import { urgencies } from '../packages/server/src/domains/triage/linear-model.ts';
import { triageEngineFor } from '../packages/server/src/domains/triage/model-file.ts';
import { parseLabelledExamples } from '../packages/server/src/domains/triage/training.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * The triage engine on the project's held-out evaluation set (written apart from the training
 * set and never trained on): emergency recall and precision, accuracy per urgency, under- and
 * over-triage, intent accuracy, the confusion matrix, and speed (messages/s on one core, and
 * the time one message takes). BENCH_TRIAGE_SET points at another labelled `.jsonl` file, e.g.
 * independent clinical vignettes.
 */

const evaluationSet = fileURLToPath(
  new URL('../packages/server/src/domains/triage/labelled/evaluation.jsonl', import.meta.url),
);

const percent = (value: number) => round(value * 100, 1);

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const setPath = process.env.BENCH_TRIAGE_SET ?? evaluationSet;
  const examples = parseLabelledExamples(readFileSync(setPath, 'utf8'), setPath);
  const engine = triageEngineFor(process.env.PATIENTDESK_TRIAGE_MODEL ?? null);
  progress(`triage: scoring ${examples.length} labelled messages`);
  const scores = scoreTriage(engine, examples);
  const byLanguage = (['en', 'es'] as const).map((language) => ({
    language,
    scores: scoreTriage(
      engine,
      examples.filter((e) => e.language === language),
    ),
  }));

  progress('triage: timing');
  const texts = examples.map((e) => e.text);
  for (const text of texts) engine.triage({ text });
  const runs = options.runs ?? 5;
  const rates: number[] = [];
  const perMessage: number[] = [];
  for (let r = 0; r < runs; r++) {
    const wall = performance.now();
    for (const text of texts) {
      const before = performance.now();
      engine.triage({ text });
      perMessage.push(performance.now() - before);
    }
    rates.push(texts.length / ((performance.now() - wall) / 1000));
  }
  progressDone();
  rates.sort((a, b) => a - b);
  const medianRate = rates[Math.floor(rates.length / 2)]!;

  const rows: (string | number)[][] = [
    [
      'emergency recall %',
      percent(scores.emergencyRecall),
      ...byLanguage.map((l) => percent(l.scores.emergencyRecall)),
    ],
    [
      'emergency precision %',
      percent(scores.emergencyPrecision),
      ...byLanguage.map((l) => percent(l.scores.emergencyPrecision)),
    ],
    ...urgencies.map((u) => [
      `${u} accuracy %`,
      percent(scores.accuracyByUrgency[u]),
      ...byLanguage.map((l) => percent(l.scores.accuracyByUrgency[u])),
    ]),
    [
      'urgency accuracy %',
      percent(scores.urgencyAccuracy),
      ...byLanguage.map((l) => percent(l.scores.urgencyAccuracy)),
    ],
    ['under-triage %', percent(scores.underTriage), ...byLanguage.map((l) => percent(l.scores.underTriage))],
    ['over-triage %', percent(scores.overTriage), ...byLanguage.map((l) => percent(l.scores.overTriage))],
    [
      'intent accuracy %',
      percent(scores.intentAccuracy),
      ...byLanguage.map((l) => percent(l.scores.intentAccuracy)),
    ],
    ['messages', scores.examples, ...byLanguage.map((l) => l.scores.examples)],
  ];
  const confusionNotes = [
    'confusion (rows: true urgency, columns: triaged as emergency / urgent / routine):',
    ...urgencies.map(
      (truth) =>
        `  ${truth.padEnd(9)} ${urgencies.map((p) => String(scores.confusion[truth][p]).padStart(5)).join(' ')}`,
    ),
  ];
  return {
    benchmark: 'triage',
    title: 'Triage engine on the held-out evaluation set',
    setting: {
      'labelled set': setPath.replace(`${process.cwd()}/`, ''),
      model: `${engine.model.examples} training examples, trained ${engine.model.trainedAt.slice(0, 10)}`,
      'safety margins': `emergency when at least ${engine.model.caution.emergency} x as likely as the likeliest other level; urgent or higher when at least ${engine.model.caution.urgentOrHigher} x as likely as routine`,
    },
    columns: ['figure', 'all', 'English', 'Spanish'],
    rows,
    figures: {
      examples: scores.examples,
      emergencyRecall: round(scores.emergencyRecall, 4),
      emergencyPrecision: round(scores.emergencyPrecision, 4),
      emergencyAccuracy: round(scores.accuracyByUrgency.emergency, 4),
      urgentAccuracy: round(scores.accuracyByUrgency.urgent, 4),
      routineAccuracy: round(scores.accuracyByUrgency.routine, 4),
      urgencyAccuracy: round(scores.urgencyAccuracy, 4),
      underTriage: round(scores.underTriage, 4),
      overTriage: round(scores.overTriage, 4),
      intentAccuracy: round(scores.intentAccuracy, 4),
      messagesPerSecond: round(medianRate, 0),
      microsecondsPerMessageP50: round(percentile(perMessage, 0.5) * 1000, 1),
      microsecondsPerMessageP99: round(percentile(perMessage, 0.99) * 1000, 1),
      ...Object.fromEntries(
        urgencies.flatMap((t) => urgencies.map((p) => [`confusion.${t}.${p}`, scores.confusion[t][p]])),
      ),
    },
    notes: [
      ...confusionNotes,
      `speed: ${round(medianRate, 0)} messages/s on one core (median of ${runs} passes); one message p50 ${round(percentile(perMessage, 0.5) * 1000, 1)} µs, p99 ${round(percentile(perMessage, 0.99) * 1000, 1)} µs`,
    ],
  };
}
