import type { PortalProfile } from '@patientdesk/contracts';

/**
 * Where the clinic sends a patient's booking confirmation, read from their profile the way the
 * server's notices choose it: the preferred channel first (email for those who prefer email, a
 * text for everyone else), then the other one; each needs the record's primary phone or email
 * and no refusal of that channel. (A number that texted STOP is not in the profile; the server
 * then falls back to email just the same.) Undefined: the clinic has no way to send one.
 */
export function confirmationAddress(profile: PortalProfile): string | undefined {
  const primary = (kind: 'phone' | 'email') =>
    profile.contactPoints.find((point) => point.kind === kind && point.isPrimary)?.value;
  const refused = (channel: 'sms' | 'email') =>
    profile.consents.some((consent) => consent.channel === channel && consent.status === 'revoked');
  const order: ('sms' | 'email')[] =
    profile.preferences.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  for (const channel of order) {
    const address = primary(channel === 'sms' ? 'phone' : 'email');
    if (address && !refused(channel)) return address;
  }
  return undefined;
}
