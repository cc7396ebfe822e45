import type { Command } from 'commander';
import { demoKioskAddress, demoPortalLogins } from '../demo/demo-front-door.ts';
import { describeDemoClinic } from '../demo/seed-demo-clinic.ts';
import { findOrganizationBySlug } from '../domains/organizations/service.ts';
import { startServer } from '../main.ts';
import { createLogger } from '../observability/logger.ts';
import { configFromEnvironment, log, runCommand, stopOnSignals } from './shared.ts';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Start the PatientDesk server: runs migrations, creates the demo clinic on the first start of the embedded ' +
        'database, runs background workers in this process (unless PATIENTDESK_RUN_WORKERS=false) and serves the web app and API.',
    )
    .action(() =>
      runCommand(async () => {
        const config = configFromEnvironment();
        const pretty =
          config.logFormat === 'pretty' ||
          (config.logFormat === 'auto' && process.stdout.isTTY && config.env !== 'production');
        const logger = createLogger({ level: config.logLevel, pretty });
        const server = await startServer(config, { logger, onProgress: (step) => log(`  ${step}...`) });
        stopOnSignals(() => server.close());
        const demo = await describeDemoClinic(server.database);
        log('');
        log(`PatientDesk is running at ${server.address}`);
        log(`  database: ${server.database.description}`);
        log(
          `  staff desk: ${server.address}/desk   patient portal: ${server.address}/portal   API docs: ${server.address}/api/docs`,
        );
        if (demo) {
          log('');
          log(
            `Demo clinic "${demo.organizationName}" — sign in at ${server.address}/desk with password "${config.demo.password}":`,
          );
          for (const login of demo.logins) log(`  ${login.role.padEnd(11)} ${login.email}`);
          log('  (two-step sign-in is switched off in the demo clinic; real clinics require it by default)');
          log(
            `Patients and proxies sign in at ${server.address}/portal?clinic=${demo.organizationSlug} with a one-time code; in the demo the code lands in the outbox (${server.address}/admin/outbox, as admin).`,
          );
          const organization = await findOrganizationBySlug(server.database.orm, demo.organizationSlug);
          if (organization) {
            for (const login of await demoPortalLogins(server.database.orm, organization.id))
              log(`  portal: ${login.contact} (${login.who})`);
            const kiosk = await demoKioskAddress(server.database.orm, {
              organizationId: organization.id,
              password: config.demo.password,
              publicUrl: config.publicUrl,
            });
            if (kiosk) log(`Check-in kiosk at ${kiosk.locationName}: ${kiosk.address}`);
          }
          log(
            `Try the inbox: write as a patient in the chat on a sample clinic website, ${server.address}/sample-clinic.html, and answer it at ${server.address}/desk/inbox (as agent@demo.test). Texts and emails sent to the clinic are simulated, and replies to them shown, at ${server.address}/admin/outbox.`,
          );
        }
        log('');
        log('Press Ctrl-C to stop.');
      }),
    );
}
