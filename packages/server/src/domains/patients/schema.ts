import { date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, postalAddress, timestamps } from '../organizations/schema.ts';

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
