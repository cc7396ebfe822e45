import { sql } from 'drizzle-orm';
import type { Database, Orm } from './connection.ts';

/**
 * Runs `work` in one transaction as the role `patientdesk_tenant` with the organisation set, so
 * row-level security (migration 0009) admits that organisation's rows only. Every request made
 * on behalf of a person runs its queries here; code inside must use the `orm` it is given, never
 * `database.orm` (on the embedded database that would wait for this very transaction).
 */
export async function inTenant<T>(
  database: Database,
  organizationId: string,
  work: (orm: Orm) => Promise<T>,
): Promise<T> {
  return database.orm.transaction(async (transaction) => {
    await transaction.execute(
      sql`select set_config('role', 'patientdesk_tenant', true), set_config('patientdesk.organization_id', ${organizationId}, true)`,
    );
    return work(transaction as unknown as Orm);
  });
}
