import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { migrate } from '../db/migrate.ts';
import type { ImportCounts } from '../domains/fhir/import/import-bundle.ts';
import {
  type BundleOutcome,
  type FhirImportSummary,
  importFhirFiles,
} from '../domains/fhir/import/import-files.ts';
import { describeProblem } from '../domains/fhir/import/parse-bundle.ts';
import { listBundleFiles } from '../domains/fhir/import/read-bundles.ts';
import type { Organization } from '../domains/organizations/service.ts';
import { DomainError } from '../errors.ts';
import {
  CommandError,
  chooseOrganization,
  configFromEnvironment,
  log,
  openDatabaseFor,
  runCommand,
} from './shared.ts';

export function registerImportFhirCommand(program: Command): void {
  program
    .command('import-fhir')
    .description(
      'Import FHIR R4 bundles (JSON; type transaction, batch or collection), such as Synthea exports: Patient, ' +
        'RelatedPerson, Practitioner, Organization and Location. Other resources are counted and skipped. Each bundle ' +
        'is imported whole or not at all; importing the same bundle again updates what it imported before.',
    )
    .argument('<paths...>', 'bundle files, or folders whose .json files are bundles')
    .option('--org <slug>', 'organisation to import into (default: the only one in the database)')
    .action((paths: string[], options: { org?: string }) =>
      runCommand(async () => {
        // Paths are checked before the database is opened, so a typo costs nothing.
        const files = await explained(() => listBundleFiles(paths));
        const config = configFromEnvironment();
        const database = await openDatabaseFor(config, 'import-fhir');
        let summary: FhirImportSummary;
        try {
          await migrate(database);
          const organization = await chooseOrganization(database, options.org, 'import into');
          const started = performance.now();
          const progress = createProgress(files.length);
          summary = await importFhirFiles(database, organization, files, {
            onBundle: progress.onBundle,
          }).finally(progress.stop);
          printSummary(summary, organization, (performance.now() - started) / 1000);
        } finally {
          await database.close();
        }
        if (summary.rejected.length > 0) {
          throw new CommandError(
            `${summary.rejected.length} of ${summary.files} bundle(s) were rejected (listed above). Fix them and run ` +
              'the same import again: bundles imported before are updated, not duplicated.',
          );
        }
      }),
    );
}

async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CommandError(error.message);
    throw error;
  }
}

/** A live bar at a terminal; one line per bundle when the output goes to a file or a pipe. */
function createProgress(total: number): {
  onBundle: (outcome: BundleOutcome, done: number) => void;
  stop: () => void;
} {
  let resources = 0;
  const started = performance.now();
  const rate = () => Math.round(resources / Math.max((performance.now() - started) / 1000, 0.001));
  if (!process.stdout.isTTY) {
    return {
      onBundle: (outcome, done) => {
        if (outcome.imported) resources += outcome.result.entryCount;
        log(`[${done}/${total}] ${outcome.file}: ${describeOutcome(outcome)}`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format:
        'Importing {bar} {value}/{total} bundles | {resources} resources | {rate} resources/s | ETA {eta_formatted}',
      stream: process.stdout,
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { resources: 0, rate: 0 });
  return {
    onBundle: (outcome, done) => {
      if (outcome.imported) resources += outcome.result.entryCount;
      bar.update(done, { resources, rate: rate() });
    },
    stop: () => bar.stop(),
  };
}

function describeOutcome(outcome: BundleOutcome): string {
  if (!outcome.imported)
    return `rejected, ${outcome.problems.map(describeProblem)[0]}${outcome.problems.length > 1 ? ` (and ${outcome.problems.length - 1} more)` : ''}`;
  const stored = (Object.entries(outcome.result.counts) as [string, { created: number; updated: number }][])
    .filter(([, counts]) => counts.created + counts.updated > 0)
    .map(([type, counts]) =>
      [
        type,
        counts.created ? `${counts.created} created` : '',
        counts.updated ? `${counts.updated} updated` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  const skipped = Object.values(outcome.result.skipped).reduce((sum, count) => sum + count, 0);
  return `imported${stored.length ? `: ${stored.join(', ')}` : ' (nothing PatientDesk stores)'}${skipped ? `; ${skipped} other resources skipped` : ''}`;
}

const storedAs: Record<keyof ImportCounts, string> = {
  Organization: 'partner organisations',
  Location: 'locations',
  Practitioner: 'providers',
  Patient: 'patients',
  RelatedPerson: 'proxies',
};

function printSummary(summary: FhirImportSummary, organization: Organization, seconds: number): void {
  const rate = Math.round(summary.entries / Math.max(seconds, 0.001));
  log('');
  log(
    `Imported ${summary.imported} of ${summary.files} bundle(s) into "${organization.name}" in ${seconds.toFixed(1)} s ` +
      `(${summary.entries} resources, ${rate} resources/s).`,
  );
  log('');
  log(
    `  ${'FHIR resource'.padEnd(15)}${'stored as'.padEnd(23)}${'created'.padStart(8)}${'updated'.padStart(9)}`,
  );
  for (const [type, counts] of Object.entries(summary.counts) as [
    keyof ImportCounts,
    { created: number; updated: number },
  ][]) {
    log(
      `  ${type.padEnd(15)}${storedAs[type].padEnd(23)}${String(counts.created).padStart(8)}${String(counts.updated).padStart(9)}`,
    );
  }
  const skipped = Object.entries(summary.skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (skipped.length > 0) {
    const total = skipped.reduce((sum, [, count]) => sum + count, 0);
    log('');
    log(
      `Skipped ${total} resources of types PatientDesk does not import (clinical data stays in the record system):`,
    );
    log(`  ${skipped.map(([type, count]) => `${type} ${count}`).join(', ')}`);
  }
  if (summary.rejected.length > 0) {
    log('');
    log(
      `Rejected ${summary.rejected.length} bundle(s); nothing from them was written (entries count from 0):`,
    );
    for (const rejected of summary.rejected) {
      log(`  ${rejected.file}`);
      for (const problem of rejected.problems.slice(0, 20)) log(`    ${describeProblem(problem)}`);
      if (rejected.problems.length > 20) log(`    ... and ${rejected.problems.length - 20} more problems`);
    }
  }
  log('');
}
