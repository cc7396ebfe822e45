import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Formats instants from the API for people, in the interface's language and the browser's time
 * zone (where the person reading is), with the zone named: an audit trail read from another
 * office, or a screenshot sent to someone, must not be ambiguous about the hour.
 */
export function useDateTimeFormat(): (instant: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    return (instant: string) => format.format(new Date(instant));
  }, [language]);
}
