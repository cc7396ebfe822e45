import { Invalid } from '../../errors.ts';

/**
 * A portal user's contact as sessions and codes key it: `email:<lower-case address>` or
 * `phone:<digits>` (a US number without its leading 1).
 */
export interface PortalContact {
  key: string;
  kind: 'email' | 'phone';
  /** The email address, or the phone number's digits. */
  value: string;
}

export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** Reads what a person typed as their email or mobile number. */
export function parsePortalContact(input: string): PortalContact {
  const trimmed = input.trim();
  if (trimmed.includes('@')) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed))
      throw new Invalid('Enter an email address such as name@example.com.', [
        { field: 'body.contact', message: 'not an email address' },
      ]);
    const value = trimmed.toLowerCase();
    return { key: `email:${value}`, kind: 'email', value };
  }
  const value = phoneDigits(trimmed);
  if (value.length < 7 || value.length > 15 || /[a-z]/i.test(trimmed))
    throw new Invalid('Enter your email address or mobile number.', [
      { field: 'body.contact', message: 'neither an email address nor a phone number' },
    ]);
  return { key: `phone:${value}`, kind: 'phone', value };
}

export function contactFromKey(key: string): PortalContact {
  const [kind, value] = key.split(/:(.*)/s) as ['email' | 'phone', string];
  return { key, kind, value };
}
