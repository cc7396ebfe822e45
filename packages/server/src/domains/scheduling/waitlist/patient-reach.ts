import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { Invalid } from '../../../errors.ts';
import { normalizePhone } from '../../conversations/contacts.ts';
import { organizations } from '../../organizations/schema.ts';
import { patients, proxies, proxyAuthorizations } from '../../patients/schema.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { type NoticeChannel, type Reach, reachOf } from '../notices/patient-reach.ts';
import {
  clinicAddresses,
  type NoticeContent,
  type NoticeOutcome,
  sendNotice,
} from '../notices/send-notice.ts';
import { type NoticeLanguage, noticeLanguage } from '../notices/visit-words.ts';

/**
 * Who hears about the waitlist and a provider's time off, and how: the notices module's ways
 * (preferred channel first, consent and SMS opt-outs respected), in the person's language. The
 * texts name no provider's specialty, reason or health detail; details wait behind the link.
 */

export type { NoticeLanguage };

export interface Audience {
  /** The ways to try, in order; none when nobody can be reached. */
  ways: Reach[];
  language: NoticeLanguage;
  /** Why nobody can be reached (no address, consent revoked, STOP), when that is so. */
  refusals: string[];
}

/** How a patient may be reached, by the notices module's rules. */
export async function patientAudience(orm: Orm, patientId: string): Promise<Audience> {
  const [row] = await orm
    .select({ patient: patients, country: organizations.country })
    .from(patients)
    .innerJoin(organizations, eq(organizations.id, patients.organizationId))
    .where(eq(patients.id, patientId));
  if (!row) return { ways: [], language: 'en', refusals: ['no such patient'] };
  const reach = (await reachOf(orm, [row.patient], row.country)).get(patientId)!;
  return {
    ways: reach.ways,
    language: noticeLanguage(row.patient.preferredLanguage),
    refusals: reach.refusals,
  };
}

function phoneOrNull(raw: string | null, country: string): string | null {
  if (!raw) return null;
  try {
    return normalizePhone(raw, country);
  } catch (error) {
    if (error instanceof Invalid) return null;
    throw error;
  }
}

/**
 * A proxy who still acts for the patient with the scheduling scope (a parent who put a child on
 * the waitlist hears about the offers); null when the authorisation is gone or has no address.
 */
export async function proxyAudience(orm: Orm, proxyId: string, patientId: string): Promise<Audience | null> {
  const [grant] = await orm
    .select({
      scopes: proxyAuthorizations.scopes,
      expiresAt: proxyAuthorizations.expiresAt,
      proxy: proxies,
      country: organizations.country,
    })
    .from(proxyAuthorizations)
    .innerJoin(proxies, eq(proxies.id, proxyAuthorizations.proxyId))
    .innerJoin(organizations, eq(organizations.id, proxies.organizationId))
    .where(and(eq(proxyAuthorizations.proxyId, proxyId), eq(proxyAuthorizations.patientId, patientId)));
  if (!grant?.scopes.includes('scheduling')) return null;
  if (grant.expiresAt && grant.expiresAt.getTime() <= Date.now()) return null;
  const ways: Reach[] = [];
  const phone = phoneOrNull(grant.proxy.phone, grant.country);
  if (phone) ways.push({ channel: 'sms', address: phone });
  if (grant.proxy.email) ways.push({ channel: 'email', address: grant.proxy.email.trim() });
  if (ways.length === 0) return null;
  return { ways, language: noticeLanguage(grant.proxy.preferredLanguage), refusals: [] };
}

/** Sends a message the first way that works, from the clinic's own number or address. */
export async function sendToAudience(
  orm: Orm,
  deps: SchedulingDependencies,
  input: {
    organizationId: string;
    audience: Audience;
    purpose: string;
    compose: (channel: NoticeChannel) => NoticeContent;
  },
): Promise<NoticeOutcome> {
  if (input.audience.ways.length === 0)
    return { failed: input.audience.refusals.join('; ') || 'no way to reach them' };
  return sendNotice(orm, deps.channels, {
    organizationId: input.organizationId,
    ways: input.audience.ways,
    from: await clinicAddresses(orm, input.organizationId, deps.publicUrl),
    purpose: input.purpose,
    compose: input.compose,
  });
}

const locales: Record<NoticeLanguage, string> = { en: 'en-US', es: 'es-US' };

/** "Tue, Mar 4, 9:30 AM" / "mar 4 mar, 9:30", on the location's clock. */
export function shortWhen(instant: Date, zone: string, language: NoticeLanguage): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locales[language]);
  return language === 'es' ? local.toFormat('ccc d LLL, H:mm') : local.toFormat('ccc, LLL d, h:mm a');
}

/** "Tuesday, March 4, 2026, 9:30 AM EST", on the location's clock. */
export function longWhen(instant: Date, zone: string, language: NoticeLanguage): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locales[language]);
  return language === 'es'
    ? local.toFormat("cccc, d 'de' LLLL 'de' yyyy, H:mm '('ZZZZ')'")
    : local.toFormat('cccc, LLLL d, yyyy, h:mm a ZZZZ');
}
