import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';

/**
 * When each staff member last signed in, from the audit log: sessions are swept once they end,
 * but the sign-in event stays. Walks each person's events newest first (the actor index) and
 * stops at their latest successful sign-in.
 */
export async function lastSignInsOf(
  orm: Orm,
  organizationId: string,
  staffMemberIds: readonly string[],
): Promise<Map<string, Date>> {
  if (staffMemberIds.length === 0) return new Map();
  const staff = sql.join(
    staffMemberIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const result = (await orm.execute(sql`
    select staff.id, latest.occurred_at
    from (values ${staff}) as staff (id)
    cross join lateral (
      select occurred_at from audit_events
      where organization_id = ${organizationId} and actor_id = staff.id
        and action = 'auth.sign-in' and outcome = 'allowed'
      order by occurred_at desc
      limit 1
    ) as latest
  `)) as unknown as { rows: { id: string; occurred_at: Date | string }[] };
  return new Map(result.rows.map((row) => [row.id, new Date(row.occurred_at)]));
}
