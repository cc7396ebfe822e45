import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { migrationStatus } from '../db/migrate.ts';
import { inTenant } from '../db/tenant-scope.ts';
import { correctionsAsExamples } from '../domains/triage/corrections.ts';
import { bundledModelPath } from '../domains/triage/model-file.ts';
import { type LabelledExample, parseLabelledExamples, trainTriageModel } from '../domains/triage/training.ts';
import {
  CommandError,
  chooseOrganization,
  configFromEnvironment,
  log,
  openDatabaseFor,
  openFieldCipher,
  runCommand,
} from './shared.ts';

const labelledFolder = fileURLToPath(new URL('../domains/triage/labelled/', import.meta.url));

/** The labelled examples the project writes and versions: every `train.*.jsonl` (the evaluation set is kept apart). */
export const projectTrainingFiles = readdirSync(labelledFolder)
  .filter((name) => name.startsWith('train.') && name.endsWith('.jsonl'))
  .sort()
  .map((name) => path.join(labelledFolder, name));

function readExamples(path: string): LabelledExample[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommandError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseLabelledExamples(text, path);
  } catch (error) {
    throw new CommandError(`${(error as Error).message} Fix the line and run the command again.`);
  }
}

/** Writes an organisation's triage corrections as labelled examples, for `triage train --extra`. */
async function exportCorrections(options: { org?: string; since?: string; out?: string }): Promise<void> {
  const since = options.since ? new Date(options.since) : null;
  if (since && Number.isNaN(since.getTime()))
    throw new CommandError(`--since "${options.since}" is not a date; write it like 2026-11-01.`);
  const config = configFromEnvironment();
  const database = await openDatabaseFor(config, 'triage export-corrections');
  try {
    const { pending } = await migrationStatus(database);
    if (pending.length > 0)
      throw new CommandError(
        `${database.description} has ${pending.length} migration(s) not applied yet. Run "patientdesk migrate" first.`,
      );
    const cipher = await openFieldCipher(config, database);
    const organization = await chooseOrganization(database, options.org, 'export from');
    const examples = await inTenant(database, organization.id, (orm) =>
      correctionsAsExamples(orm, cipher, since),
    );
    const lines = examples.map((example) => JSON.stringify(example)).join('\n');
    if (options.out) {
      writeFileSync(options.out, lines ? `${lines}\n` : '', { mode: 0o600 });
      process.stderr.write(
        `triage export-corrections: ${examples.length} correction(s) of ${organization.slug} written to ${options.out}. ` +
          "They hold patients' words: keep the file where PHI may be kept, and delete it after training.\n",
      );
    } else if (lines) log(lines);
  } finally {
    await database.close();
  }
}

export function registerTriageCommand(program: Command): void {
  const triage = program
    .command('triage')
    .description('Train and inspect the urgency and intent triage model');
  triage
    .command('train')
    .description(
      "Train the triage model from the project's labelled examples plus any --extra files (a clinic's own " +
        'corrections, exported with "patientdesk triage export-corrections"), and write the model file.',
    )
    .option('--extra <file...>', 'more labelled examples, one JSON object a line')
    .option('--out <file>', 'where to write the model', bundledModelPath)
    .action((options: { extra?: string[]; out: string }) =>
      runCommand(async () => {
        const examples = [...projectTrainingFiles, ...(options.extra ?? [])].flatMap(readExamples);
        const started = performance.now();
        const model = trainTriageModel(examples, {
          onProgress: (step) => process.stderr.write(`triage train: ${step}\n`),
        });
        writeFileSync(options.out, `${JSON.stringify(model)}\n`);
        log(
          `triage train: ${examples.length} examples, ${Object.keys(model.weights).length} features, ` +
            `${Math.round(performance.now() - started) / 1000} s; wrote ${options.out}. ` +
            'Check it with "npm run bench -- triage"; point PATIENTDESK_TRIAGE_MODEL at it if it is not the bundled file.',
        );
      }),
    );
  triage
    .command('export-corrections')
    .description(
      "Write a clinic's triage corrections (made in the desk by clinicians) as labelled examples, one JSON " +
        'object a line, for "patientdesk triage train --extra <file>". The lines hold patients\' words.',
    )
    .option('--org <slug>', 'organisation (default: the only one in the database)')
    .option('--since <date>', 'only corrections made since this date (YYYY-MM-DD)')
    .option('--out <file>', 'write to this file (readable by you only) instead of standard output')
    .action((options: { org?: string; since?: string; out?: string }) =>
      runCommand(() => exportCorrections(options)),
    );
}
