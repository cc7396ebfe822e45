import type { Database } from '../../../db/connection.ts';

/**
 * Many due reminders at once, for the dispatch tests and the `reminders` bench (not a test file
 * itself). Built with SQL from generate_series, not through booking: each reminder belongs to
 * its own booked appointment of its own patient, whose phone number and email address no one
 * else has, so "one outbox message per recipient" is "one message per reminder". Every other
 * patient prefers email, every fifth speaks Spanish.
 */
export interface DueRemindersInput {
  organizationId: string;
  locationId: string;
  providerIds: readonly string[];
  appointmentTypeId: string;
  /** The first visit's start; each provider's visits follow every `slotMinutes`. */
  firstStart: Date;
  slotMinutes?: number;
  count: number;
  /** The latest due time; with `dueWithinMinutes`, the reminders are spread over the minutes before it. */
  dueAt: Date;
  dueWithinMinutes?: number;
  /** Tells these patients apart from others (MRN prefix, phone block): one letter or digit. */
  label: string;
  rowsPerStatement?: number;
  onProgress?: (made: number) => void;
}

export async function insertDueReminders(database: Database, input: DueRemindersInput): Promise<void> {
  const slot = input.slotMinutes ?? 20;
  const step = input.rowsPerStatement ?? 10_000;
  const providers = `array[${input.providerIds.map((id) => `'${id}'::uuid`).join(',')}]`;
  const phoneBlock = 2_012_000_000 + (input.label.charCodeAt(0) % 50) * 1_000_000;
  for (let from = 1; from <= input.count; from += step) {
    const to = Math.min(from + step - 1, input.count);
    await database.transaction((session) =>
      session.exec(`
        insert into patients (organization_id, mrn, given_name, family_name, birth_date, phone, email,
          preferred_channel, preferred_language)
        select '${input.organizationId}', 'R${input.label}-' || g, 'Pat' || g, 'Reminded', date '1980-01-01',
          '+1' || (${phoneBlock} + g)::text, 'pat${input.label}' || g || '@reminded.example',
          case when g % 2 = 0 then 'email' else 'sms' end,
          case when g % 5 = 0 then 'es' else 'en' end
        from generate_series(${from}, ${to}) as g;

        insert into appointments (organization_id, patient_id, provider_id, location_id, appointment_type_id,
          status, mode, starts_at, ends_at, blocked, check_in_code, booked_by_type, booked_at)
        select '${input.organizationId}', p.id, v.provider_id, '${input.locationId}', '${input.appointmentTypeId}',
          'booked', 'in-person', v.starts_at, v.starts_at + interval '15 minutes',
          tstzrange(v.starts_at, v.starts_at + interval '15 minutes'),
          'R' || lpad(g::text, 6, '0'), 'staff', now()
        from generate_series(${from}, ${to}) as g
        join patients p on p.organization_id = '${input.organizationId}' and p.mrn = 'R${input.label}-' || g
        cross join lateral (
          select (${providers})[1 + (g - 1) % ${input.providerIds.length}] as provider_id,
            timestamptz '${input.firstStart.toISOString()}'
              + ((g - 1) / ${input.providerIds.length}) * interval '${slot} minutes' as starts_at
        ) as v;

        insert into appointment_reminders (organization_id, appointment_id, offset_minutes, send_at)
        select a.organization_id, a.id, 120,
          timestamptz '${input.dueAt.toISOString()}' - ((g - 1) % ${input.dueWithinMinutes ?? 1}) * interval '1 minute'
        from generate_series(${from}, ${to}) as g
        join patients p on p.organization_id = '${input.organizationId}' and p.mrn = 'R${input.label}-' || g
        join appointments a on a.patient_id = p.id;
      `),
    );
    input.onProgress?.(to);
  }
}

/** How the due reminders of these patients came out: per reminder, the outbox messages sent to its patient. */
export async function reminderDeliveries(
  database: Database,
  organizationId: string,
  label: string,
): Promise<{ reminders: number; sent: number; missing: number; duplicated: number; messages: number }> {
  // Counted here rather than in one SQL join: the embedded database keeps no statistics, and
  // its plan for joining 100,000 recipients by text is slow.
  const reminded = await database.query<{ status: string; phone: string; email: string }>(
    `select r.status, p.phone, p.email
     from appointment_reminders r
     join appointments a on a.id = r.appointment_id
     join patients p on p.id = a.patient_id
     where p.organization_id = $1 and p.mrn like $2`,
    [organizationId, `R${label}-%`],
  );
  const outbox = await database.query<{ recipient: string }>(
    `select recipient from outbox_messages where organization_id = $1 and purpose = 'appointment-reminder'`,
    [organizationId],
  );
  const messagesTo = new Map<string, number>();
  for (const { recipient } of outbox.rows) messagesTo.set(recipient, (messagesTo.get(recipient) ?? 0) + 1);
  const result = { reminders: 0, sent: 0, missing: 0, duplicated: 0, messages: 0 };
  for (const reminder of reminded.rows) {
    const messages = (messagesTo.get(reminder.phone) ?? 0) + (messagesTo.get(reminder.email) ?? 0);
    result.reminders += 1;
    if (reminder.status === 'sent') result.sent += 1;
    if (messages === 0) result.missing += 1;
    if (messages > 1) result.duplicated += 1;
    result.messages += messages;
  }
  return result;
}
