import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BusinessHours } from '../routing/business-hours.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

const postalAddress = {
  addressLine: text('address_line'),
  city: text('city'),
  region: text('region'),
  postalCode: text('postal_code'),
  country: text('country'),
};

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  country: text('country').notNull().default('US'),
  defaultLanguage: text('default_language').notNull().default('en'),
  requireStaffMfa: boolean('require_staff_mfa').notNull().default(true),
  proxyAdolescentAge: integer('proxy_adolescent_age').notNull().default(12),
  proxyAdultAge: integer('proxy_adult_age').notNull().default(18),
  conversationReopenHours: integer('conversation_reopen_hours').notNull().default(168),
  ...timestamps,
});

export const locations = pgTable('locations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  name: text('name').notNull(),
  ...postalAddress,
  phone: text('phone'),
  timeZone: text('time_zone').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  externalId: text('external_id'),
  businessHours: jsonb('business_hours').$type<BusinessHours['weekly']>(),
  closedDates: date('closed_dates').array().notNull().default([]),
  ...timestamps,
});

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  channels: text('channels').array().notNull().default([]),
  intents: text('intents').array().notNull().default([]),
  autoAssign: boolean('auto_assign').notNull().default(false),
  isDefault: boolean('is_default').notNull().default(false),
  ...timestamps,
});

export const partnerOrganizations = pgTable('partner_organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  name: text('name').notNull(),
  kind: text('kind'),
  phone: text('phone'),
  ...postalAddress,
  externalId: text('external_id').notNull(),
  ...timestamps,
});

export { postalAddress, timestamps };
