import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { migrate } from '../db/migrate.ts';
import { describeDemoClinic, seedDemoClinic } from '../demo/seed-demo-clinic.ts';
import { configFromEnvironment, log, openDatabaseFor, openFieldCipher, runCommand } from './shared.ts';

function positiveWholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('must be a whole number of 1 or more.');
  return number;
}

export function registerSeedDemoCommand(program: Command): void {
  program
    .command('seed-demo')
    .description(
      'Create the demo clinic (2 locations, 5 teams, staff for every role, 20 providers, 500 patients and their proxies). ' +
        'The same seed number always gives the same clinic.',
    )
    .option(
      '--seed <number>',
      'seed number of the generator (default: PATIENTDESK_DEMO_SEED_NUMBER)',
      positiveWholeNumber,
    )
    .action((options: { seed?: number }) =>
      runCommand(async () => {
        const config = configFromEnvironment();
        const database = await openDatabaseFor(config, 'seed-demo');
        try {
          await migrate(database);
          const existing = await describeDemoClinic(database);
          if (existing) {
            log(
              `The demo clinic "${existing.organizationName}" already exists in ${database.description}; nothing to do.`,
            );
            return;
          }
          const summary = await seedDemoClinic(database, {
            seed: options.seed ?? config.demo.seedNumber,
            password: config.demo.password,
            cipher: await openFieldCipher(config, database),
            freeTimeDays: config.scheduling.freeTimeDays,
            onProgress: (step) => log(`  ${step}`),
          });
          log(`Created the demo clinic "${summary.organizationName}" in ${database.description}.`);
          log(`Staff sign in with password "${config.demo.password}":`);
          for (const login of summary.logins) log(`  ${login.role.padEnd(11)} ${login.email}`);
        } finally {
          await database.close();
        }
      }),
    );
}
