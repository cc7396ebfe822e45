import type { OrganizationOverview } from '@patientdesk/contracts';
import { useState } from 'react';
import { useApiData } from '../../api/use-api-data.ts';

const storageKey = 'patientdesk.arrivals.location';

/**
 * The clinic's locations and the one this desk works at: remembered on this computer (a front
 * desk stays at its location), the first one until chosen.
 */
export function useLocationChoice() {
  const { data, error } = useApiData<OrganizationOverview>('/api/organization');
  const [chosen, setChosen] = useState(() => globalThis.localStorage?.getItem(storageKey) ?? '');
  const locations = data?.locations ?? [];
  const locationId = locations.some((location) => location.id === chosen) ? chosen : locations[0]?.id;
  return {
    locations,
    locationId,
    error,
    loaded: data !== undefined,
    choose(id: string) {
      globalThis.localStorage?.setItem(storageKey, id);
      setChosen(id);
    },
  };
}
