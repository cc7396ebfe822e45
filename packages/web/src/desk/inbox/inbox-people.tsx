import type { InboxColleague, InboxPeople } from '@patientdesk/contracts';
import { createContext, type ReactNode, useContext } from 'react';
import { useApiData } from '../../api/use-api-data.ts';

const noPeople: InboxPeople = { teams: [], staff: [] };
const InboxPeopleContext = createContext<InboxPeople>(noPeople);

/** Loads the teams and colleagues once for the inbox (assigning, mentions, names in the timeline). */
export function InboxPeopleProvider({ children }: { children: ReactNode }) {
  const { data } = useApiData<InboxPeople>('/api/inbox/people');
  return <InboxPeopleContext.Provider value={data ?? noPeople}>{children}</InboxPeopleContext.Provider>;
}

export const useInboxPeople = () => useContext(InboxPeopleContext);

/** A colleague by id (for events that carry only ids). */
export function colleagueById(people: InboxPeople, id: unknown): InboxColleague | undefined {
  return typeof id === 'string' ? people.staff.find((member) => member.id === id) : undefined;
}
