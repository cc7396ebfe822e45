import type { Command } from 'commander';
import { migrate, migrationStatus } from '../db/migrate.ts';
import { loadFieldCipher } from '../security/field-encryption.ts';
import { configFromEnvironment, log, openDatabaseFor, runCommand } from './shared.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'Apply the database migrations that have not been applied yet (each in its own transaction).',
    )
    .option('--status', 'only list applied and pending migrations; change nothing')
    .action((options: { status?: boolean }) =>
      runCommand(async () => {
        const config = configFromEnvironment();
        const database = await openDatabaseFor(config, 'migrate');
        try {
          if (options.status) {
            const status = await migrationStatus(database);
            log(
              `${database.description}: ${status.applied.length} applied, ${status.pending.length} pending`,
            );
            for (const name of status.pending) log(`  pending: ${name}`);
            return;
          }
          const applied = await migrate(database, {
            onApplied: (m) => log(`  applied ${m.version}_${m.name}`),
            // Loaded only if a migration has stored values to encrypt.
            fieldCipher: () => loadFieldCipher(config.encryption),
          });
          log(
            applied.length === 0
              ? `${database.description} is up to date; nothing to apply.`
              : `Applied ${applied.length} migration(s) to ${database.description}.`,
          );
        } finally {
          await database.close();
        }
      }),
    );
}
