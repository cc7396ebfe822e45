import os from 'node:os';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import ms from 'ms';
import { migrate } from '../db/migrate.ts';
import { inTenant } from '../db/tenant-scope.ts';
import { createAuditTrail } from '../domains/audit/audit-trail.ts';
import { createApiToken } from '../domains/identity/api-tokens.ts';
import { getOrganization } from '../domains/organizations/service.ts';
import { findStaffMemberForSignIn } from '../domains/staff/service.ts';
import { CommandError, configFromEnvironment, log, openDatabaseFor, runCommand } from './shared.ts';

const defaultExpiry = '90d';
const longestLifetimeMs = ms('10y');

/** `--expires`: a duration such as 30d, 12h or 1y (read by `ms`) in milliseconds, or `never`. */
export function parseTokenLifetime(value: string): number | 'never' {
  const text = value.trim();
  if (text.toLowerCase() === 'never') return 'never';
  // A bare number would be milliseconds to `ms`: surely not what anyone means for a token.
  const lifetime = /[a-z]$/i.test(text) ? (ms(text as ms.StringValue) as number | undefined) : undefined;
  if (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime < ms('1m'))
    throw new InvalidArgumentError('must be a duration with a unit, such as 30d, 12h or 1y, or "never".');
  if (lifetime > longestLifetimeMs)
    throw new InvalidArgumentError('may be at most 10 years (10y); use "never" for a token without expiry.');
  return lifetime;
}

export function registerTokenCreateCommand(program: Command): void {
  program
    .command('token-create')
    .description(
      'Create an API token for a staff member, for scripts and integrations. It acts as that person, with their ' +
        'role, and every call is in the audit log. The token is printed once; only its hash is kept.',
    )
    .requiredOption('--user <email>', 'email of the staff member the token acts as')
    .option(
      '--name <text>',
      'what uses the token, shown in Admin > API tokens (default: "command line, <date>")',
    )
    .option(
      '--expires <duration>',
      `when it stops working: 30d, 12h, 1y... or "never" (default: ${defaultExpiry})`,
      parseTokenLifetime,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  patientdesk token-create --user admin@demo.test --name "nightly export" --expires 30d\n' +
        '  curl -H "Authorization: Bearer <token>" http://localhost:3000/api/auth/me\n\n' +
        'Revoke a token in Admin > API tokens (or DELETE /api/admin/api-tokens/<id>); disabling the person stops it too.',
    )
    .action((options: { user: string; name?: string; expires?: number | 'never' }) =>
      runCommand(async () => {
        const config = configFromEnvironment();
        const lifetime = options.expires ?? ms(defaultExpiry);
        const database = await openDatabaseFor(config, 'token-create');
        try {
          await migrate(database);
          const staff = await findStaffMemberForSignIn(database.orm, options.user);
          if (!staff)
            throw new CommandError(
              `There is no staff member with the email "${options.user}" in ${database.description}. ` +
                'Check the spelling, or invite the person first (Admin > Staff).',
            );
          if (staff.disabledAt)
            throw new CommandError(
              `${staff.displayName} <${staff.email}> is disabled, so a token for them would not work. Re-enable the account first.`,
            );
          const organization = await getOrganization(database.orm, staff.organizationId);
          const name = options.name?.trim() || `command line, ${new Date().toISOString().slice(0, 10)}`;
          const expiresAt = lifetime === 'never' ? null : new Date(Date.now() + lifetime);
          const created = await inTenant(database, staff.organizationId, (orm) =>
            createApiToken(orm, {
              organizationId: staff.organizationId,
              staffMemberId: staff.id,
              name,
              expiresAt,
            }),
          );
          const audit = createAuditTrail(database);
          await audit.record(
            {
              organizationId: staff.organizationId,
              actorType: 'system',
              actorId: null,
              actorRole: null,
              actorName: `patientdesk token-create (${os.userInfo().username}@${os.hostname()})`,
            },
            {
              action: 'api-token.created',
              resourceType: 'api-token',
              resourceId: created.id,
              outcome: 'allowed',
              details: {
                staffMemberId: staff.id,
                name,
                expiresAt: expiresAt?.toISOString() ?? null,
                via: 'command line',
              },
            },
          );
          log(
            `Created API token "${name}" for ${staff.displayName} <${staff.email}> (${staff.role}) of ${organization.name}.`,
          );
          log(
            expiresAt
              ? `It expires on ${expiresAt.toISOString()}.`
              : 'It never expires; revoke it when it is no longer needed.',
          );
          log('');
          log(`  ${created.token}`);
          log('');
          log('Copy it now: it is shown only this once (PatientDesk keeps only a hash).');
          log('Send it in the Authorization header of each request, for example:');
          log(`  curl -H "Authorization: Bearer ${created.token}" ${config.publicUrl}/api/auth/me`);
          log(`Revoke it in Admin > API tokens, or with DELETE /api/admin/api-tokens/${created.id}.`);
        } finally {
          await database.close();
        }
      }),
    );
}
