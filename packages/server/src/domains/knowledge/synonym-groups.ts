import { type KbSynonymGroup, type NewKbSynonymGroup, newKbSynonymGroupSchema } from '@patientdesk/contracts';
import { asc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { knowledgeSynonyms } from './schema.ts';
import { forgetSynonymGroups } from './search.ts';
import { builtInSynonyms } from './synonyms.ts';
import { validInput } from './valid-input.ts';

/** The synonyms an organisation adds to the built-in list (search reads both). */

const describe = (row: typeof knowledgeSynonyms.$inferSelect): KbSynonymGroup => ({
  id: row.id,
  terms: row.terms,
  createdAt: row.createdAt.toISOString(),
});

export async function listSynonymGroups(orm: Orm) {
  const rows = await orm.select().from(knowledgeSynonyms).orderBy(asc(knowledgeSynonyms.createdAt));
  return { items: rows.map(describe), builtIn: builtInSynonyms.map((group) => [...group]) };
}

export async function addSynonymGroup(
  orm: Orm,
  organizationId: string,
  input: NewKbSynonymGroup,
  by: string | null,
): Promise<KbSynonymGroup> {
  const terms = [...new Set(validInput(newKbSynonymGroupSchema, input).terms)];
  if (terms.length < 2)
    throw new Invalid('A synonym group needs at least 2 different words.', [
      { field: 'body.terms', message: 'needs at least 2 different words' },
    ]);
  const [row] = await orm
    .insert(knowledgeSynonyms)
    .values({ organizationId, terms, createdBy: by })
    .returning();
  forgetSynonymGroups(organizationId);
  return describe(row!);
}

export async function deleteSynonymGroup(orm: Orm, organizationId: string, id: string): Promise<void> {
  forgetSynonymGroups(organizationId);
  const deleted = await orm
    .delete(knowledgeSynonyms)
    .where(eq(knowledgeSynonyms.id, id))
    .returning({ id: knowledgeSynonyms.id });
  if (deleted.length === 0) throw new NotFound('There is no such synonym group in this organisation.');
}
