import { sql } from 'drizzle-orm';
import { boolean, date, pgTable, text, time, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, postalAddress, timestamps } from '../organizations/schema.ts';
import { providers } from '../scheduling/schema.ts';
import { staffMembers } from '../staff/schema.ts';

export const patientSexes = ['female', 'male', 'other', 'unknown'] as const;
export type PatientSex = (typeof patientSexes)[number];

export const contactChannels = ['sms', 'email', 'phone', 'portal'] as const;
export type ContactChannel = (typeof contactChannels)[number];

export const proxyRelationships = [
  'parent',
  'guardian',
  'caretaker',
  'spouse',
  'child',
  'sibling',
  'legal-representative',
  'other',
] as const;
export type ProxyRelationship = (typeof proxyRelationships)[number];

export const proxyScopes = ['scheduling', 'billing', 'messaging', 'records'] as const;
export type ProxyScope = (typeof proxyScopes)[number];

export const patients = pgTable('patients', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  mrn: text('mrn').notNull(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  preferredName: text('preferred_name'),
  birthDate: date('birth_date').notNull(),
  sex: text('sex').$type<PatientSex>().notNull().default('unknown'),
  phone: text('phone'),
  email: text('email'),
  preferredLanguage: text('preferred_language').notNull().default('en'),
  preferredChannel: text('preferred_channel').$type<ContactChannel>().notNull().default('sms'),
  ...postalAddress,
  externalId: text('external_id'),
  genderIdentity: text('gender_identity'),
  pronouns: text('pronouns'),
  governmentIdEncrypted: text('government_id_encrypted'),
  primaryProviderId: uuid('primary_provider_id').references(() => providers.id, { onDelete: 'set null' }),
  quietHoursStart: time('quiet_hours_start'),
  quietHoursEnd: time('quiet_hours_end'),
  mergedIntoId: uuid('merged_into_id'),
  mergedAt: timestamp('merged_at', { withTimezone: true }),
  searchName: text('search_name').generatedAlwaysAs(
    sql`lower(given_name || ' ' || family_name || coalesce(' ' || preferred_name, ''))`,
  ),
  phoneDigits: text('phone_digits').generatedAlwaysAs(
    sql`regexp_replace(coalesce(phone, ''), '\D', '', 'g')`,
  ),
  ...timestamps,
});

export const proxies = pgTable('proxies', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  phone: text('phone'),
  email: text('email'),
  preferredLanguage: text('preferred_language').notNull().default('en'),
  externalId: text('external_id'),
  ...timestamps,
});

export const proxyAuthorizations = pgTable('proxy_authorizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  proxyId: uuid('proxy_id')
    .notNull()
    .references(() => proxies.id, { onDelete: 'cascade' }),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id, { onDelete: 'cascade' }),
  relationship: text('relationship').$type<ProxyRelationship>().notNull(),
  scopes: text('scopes').array().$type<ProxyScope[]>().notNull().default([]),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  ...timestamps,
});

const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);
const patientId = () =>
  uuid('patient_id')
    .notNull()
    .references(() => patients.id, { onDelete: 'cascade' });

export const contactPointKinds = ['phone', 'email'] as const;
export type ContactPointKind = (typeof contactPointKinds)[number];
export const contactPointLabels = ['mobile', 'home', 'work', 'other'] as const;
export type ContactPointLabel = (typeof contactPointLabels)[number];

export const patientContactPoints = pgTable('patient_contact_points', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: patientId(),
  kind: text('kind').$type<ContactPointKind>().notNull(),
  value: text('value').notNull(),
  label: text('label').$type<ContactPointLabel>().notNull().default('home'),
  isPrimary: boolean('is_primary').notNull().default(false),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const consentChannels = ['sms', 'email', 'voice'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentSources = [
  'portal',
  'staff',
  'sms-keyword',
  'email-link',
  'import',
  'registration',
] as const;
export type ConsentSource = (typeof consentSources)[number];

export const patientConsents = pgTable('patient_consents', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: patientId(),
  channel: text('channel').$type<ConsentChannel>().notNull(),
  status: text('status').$type<'granted' | 'revoked'>().notNull(),
  source: text('source').$type<ConsentSource>().notNull(),
  recordedByStaffId: uuid('recorded_by_staff_id').references(() => staffMembers.id),
  note: text('note'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const coveragePriorities = ['primary', 'secondary', 'tertiary'] as const;
export const subscriberRelationships = ['self', 'spouse', 'child', 'other'] as const;

export const patientCoverages = pgTable('patient_coverages', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: patientId(),
  priority: text('priority').$type<(typeof coveragePriorities)[number]>().notNull().default('primary'),
  payerName: text('payer_name').notNull(),
  planName: text('plan_name'),
  memberNumberEncrypted: text('member_number_encrypted').notNull(),
  groupNumber: text('group_number'),
  subscriberRelationship: text('subscriber_relationship')
    .$type<(typeof subscriberRelationships)[number]>()
    .notNull()
    .default('self'),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  ...timestamps,
});

export const patientNoteKinds = ['administrative', 'clinical'] as const;
export type PatientNoteKind = (typeof patientNoteKinds)[number];

export const patientNotes = pgTable('patient_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: patientId(),
  kind: text('kind').$type<PatientNoteKind>().notNull(),
  bodyEncrypted: text('body_encrypted').notNull(),
  authorStaffId: uuid('author_staff_id')
    .notNull()
    .references(() => staffMembers.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const verificationIdentifiers = ['name', 'birth-date', 'phone', 'email', 'address', 'mrn'] as const;
export type VerificationIdentifier = (typeof verificationIdentifiers)[number];
export const verificationMethods = ['phone-call', 'chat', 'in-person', 'video', 'email', 'sms'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

export const identityVerifications = pgTable('identity_verifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: patientId(),
  conversationId: uuid('conversation_id'),
  identifiers: text('identifiers').array().$type<VerificationIdentifier[]>().notNull(),
  method: text('method').$type<VerificationMethod>().notNull(),
  verifiedByStaffId: uuid('verified_by_staff_id')
    .notNull()
    .references(() => staffMembers.id),
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const emergencyAccesses = pgTable('emergency_accesses', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  staffMemberId: uuid('staff_member_id')
    .notNull()
    .references(() => staffMembers.id),
  patientId: patientId(),
  reason: text('reason').notNull(),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  reviewedByStaffId: uuid('reviewed_by_staff_id').references(() => staffMembers.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewNote: text('review_note'),
});

export const patientMerges = pgTable('patient_merges', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  survivingPatientId: uuid('surviving_patient_id')
    .notNull()
    .references(() => patients.id),
  mergedPatientId: uuid('merged_patient_id')
    .notNull()
    .unique()
    .references(() => patients.id),
  mergedByStaffId: uuid('merged_by_staff_id')
    .notNull()
    .references(() => staffMembers.id),
  reason: text('reason').notNull(),
  mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
});
