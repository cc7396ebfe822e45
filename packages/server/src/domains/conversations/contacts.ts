import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js';
import type { Orm } from '../../db/connection.ts';
import { Invalid } from '../../errors.ts';
import { patients, proxies } from '../patients/schema.ts';
import { phoneDigitVariants } from '../patients/search.ts';
import { type ContactKind, type ConversationChannel, contactAddresses, contacts } from './schema.ts';

/**
 * Whoever writes in becomes a contact, found again by their address on the channel: a phone in
 * E.164 form, a lower-case email address, the hash of a web-chat visitor's token, or the portal
 * account. A new contact whose phone or email belongs to exactly one patient (or one proxy) of
 * the clinic is linked to them; anyone else is a member of the public, whom an agent can link
 * after verifying their identity. A link is not a verification: the record stays hidden in the
 * conversation until an agent has checked two identifiers.
 */

export type ContactRow = typeof contacts.$inferSelect;
export type ContactAddressRow = typeof contactAddresses.$inferSelect;

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A phone number as E.164 (`+15551234567`), read in the clinic's country when it has no `+`. */
export function normalizePhone(raw: string, country = 'US'): string {
  try {
    const phone = parsePhoneNumberWithError(raw.trim(), country as CountryCode);
    if (phone.isPossible()) return phone.number;
  } catch {
    // Reported below with the value.
  }
  throw new Invalid(`"${raw}" is not a phone number; write it with its area code, such as +1 555 010 2030.`, [
    { field: 'phone', message: 'is not a phone number' },
  ]);
}

export function normalizeEmail(raw: string): string {
  const address = raw.trim().toLowerCase();
  if (!emailPattern.test(address) || address.length > 320)
    throw new Invalid(`"${raw}" is not an email address.`, [
      { field: 'email', message: 'is not an email address' },
    ]);
  return address;
}

/** Who a portal account is, as a contact address. */
export function portalAddress(subject: { type: 'patient' | 'proxy'; id: string }): string {
  return `${subject.type}:${subject.id}`;
}

interface Match {
  kind: ContactKind;
  patientId: string | null;
  proxyId: string | null;
  displayName: string | null;
  language: string | null;
}

const nobody: Match = { kind: 'public', patientId: null, proxyId: null, displayName: null, language: null };

/** The one patient or proxy this phone or email belongs to, if exactly one. */
async function matchRecord(orm: Orm, channel: ConversationChannel, address: string): Promise<Match> {
  if (channel === 'sms') {
    const variants = phoneDigitVariants(address);
    const matches = await orm
      .select({ id: patients.id, language: patients.preferredLanguage })
      .from(patients)
      .where(and(inArray(patients.phoneDigits, variants), isNull(patients.mergedIntoId)))
      .limit(2);
    if (matches.length === 1)
      return { ...nobody, kind: 'patient', patientId: matches[0]!.id, language: matches[0]!.language };
    if (matches.length > 1) return nobody;
    const proxyMatches = await orm
      .select({ id: proxies.id, language: proxies.preferredLanguage })
      .from(proxies)
      .where(inArray(sql`regexp_replace(coalesce(${proxies.phone}, ''), '\\D', '', 'g')`, variants))
      .limit(2);
    if (proxyMatches.length === 1)
      return { ...nobody, kind: 'proxy', proxyId: proxyMatches[0]!.id, language: proxyMatches[0]!.language };
    return nobody;
  }
  if (channel === 'email') {
    const found = (await orm.execute(
      sql`select patient_id from search_patients_by_email(${address}, false, 2)`,
    )) as unknown as { rows: { patient_id: string }[] };
    const ids = found.rows.map((row) => row.patient_id);
    if (ids.length === 1) {
      const [patient] = await orm
        .select({ language: patients.preferredLanguage })
        .from(patients)
        .where(eq(patients.id, ids[0]!));
      return { ...nobody, kind: 'patient', patientId: ids[0]!, language: patient?.language ?? null };
    }
    if (ids.length > 1) return nobody;
    const proxyMatches = await orm
      .select({ id: proxies.id, language: proxies.preferredLanguage })
      .from(proxies)
      .where(sql`lower(${proxies.email}) = ${address}`)
      .limit(2);
    if (proxyMatches.length === 1)
      return { ...nobody, kind: 'proxy', proxyId: proxyMatches[0]!.id, language: proxyMatches[0]!.language };
  }
  return nobody;
}

export interface ContactLookup {
  organizationId: string;
  channel: ConversationChannel;
  /** Already normalised (see normalizePhone, normalizeEmail, portalAddress). */
  address: string;
  displayName?: string | null;
  language?: string | null;
  /** For the portal and a signed-in widget: who the account is, known for certain. */
  knownAs?: { patientId: string } | { proxyId: string };
}

/** Finds the contact writing from this address, or makes one (linked to a record when it is clear whose it is). */
export async function resolveContact(
  orm: Orm,
  lookup: ContactLookup,
): Promise<{ contact: ContactRow; address: ContactAddressRow; created: boolean }> {
  const existing = await findContactByAddress(orm, lookup.channel, lookup.address);
  if (existing) {
    if (lookup.displayName && !existing.contact.displayName) {
      const [updated] = await orm
        .update(contacts)
        .set({ displayName: lookup.displayName, updatedAt: new Date() })
        .where(eq(contacts.id, existing.contact.id))
        .returning();
      return { contact: updated!, address: existing.address, created: false };
    }
    return { ...existing, created: false };
  }
  const match: Match = lookup.knownAs
    ? 'patientId' in lookup.knownAs
      ? { ...nobody, kind: 'patient', patientId: lookup.knownAs.patientId }
      : { ...nobody, kind: 'proxy', proxyId: lookup.knownAs.proxyId }
    : await matchRecord(orm, lookup.channel, lookup.address);
  const [contact] = await orm
    .insert(contacts)
    .values({
      organizationId: lookup.organizationId,
      kind: match.kind,
      patientId: match.patientId,
      proxyId: match.proxyId,
      displayName: lookup.displayName ?? null,
      language: lookup.language ?? match.language ?? 'en',
    })
    .returning();
  const [address] = await orm
    .insert(contactAddresses)
    .values({
      organizationId: lookup.organizationId,
      contactId: contact!.id,
      channel: lookup.channel,
      address: lookup.address,
    })
    .onConflictDoNothing()
    .returning();
  if (address) return { contact: contact!, address, created: true };
  // Another request made this contact a moment ago: use theirs.
  await orm.delete(contacts).where(eq(contacts.id, contact!.id));
  const raced = await findContactByAddress(orm, lookup.channel, lookup.address);
  if (!raced) throw new Error('A contact address vanished while it was being created.');
  return { ...raced, created: false };
}

export async function findContactByAddress(
  orm: Orm,
  channel: ConversationChannel,
  address: string,
): Promise<{ contact: ContactRow; address: ContactAddressRow } | undefined> {
  const [row] = await orm
    .select({ contact: contacts, address: contactAddresses })
    .from(contactAddresses)
    .innerJoin(contacts, eq(contacts.id, contactAddresses.contactId))
    .where(and(eq(contactAddresses.channel, channel), eq(contactAddresses.address, address)))
    .limit(1);
  return row;
}

/** Records an opt-out (SMS STOP) or opt-in (START) for one address. */
export async function setOptedOut(orm: Orm, addressId: string, optedOut: boolean): Promise<void> {
  await orm
    .update(contactAddresses)
    .set({ optedOutAt: optedOut ? new Date() : null })
    .where(eq(contactAddresses.id, addressId));
}

/** Which of these SMS numbers (E.164) texted STOP and have not texted START since. */
export async function optedOutNumbers(orm: Orm, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await orm
    .select({ address: contactAddresses.address })
    .from(contactAddresses)
    .where(
      and(
        eq(contactAddresses.channel, 'sms'),
        inArray(contactAddresses.address, [...new Set(numbers)]),
        isNotNull(contactAddresses.optedOutAt),
      ),
    );
  return new Set(rows.map((row) => row.address));
}
