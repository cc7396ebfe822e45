import type { WaitlistEntry } from '@patientdesk/contracts';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** How waitlist entries read: weekday names, wall-clock hours, what is waited for. All the formatting is Intl's. */

/** ISO weekdays, Monday first (1 = Monday ... 7 = Sunday). */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

// 2024-01-01 was a Monday: the reference week for weekday names, read in UTC.
const referenceDay = (isoWeekday: number) => new Date(Date.UTC(2024, 0, isoWeekday, 12));

export interface WaitlistWords {
  /** "Monday" / "lunes". */
  weekday(isoWeekday: number): string;
  /** "Mon, Tue, Fri", or "Every day". */
  weekdays(days: readonly number[]): string;
  /** "8:00 AM" for a wall-clock time like 08:00. */
  clock(time: string): string;
}

export function useWaitlistWords(): WaitlistWords {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const long = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    const short = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
    const clock = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
    return {
      weekday: (day) => long.format(referenceDay(day)),
      weekdays: (days) =>
        days.length === 7
          ? t('waitlist.entry.everyDay')
          : [...days]
              .sort((a, b) => a - b)
              .map((day) => short.format(referenceDay(day)))
              .join(', '),
      clock: (time) => {
        const [hours, minutes] = time.split(':').map(Number);
        return clock.format(new Date(Date.UTC(2024, 0, 1, hours!, minutes!)));
      },
    };
  }, [language, t]);
}

/** "Follow-up visit with Dr. Ana Ruiz, MD" / "... with any Family medicine provider". */
export function whatIsWaitedFor(t: TFunction, entry: WaitlistEntry): string {
  return entry.provider
    ? t('waitlist.entry.withProvider', { kind: entry.appointmentType.name, name: entry.provider.displayName })
    : t('waitlist.entry.anyOf', { kind: entry.appointmentType.name, specialty: entry.specialty ?? '' });
}
