import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { bundledModelPath } from '../domains/triage/model-file.ts';
import { type LabelledExample, parseLabelledExamples, trainTriageModel } from '../domains/triage/training.ts';
import { CommandError, log, runCommand } from './shared.ts';

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
}
