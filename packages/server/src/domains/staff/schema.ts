import { bigint, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, teams, timestamps } from '../organizations/schema.ts';

export const staffRoles = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
  'compliance',
  'admin',
] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffAvailabilities = ['available', 'busy', 'away', 'offline'] as const;
export type StaffAvailability = (typeof staffAvailabilities)[number];

export const staffMembers = pgTable('staff_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<StaffRole>().notNull(),
  languages: text('languages').array().notNull().default(['en']),
  passwordHash: text('password_hash'),
  availability: text('availability').$type<StaffAvailability>().notNull().default('offline'),
  capacity: integer('capacity').notNull().default(5),
  mfaSecretEncrypted: text('mfa_secret_encrypted'),
  mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
  mfaLastTimeStep: bigint('mfa_last_time_step', { mode: 'number' }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  skills: text('skills').array().notNull().default([]),
  lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
  ...timestamps,
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

export const staffTeamMemberships = pgTable(
  'staff_team_memberships',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    staffMemberId: uuid('staff_member_id')
      .notNull()
      .references(() => staffMembers.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.staffMemberId, table.teamId] })],
);
