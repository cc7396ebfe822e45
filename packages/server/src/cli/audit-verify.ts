import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { ConfigError } from '../config.ts';
import type { Database } from '../db/connection.ts';
import { DataFolderInUseError } from '../db/embedded-lock.ts';
import { migrationStatus } from '../db/migrate.ts';
import { type ChainVerification, verifyChain } from '../domains/audit/verify.ts';
import { listOrganizations, type Organization } from '../domains/organizations/service.ts';
import { CommandError, configFromEnvironment, log, openDatabaseFor } from './shared.ts';

/**
 * Exit statuses are a fixed point that monitoring and scripts rely on: 0 every chain is intact,
 * 1 a chain is broken (the audit log was changed outside PatientDesk), 2 the check could not run.
 */
export const auditVerifyExit = { intact: 0, tampered: 1, couldNotVerify: 2 } as const;

export function registerAuditVerifyCommand(program: Command): void {
  program
    .command('audit-verify')
    .description(
      "Verify the audit log: recompute every organisation's hash chain and report, per organisation, " +
        '"intact, N events" or the first broken link (a changed, removed or added event). Read-only.',
    )
    .option('--org <slug>', 'verify only this organisation (default: every organisation)')
    .addHelpText(
      'after',
      '\nExit status: 0 every chain is intact; 1 a chain is broken (the audit log was changed outside ' +
        'PatientDesk); 2 the check could not run (no database, unknown organisation...).',
    )
    .action(async (options: { org?: string }) => {
      let status: number;
      try {
        status = await verifyAuditLog(options.org);
      } catch (error) {
        const explained =
          error instanceof CommandError ||
          error instanceof ConfigError ||
          error instanceof DataFolderInUseError;
        process.stderr.write(
          `\n${explained ? (error as Error).message : `The audit log could not be verified because of an unexpected error:\n${(error as Error).stack ?? String(error)}`}\n`,
        );
        status = auditVerifyExit.couldNotVerify;
      }
      process.exit(status);
    });
}

async function verifyAuditLog(slug: string | undefined): Promise<number> {
  const config = configFromEnvironment();
  const database = await openDatabaseFor(config, 'audit-verify');
  try {
    const { pending } = await migrationStatus(database);
    if (pending.length > 0)
      throw new CommandError(
        `${database.description} has ${pending.length} migration(s) not applied yet. Run "patientdesk migrate" first, then verify.`,
      );
    const organizations = await chooseOrganizations(database, slug);
    const started = performance.now();
    const results: ChainVerification[] = [];
    for (const organization of organizations) {
      const result = await verifyWithProgress(database, organization);
      results.push(result);
      log(describeResult(organization, result));
    }
    const seconds = (performance.now() - started) / 1000;
    const events = results.reduce((sum, result) => sum + result.events, 0);
    const broken = results.filter((result) => !result.intact).length;
    log('');
    if (broken === 0) {
      log(
        `Every audit chain is intact: ${organizations.length} organisation(s), ${events.toLocaleString('en-US')} events, ${seconds.toFixed(1)} s.`,
      );
      return auditVerifyExit.intact;
    }
    log(
      `The audit log of ${broken} of ${organizations.length} organisation(s) was changed outside PatientDesk (first broken link above). ` +
        'Keep a copy of the database as it is now as evidence, find out who had direct access to the database, ' +
        'and tell your compliance officer. Events before the broken link are still verified.',
    );
    return auditVerifyExit.tampered;
  } finally {
    await database.close();
  }
}

async function chooseOrganizations(database: Database, slug: string | undefined): Promise<Organization[]> {
  const organizations = await listOrganizations(database.orm);
  if (!slug) {
    if (organizations.length === 0)
      log(`There is no organisation in ${database.description}; nothing to verify.`);
    return organizations;
  }
  const chosen = organizations.find((organization) => organization.slug === slug);
  if (chosen) return [chosen];
  throw new CommandError(
    organizations.length > 0
      ? `There is no organisation "${slug}" in ${database.description}. Pass one of these to --org: ${organizations.map((o) => o.slug).join(', ')}.`
      : `There is no organisation in ${database.description}; nothing to verify.`,
  );
}

function describeResult(organization: Organization, result: ChainVerification): string {
  const who = `${organization.name} [${organization.slug}]`;
  if (result.intact) return `  ${who}: intact, ${result.events.toLocaleString('en-US')} events`;
  const link = result.brokenLink!;
  return (
    `  ${who}: BROKEN at event ${link.seq}${link.eventId ? ` (id ${link.eventId})` : ''}: ${link.problem}. ` +
    `${result.events.toLocaleString('en-US')} events before it are intact.`
  );
}

/** Verifies one chain with a live bar at a terminal; quietly when the output goes to a file. */
async function verifyWithProgress(
  database: Database,
  organization: Organization,
): Promise<ChainVerification> {
  if (!process.stdout.isTTY) return verifyChain(database, organization.id);
  const {
    rows: [head],
  } = await database.query<{ seq: string }>('select seq from audit_chain_heads where organization_id = $1', [
    organization.id,
  ]);
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${organization.slug} {bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      stream: process.stdout,
      hideCursor: true,
      barsize: 30,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(Number(head?.seq ?? 0), 0, { rate: 0 });
  try {
    return await verifyChain(database, organization.id, (verified) =>
      bar.update(verified, {
        rate: Math.round(verified / Math.max((performance.now() - started) / 1000, 0.001)),
      }),
    );
  } finally {
    bar.stop();
  }
}
