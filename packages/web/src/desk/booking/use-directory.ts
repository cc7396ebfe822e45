import type { SchedulingDirectory } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { type ApiData, useApiData } from '../../api/use-api-data.ts';

/**
 * The clinic's kinds of visit, providers, locations, languages and insurance, in the interface's
 * language. Signed-in staff get the visits only staff book too.
 */
export function useSchedulingDirectory(): ApiData<SchedulingDirectory> {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'es' ? 'es' : 'en';
  return useApiData<SchedulingDirectory>(`/api/scheduling/directory?language=${language}`);
}

/** Where a free time or a visit is: the location's name and zone. */
export function locationIn(directory: SchedulingDirectory, locationId: string) {
  return directory.locations.find((location) => location.id === locationId);
}
