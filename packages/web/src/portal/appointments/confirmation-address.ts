import type { PortalProfile } from '@patientdesk/contracts';

/**
 * Where the clinic sends a patient's confirmation: their preferred channel's primary address
 * (an email address, or a mobile number for texts), else their first email, else a mobile.
 */
export function confirmationAddress(profile: PortalProfile): string | undefined {
  const points = [...profile.contactPoints].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  const email = points.find((point) => point.kind === 'email');
  const mobile = points.find((point) => point.kind === 'phone' && point.label === 'mobile');
  const preferred = profile.preferences.preferredChannel;
  if (preferred === 'sms') return (mobile ?? email)?.value;
  return (email ?? mobile)?.value;
}
