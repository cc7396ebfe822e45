import type { Orm } from '../../../db/connection.ts';
import { Invalid } from '../../../errors.ts';
import { normalizePhone, optedOutNumbers } from '../../conversations/contacts.ts';
import { consentsInForce } from '../../patients/consents.ts';
import type { NoticePatient } from './appointment-facts.ts';

/**
 * Which way a patient may be sent a notice about their appointments: their preferred channel
 * first, the other one next, each only when the patient has an address for it and has not
 * refused it. Refusal is the consent in force for the channel being `revoked` (recorded by staff,
 * in the portal, or by texting STOP) or, for SMS, the number having texted STOP. A channel with
 * no consent recorded is used: the patient gave the clinic that number or address, and these
 * messages are about their own care, never marketing (TCPA's exemption for health care
 * messages); one word from the patient ends it.
 */

export type NoticeChannel = 'sms' | 'email';

export interface Reach {
  channel: NoticeChannel;
  /** E.164 for SMS, the email address for email. */
  address: string;
}

/** What was found about one patient: the ways in order, and why the others were left out. */
export interface PatientReach {
  ways: Reach[];
  /** Why a channel was not usable, when none is (for a skipped reminder's reason). */
  refusals: string[];
}

/** The refusal of a channel the patient has no (usable) address for. */
export const noAddress = (channel: NoticeChannel) =>
  `no ${channel === 'sms' ? 'mobile number' : 'email address'}`;

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function phoneOf(patient: NoticePatient, country: string): string | null {
  if (!patient.phone) return null;
  try {
    return normalizePhone(patient.phone, country);
  } catch (error) {
    if (error instanceof Invalid) return null;
    throw error;
  }
}

/** The preferred channel first: email for those who prefer email, SMS for everyone else. */
function channelOrder(patient: NoticePatient): NoticeChannel[] {
  return patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
}

/** How each patient may be reached, for many patients of one organisation in three queries. */
export async function reachOf(
  orm: Orm,
  patients: readonly NoticePatient[],
  country: string,
): Promise<Map<string, PatientReach>> {
  const phones = new Map(patients.map((patient) => [patient.id, phoneOf(patient, country)]));
  const consents = await consentsInForce(
    orm,
    patients.map((patient) => patient.id),
  );
  const optedOut = await optedOutNumbers(
    orm,
    [...phones.values()].filter((phone): phone is string => phone !== null),
  );
  const reach = new Map<string, PatientReach>();
  for (const patient of patients) {
    const ways: Reach[] = [];
    const refusals: string[] = [];
    for (const channel of channelOrder(patient)) {
      const address =
        channel === 'sms'
          ? phones.get(patient.id)
          : patient.email && emailPattern.test(patient.email.trim())
            ? patient.email.trim()
            : null;
      if (!address) refusals.push(noAddress(channel));
      else if (consents.get(patient.id)?.get(channel) === 'revoked')
        refusals.push(`${channel === 'sms' ? 'SMS' : 'email'} consent revoked`);
      else if (channel === 'sms' && optedOut.has(address)) refusals.push('the number texted STOP');
      else ways.push({ channel, address });
    }
    reach.set(patient.id, { ways, refusals });
  }
  return reach;
}
