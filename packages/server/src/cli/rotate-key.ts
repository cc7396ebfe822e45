import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { addKeyToDataFolder, type FieldCipher } from '../security/field-encryption.ts';
import {
  countValuesToRotate,
  type RetirementOutcome,
  RotationError,
  retireUnusedKeys,
  rotateColumn,
} from '../security/key-rotation.ts';
import {
  CommandError,
  configFromEnvironment,
  log,
  openDatabaseFor,
  openFieldCipher,
  runCommand,
} from './shared.ts';

function batchSize(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 10_000)
    throw new InvalidArgumentError('must be a whole number from 1 to 10000.');
  return number;
}

function keyId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(value))
    throw new InvalidArgumentError('must be 1 to 32 letters, digits, "-" or "_", such as k2.');
  return value;
}

const environmentFlow = `
Key rotation with keys in the environment (PATIENTDESK_ENCRYPTION_KEYS, always with DATABASE_URL):
  1. Make a new key:           openssl rand -base64 32
  2. Add it to the list:       PATIENTDESK_ENCRYPTION_KEYS=k1:<old key>,k2:<new key>
  3. Make it the active key:   PATIENTDESK_ENCRYPTION_KEY_ID=k2
  4. Restart every PatientDesk process with these settings, so new values are written with k2.
  5. Run:                      patientdesk rotate-key
     It re-encrypts every value still under k1 (resumable: run it again after an interruption),
     then says which keys no data uses any more.
  6. Remove those keys from PATIENTDESK_ENCRYPTION_KEYS and restart. Keep a copy of them with the
     backups taken before the rotation: those backups still need them.

With the embedded database and the key file in the data folder (no PATIENTDESK_ENCRYPTION_KEYS),
stop PatientDesk and run "patientdesk rotate-key --new-key k2": it adds a new random key to
encryption-keys.json, makes it active, and re-encrypts everything with it.`;

export function registerRotateKeyCommand(program: Command): void {
  program
    .command('rotate-key')
    .description(
      'Re-encrypt every encrypted value (government ids, insurance member numbers, notes, two-step secrets, ' +
        'outbox messages, conversations with their messages and attachments, triage corrections, appointment ' +
        'reasons, intake answers and follow-ups) with the active encryption key, in batches, then retire keys ' +
        'no data uses any more.',
    )
    .option(
      '--new-key <id>',
      'embedded database with keys in the data folder only: first add a new key with this id and make it active',
      keyId,
    )
    .option('--batch-size <rows>', 'values re-encrypted per transaction', batchSize, 500)
    .addHelpText('after', environmentFlow)
    .action((options: { newKey?: string; batchSize: number }) =>
      runCommand(async () => {
        const config = configFromEnvironment();
        if (options.newKey && config.encryption.source !== 'data-folder')
          throw new CommandError(
            '--new-key adds a key to the data folder’s key file, but this installation takes its keys from ' +
              `PATIENTDESK_ENCRYPTION_KEYS. Add the new key there instead:\n${environmentFlow}`,
          );
        const database = await openDatabaseFor(config, 'rotate-key');
        try {
          await migrate(database);
          let cipher = await openFieldCipher(config, database);
          if (options.newKey)
            cipher = await addActiveKey(config, options.newKey, cipher, () =>
              openFieldCipher(config, database),
            );
          const counts = await countValuesToRotate(database, cipher);
          const total = counts.reduce((sum, count) => sum + count.values, 0);
          if (total === 0) {
            log(
              `Every encrypted value already uses the active key "${cipher.activeKeyId}"; nothing to re-encrypt.`,
            );
          } else {
            log(
              `Re-encrypting ${total} value(s) with key "${cipher.activeKeyId}", ${options.batchSize} per transaction.`,
            );
            const progress = createProgress(total);
            try {
              for (const { column, values } of counts) {
                if (values === 0) continue;
                let before = 0;
                const rotated = await rotateColumn(database, cipher, column, {
                  batchSize: options.batchSize,
                  onBatch: ({ rotated }) => {
                    progress.advance(column.field, rotated - before);
                    before = rotated;
                  },
                });
                progress.columnDone(column.field, rotated);
              }
            } catch (error) {
              if (error instanceof RotationError) throw new CommandError(error.message);
              throw error;
            } finally {
              progress.stop();
            }
          }
          printRetirement(config, cipher, await retireUnusedKeys(database, cipher));
        } finally {
          await database.close();
        }
      }),
    );
}

async function addActiveKey(
  config: Config,
  newKeyId: string,
  current: FieldCipher,
  reopen: () => Promise<FieldCipher>,
): Promise<FieldCipher> {
  if (config.encryption.source !== 'data-folder')
    throw new Error('unreachable: keys come from the environment');
  if (current.keyIds.includes(newKeyId))
    throw new CommandError(
      current.activeKeyId === newKeyId
        ? `Key "${newKeyId}" is already the active key. If an earlier rotation stopped half-way, run "patientdesk rotate-key" without --new-key to finish it.`
        : `The key file already has a key "${newKeyId}". Choose another id for the new key.`,
    );
  addKeyToDataFolder(config.encryption.dataDir, newKeyId);
  log(
    `Added a new random key "${newKeyId}" to ${path.join(config.encryption.dataDir, 'encryption-keys.json')} and made it the active key. ` +
      'Back up that file with the data folder.',
  );
  // Reopening records the new key's start-up check before any value is written with it.
  return reopen();
}

function printRetirement(config: Config, cipher: FieldCipher, outcome: RetirementOutcome): void {
  const list = (ids: string[]) => ids.map((id) => `"${id}"`).join(', ');
  log('');
  if (outcome.retired.length > 0)
    log(`Retired key(s) ${list(outcome.retired)}: start-up no longer asks for them.`);
  for (const [id, values] of outcome.stillUsed)
    log(
      `Key "${id}" still protects ${values} value(s), written while rotate-key ran by a process that still uses it. ` +
        `Make sure every PatientDesk process runs with "${cipher.activeKeyId}" as its active key, then run rotate-key again.`,
    );
  if (outcome.removable.length === 0) {
    if (outcome.stillUsed.size === 0) log(`Every encrypted value uses key "${cipher.activeKeyId}".`);
    return;
  }
  const where =
    config.encryption.source === 'environment'
      ? 'PATIENTDESK_ENCRYPTION_KEYS'
      : path.join(config.encryption.dataDir, 'encryption-keys.json');
  log(
    `No data uses key(s) ${list(outcome.removable)} any more: you may remove them from ${where}. ` +
      'Keep a copy with the backups taken before this rotation, which still need them.',
  );
}

/** A live bar at a terminal; a line per column when the output goes to a file or a pipe. */
function createProgress(total: number) {
  if (!process.stdout.isTTY) {
    return {
      advance: (_field: string, _values: number) => {},
      columnDone: (field: string, values: number) => log(`  ${field}: ${values} value(s) re-encrypted`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'Re-encrypting {bar} {value}/{total} values | {field} | ETA {eta_formatted}',
      stream: process.stdout,
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { field: '' });
  return {
    advance: (field: string, values: number) => bar.increment(values, { field }),
    columnDone: (_field: string, _values: number) => {},
    stop: () => bar.stop(),
  };
}
