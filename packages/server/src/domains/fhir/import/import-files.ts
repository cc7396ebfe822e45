import path from 'node:path';
import type { Database } from '../../../db/connection.ts';
import { createAuditTrail } from '../../audit/audit-trail.ts';
import {
  type BundleImportResult,
  emptyCounts,
  type ImportCounts,
  type ImportingOrganization,
  importBundle,
} from './import-bundle.ts';
import { type BundleProblem, BundleRejected, parseBundle } from './parse-bundle.ts';
import { listBundleFiles, readJsonFile } from './read-bundles.ts';

/** What happened to one bundle file. */
export type BundleOutcome =
  | { file: string; imported: true; result: BundleImportResult }
  | { file: string; imported: false; problems: BundleProblem[] };

export interface FhirImportSummary {
  files: number;
  imported: number;
  counts: ImportCounts;
  /** Entries of types PatientDesk does not import, by type, over the imported bundles. */
  skipped: Record<string, number>;
  /** Entries read, imported or skipped, over the imported bundles. */
  entries: number;
  rejected: { file: string; problems: BundleProblem[] }[];
}

export interface FhirImportOptions {
  /** Called once the files are known, before the first is read. */
  onStart?: (files: string[]) => void;
  /** Called after each bundle, imported or rejected. */
  onBundle?: (outcome: BundleOutcome, done: number, total: number) => void;
}

/**
 * Imports FHIR R4 bundle files (or folders of them) into one organisation, one transaction per
 * bundle. A bad bundle is rejected whole and the import goes on with the next, so one run
 * reports every problem; the summary lists what was created, updated, skipped and rejected.
 */
export async function importFhirFiles(
  database: Database,
  organization: ImportingOrganization,
  paths: string[],
  options: FhirImportOptions = {},
): Promise<FhirImportSummary> {
  const files = await listBundleFiles(paths);
  options.onStart?.(files);
  const summary: FhirImportSummary = {
    files: files.length,
    imported: 0,
    counts: emptyCounts(),
    skipped: {},
    entries: 0,
    rejected: [],
  };
  for (const [index, file] of files.entries()) {
    const outcome = await importFile(database, organization, file);
    if (outcome.imported) addUp(summary, outcome.result);
    else summary.rejected.push({ file, problems: outcome.problems });
    options.onBundle?.(outcome, index + 1, files.length);
  }
  return summary;
}

/** Imports one bundle file; a rejected bundle is an outcome, not an error. */
export async function importFile(
  database: Database,
  organization: ImportingOrganization,
  file: string,
): Promise<BundleOutcome> {
  try {
    const bundle = parseBundle(await readJsonFile(file));
    const result = await importBundle(database, organization, bundle);
    // Bringing patient records in is a touch of PHI like any other: on record, naming them.
    await createAuditTrail(database).record(
      {
        organizationId: organization.id,
        actorType: 'system',
        actorId: null,
        actorRole: null,
        actorName: 'patientdesk import-fhir',
      },
      {
        action: 'patient.import',
        resourceType: 'fhir-bundle',
        resourceId: path.basename(file),
        patientIds: result.patientIds,
        outcome: 'allowed',
        details: { counts: result.counts, entries: result.entryCount },
      },
    );
    return { file, imported: true, result };
  } catch (error) {
    if (error instanceof BundleRejected) return { file, imported: false, problems: error.problems };
    throw error;
  }
}

function addUp(summary: FhirImportSummary, result: BundleImportResult): void {
  summary.imported++;
  summary.entries += result.entryCount;
  for (const [type, counts] of Object.entries(result.counts) as [
    keyof ImportCounts,
    { created: number; updated: number },
  ][]) {
    summary.counts[type].created += counts.created;
    summary.counts[type].updated += counts.updated;
  }
  for (const [type, count] of Object.entries(result.skipped))
    summary.skipped[type] = (summary.skipped[type] ?? 0) + count;
}
