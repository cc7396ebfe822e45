import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** A visit's time of day, in the clinic's time zone (the kiosk stands there), in the kiosk's language. */
export function useVisitTime(timeZone: string): (instant: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone });
    return (instant: string) => format.format(new Date(instant));
  }, [language, timeZone]);
}
