import type { StaffRoleName } from '@patientdesk/contracts';
import { inboxWorkers } from '../inbox/inbox-roles.ts';

/*
 * Which staff roles use the knowledge base pages. The server's policy (knowledge.read and
 * knowledge.manage) decides every access; these only keep the interface from offering what it
 * would refuse.
 */

/** Roles that read help articles, internal ones too: everyone who answers patients, and admins. */
export const knowledgeReaders: readonly StaffRoleName[] = [...inboxWorkers, 'admin'];

/** Roles that write, publish, unpublish and archive articles. */
export const knowledgeEditors: readonly StaffRoleName[] = ['supervisor', 'admin'];
