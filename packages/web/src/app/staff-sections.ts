import type { StaffRoleName } from '@patientdesk/contracts';
import { sectionsFor } from '../admin/admin-sections.ts';
import { arrivalsReaders } from '../desk/arrivals/arrival-roles.ts';
import { inboxWorkers } from '../desk/inbox/inbox-roles.ts';
import { knowledgeReaders } from '../desk/knowledge/knowledge-roles.ts';
import { recordReaders } from '../desk/patient-record/patient-roles.ts';
import { scheduleReaders } from '../desk/schedule/schedule-roles.ts';

/** A part of the staff interface the header links to: its address and the key of its name. */
export interface StaffSection {
  to: string;
  label: string;
}

/**
 * The header's sections for a role, in order. The header shows them in a row on wide screens
 * and in its menu on narrow ones; both read this list, so they never disagree.
 */
export function staffSectionsFor(role: StaffRoleName): StaffSection[] {
  const sections: (StaffSection | false)[] = [
    { to: '/desk', label: 'common.desk' },
    inboxWorkers.includes(role) && { to: '/desk/inbox', label: 'inbox.title' },
    recordReaders.includes(role) && { to: '/desk/patients', label: 'patients.search.title' },
    arrivalsReaders.includes(role) && { to: '/desk/arrivals', label: 'arrivals.title' },
    scheduleReaders.includes(role) && { to: '/desk/schedule', label: 'schedule.home.title' },
    knowledgeReaders.includes(role) && { to: '/desk/knowledge', label: 'knowledge.list.title' },
    sectionsFor(role).length > 0 && { to: '/admin', label: 'common.admin' },
    { to: '/desk/account', label: 'common.myAccount' },
  ];
  return sections.filter((section): section is StaffSection => section !== false);
}
