import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TriageModelFile } from './linear-model.ts';
import { TriageEngine } from './triage-engine.ts';

/**
 * The trained model ships with the code (`model/triage-model.json`, written by
 * `patientdesk triage train`); a clinic that retrains with its own corrections points
 * PATIENTDESK_TRIAGE_MODEL at its file instead.
 */

export const bundledModelPath = fileURLToPath(new URL('./model/triage-model.json', import.meta.url));

export class TriageModelError extends Error {}

export function readTriageModel(path: string = bundledModelPath): TriageModelFile {
  let parsed: Partial<TriageModelFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<TriageModelFile>;
  } catch (error) {
    throw new TriageModelError(
      `The triage model ${path} could not be read (${(error as Error).message}). Train one with "patientdesk triage train --out ${path}", or unset PATIENTDESK_TRIAGE_MODEL to use the bundled model.`,
    );
  }
  if (parsed.format !== 1 || !parsed.weights || !parsed.bias || !parsed.caution) {
    throw new TriageModelError(
      `${path} is not a triage model this version understands (format ${String(parsed.format)}, expected 1). Retrain it with "patientdesk triage train --out ${path}".`,
    );
  }
  return parsed as TriageModelFile;
}

const engines = new Map<string, TriageEngine>();

/** One engine per model file, built once (the model is a few MB of weights). */
export function triageEngineFor(path: string | null = null): TriageEngine {
  const key = path ?? bundledModelPath;
  let engine = engines.get(key);
  if (!engine) {
    engine = new TriageEngine(readTriageModel(key));
    engines.set(key, engine);
  }
  return engine;
}

let configuredPath: string | null = null;

/** Sets the model the inbox triages with (PATIENTDESK_TRIAGE_MODEL, read once at start). */
export function useTriageModel(path: string | null): void {
  configuredPath = path;
  triageEngineFor(path);
}

/** The engine of the configured model (the bundled one unless PATIENTDESK_TRIAGE_MODEL is set). */
export function configuredTriageEngine(): TriageEngine {
  return triageEngineFor(configuredPath);
}
