import { type Config, ConfigError, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/connection.ts';
import { DataFolderInUseError } from '../db/embedded-lock.ts';
import { MigrationError } from '../db/migrate.ts';
import { listOrganizations, type Organization } from '../domains/organizations/service.ts';
import { type FieldCipher, loadFieldCipher } from '../security/field-encryption.ts';
import { checkEncryptionKeys, EncryptionKeyError } from '../security/key-check.ts';

/** Errors whose message already tells the person what to do: print it alone, no stack trace. */
const explainedErrors = [ConfigError, DataFolderInUseError, MigrationError, EncryptionKeyError];

/** Runs a command body; a failure prints a plain message and exits with status 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const explained =
      explainedErrors.some((kind) => error instanceof kind) || (error as { explained?: boolean }).explained;
    process.stderr.write(
      `\n${explained ? (error as Error).message : `PatientDesk stopped because of an unexpected error:\n${(error as Error).stack ?? String(error)}`}\n`,
    );
    process.exit(1);
  }
}

/** An error whose message is a complete instruction for the person at the terminal. */
export class CommandError extends Error {
  readonly explained = true;
}

export function configFromEnvironment(): Config {
  return loadConfig(process.env);
}

/** Opens the configured database for a one-off command (which takes the embedded folder's lock). */
export async function openDatabaseFor(config: Config, command: string): Promise<Database> {
  return openDatabase(config.database, `patientdesk ${command}`);
}

/** Calls `onStop` once on Ctrl-C or a termination signal, then exits. */
export function stopOnSignals(onStop: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nReceived ${signal}; stopping PatientDesk...\n`);
    const forceExit = setTimeout(() => process.exit(1), 15_000);
    forceExit.unref();
    await onStop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

export const log = (message: string) => process.stdout.write(`${message}\n`);

/** The configured encryption keys, checked against the data they protect. */
export async function openFieldCipher(config: Config, database: Database): Promise<FieldCipher> {
  const cipher = loadFieldCipher(config.encryption);
  await checkEncryptionKeys(database, cipher);
  return cipher;
}

/** The organisation a command works on: the one named with --org, or the only one there is. */
export async function chooseOrganization(
  database: Database,
  slug: string | undefined,
  /** What the command does with it, for the messages: "import into", "export from". */
  doing: string,
): Promise<Organization> {
  const organizations = await listOrganizations(database.orm);
  const known = organizations.map((organization) => organization.slug).join(', ');
  if (slug) {
    const chosen = organizations.find((organization) => organization.slug === slug);
    if (chosen) return chosen;
    throw new CommandError(
      organizations.length > 0
        ? `There is no organisation "${slug}" in ${database.description}. Pass one of these to --org: ${known}.`
        : `There is no organisation in ${database.description} yet. Create one first (for example "patientdesk seed-demo"), then try again.`,
    );
  }
  if (organizations.length === 1) return organizations[0]!;
  throw new CommandError(
    organizations.length === 0
      ? `There is no organisation in ${database.description} to ${doing}. Create one first (for example "patientdesk seed-demo"), then try again.`
      : `${database.description} holds ${organizations.length} organisations; say which one to ${doing} with --org <slug> (one of: ${known}).`,
  );
}
