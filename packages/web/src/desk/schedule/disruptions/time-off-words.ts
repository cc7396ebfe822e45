import { useTranslation } from 'react-i18next';
import { formatDayAndClock, zoneName } from '../../../portal/appointments/visit-time.ts';

/** "Tue, Mar 4, 8:00 AM – Tue, Mar 4, 1:00 PM (Eastern Time)": a time off on its location's (or the clinic's) clock. */
export function useTimeOffWhen(): (startsAt: string, endsAt: string, timeZone: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (startsAt, endsAt, timeZone) =>
    `${formatDayAndClock(language, startsAt, timeZone)} – ${formatDayAndClock(language, endsAt, timeZone)} (${zoneName(language, timeZone)})`;
}
