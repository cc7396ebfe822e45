import { customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const sessionSubjectTypes = ['staff', 'patient', 'proxy'] as const;
export type SessionSubjectType = (typeof sessionSubjectTypes)[number];

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  subjectType: text('subject_type').$type<SessionSubjectType>().notNull(),
  subjectId: uuid('subject_id').notNull(),
  tokenHash: bytea('token_hash').notNull().unique(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  authenticatedBy: text('authenticated_by').$type<AuthenticationMethod>().notNull().default('password'),
  portalContact: text('portal_contact'),
});

export type AuthenticationMethod = 'password' | 'password+totp' | 'password+recovery-code' | 'one-time-code';

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);
const staffMemberId = () =>
  uuid('staff_member_id')
    .notNull()
    .references(() => staffMembers.id, { onDelete: 'cascade' });

export const staffRecoveryCodes = pgTable('staff_recovery_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  staffMemberId: staffMemberId(),
  codeHash: bytea('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt,
});

export const signInThrottles = pgTable('sign_in_throttles', {
  emailKey: text('email_key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  firstFailedAt: timestamp('first_failed_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

export type OneTimeLinkPurpose = 'password-reset' | 'invitation';

export const staffOneTimeLinks = pgTable('staff_one_time_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  staffMemberId: staffMemberId(),
  purpose: text('purpose').$type<OneTimeLinkPurpose>().notNull(),
  tokenHash: bytea('token_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => staffMembers.id),
  createdAt,
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  staffMemberId: staffMemberId(),
  name: text('name').notNull(),
  tokenHash: bytea('token_hash').notNull().unique(),
  tokenPrefix: text('token_prefix').notNull(),
  createdAt,
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const portalSignInCodes = pgTable('portal_sign_in_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  contact: text('contact').notNull(),
  codeHash: bytea('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt,
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});
