import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as assistant from '../domains/assistant/schema.ts';
import * as audit from '../domains/audit/schema.ts';
import * as conversations from '../domains/conversations/schema.ts';
import * as identity from '../domains/identity/schema.ts';
import * as knowledge from '../domains/knowledge/schema.ts';
import * as organizations from '../domains/organizations/schema.ts';
import * as outbox from '../domains/outbox/schema.ts';
import * as patients from '../domains/patients/schema.ts';
import * as disruptions from '../domains/scheduling/disruptions/schema.ts';
import * as scheduling from '../domains/scheduling/schema.ts';
import * as staff from '../domains/staff/schema.ts';
import * as triage from '../domains/triage/schema.ts';
import * as security from '../security/schema.ts';

/** Every table any domain declares to Drizzle; add a domain's schema module here when it has one. */
export const allTables: PgTable[] = [
  organizations,
  staff,
  identity,
  patients,
  scheduling,
  disruptions,
  audit,
  outbox,
  conversations,
  knowledge,
  triage,
  assistant,
  security,
].flatMap((module) => Object.values(module).filter((value): value is PgTable => is(value, PgTable)));
