import { boolean, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations, timestamps } from '../organizations/schema.ts';
import type { PatientSex } from '../patients/schema.ts';

export const providers = pgTable('providers', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  prefix: text('prefix'),
  credentials: text('credentials'),
  sex: text('sex').$type<PatientSex>().notNull().default('unknown'),
  npi: text('npi'),
  specialty: text('specialty'),
  languages: text('languages').array().notNull().default(['en']),
  email: text('email'),
  phone: text('phone'),
  acceptingNewPatients: boolean('accepting_new_patients').notNull().default(true),
  offersTelehealth: boolean('offers_telehealth').notNull().default(false),
  bio: text('bio').notNull().default(''),
  externalId: text('external_id'),
  ...timestamps,
});

export const providerLocations = pgTable(
  'provider_locations',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.locationId] })],
);
