import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../organizations/schema.ts';
import { appointments, scheduleExceptions } from '../schema.ts';

/** How each patient whose appointment a provider's time off cancelled was told (migration 0019). */
export const disruptionNotices = pgTable('disruption_notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  exceptionId: uuid('exception_id')
    .notNull()
    .references(() => scheduleExceptions.id, { onDelete: 'cascade' }),
  appointmentId: uuid('appointment_id')
    .notNull()
    .unique()
    .references(() => appointments.id, { onDelete: 'cascade' }),
  channel: text('channel').$type<'sms' | 'email'>(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  skipReason: text('skip_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
