import type { SchedulingDirectory } from '@patientdesk/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';

/** What can be booked at the person's clinic, with the kinds of visit named in the interface's language. */
export function useDirectory() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'es' ? 'es' : 'en';
  return useApiData<SchedulingDirectory>(`/api/scheduling/directory?language=${language}`);
}

/** Names of languages ("Spanish", "español") and insurance payers, in the interface's language. */
export function useDirectoryNames(directory: SchedulingDirectory | undefined) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const languages = new Intl.DisplayNames([language], { type: 'language', fallback: 'code' });
    const payers = new Map(directory?.insurance.map((payer) => [payer.key, payer.name]));
    const locations = new Map(directory?.locations.map((location) => [location.id, location]));
    const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
    return {
      language: (code: string) => capitalised(languages.of(code) ?? code),
      payer: (key: string) => payers.get(key) ?? key,
      location: (id: string) => locations.get(id),
    };
  }, [directory, language]);
}
