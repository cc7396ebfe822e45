import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per encryption key that has encrypted data here, with a known value under it. */
export const encryptionKeyChecks = pgTable('encryption_key_checks', {
  keyId: text('key_id').primaryKey(),
  checkValue: text('check_value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
