import { Command } from 'commander';
import { registerAuditVerifyCommand } from './audit-verify.ts';
import { registerImportFhirCommand } from './import-fhir.ts';
import { registerMigrateCommand } from './migrate.ts';
import { registerRotateKeyCommand } from './rotate-key.ts';
import { registerSeedDemoCommand } from './seed-demo.ts';
import { registerStartCommand } from './start.ts';
import { registerTokenCreateCommand } from './token-create.ts';
import { registerTriageCommand } from './triage.ts';
import { registerWorkerCommand } from './worker.ts';

const program = new Command('patientdesk')
  .description(
    'PatientDesk, the patient service desk. Settings come from environment variables; see .env.example.',
  )
  .showHelpAfterError('(run "patientdesk --help" for the list of commands)');

registerStartCommand(program);
registerWorkerCommand(program);
registerMigrateCommand(program);
registerSeedDemoCommand(program);
registerImportFhirCommand(program);
registerTokenCreateCommand(program);
registerAuditVerifyCommand(program);
registerRotateKeyCommand(program);
registerTriageCommand(program);

await program.parseAsync(process.argv);
