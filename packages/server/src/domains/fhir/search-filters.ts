import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  type Clause,
  clausesOf,
  type DateValue,
  isUuid,
  type ParsedSearch,
  type SearchValue,
  type StringValue,
} from './search-params.ts';

/**
 * Search clauses as SQL conditions: alternatives of one use are OR, the uses of all parameters
 * AND. Ids that cannot be uuids match nothing instead of reaching a uuid column.
 */

const nothing = sql`false`;

/** OR over a clause's alternatives. */
export function anyOf<V extends SearchValue>(clause: Clause<V>, condition: (value: V) => SQL): SQL {
  const parts = clause.map(condition);
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/** LIKE with the user's own % and _ taken literally. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** A FHIR string match on any of the columns (case-insensitive unless `:exact`). */
export function stringMatches(columns: (AnyPgColumn | SQL)[], value: StringValue): SQL {
  const parts = columns.map((column) => {
    if (value.match === 'exact') return sql`${column} = ${value.value}`;
    const pattern =
      value.match === 'contains' ? `%${likeEscaped(value.value)}%` : `${likeEscaped(value.value)}%`;
    return sql`${column} ilike ${pattern}`;
  });
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** A FHIR date comparison (https://hl7.org/fhir/R4/search.html#prefix) on an instant column. */
export function instantMatches(column: AnyPgColumn | SQL, value: DateValue): SQL {
  switch (value.prefix) {
    case 'eq':
      return sql`(${column} >= ${value.start} and ${column} < ${value.end})`;
    case 'ne':
      return sql`(${column} < ${value.start} or ${column} >= ${value.end})`;
    case 'gt':
    case 'sa':
      return sql`${column} >= ${value.end}`;
    case 'lt':
    case 'eb':
      return sql`${column} < ${value.start}`;
    case 'ge':
      return sql`${column} >= ${value.start}`;
    case 'le':
      return sql`${column} < ${value.end}`;
  }
}

/** The same comparison for a time already in hand (milliseconds). */
export function instantFits(time: number, value: DateValue): boolean {
  const start = value.start.getTime();
  const end = value.end.getTime();
  switch (value.prefix) {
    case 'eq':
      return time >= start && time < end;
    case 'ne':
      return time < start || time >= end;
    case 'gt':
    case 'sa':
      return time >= end;
    case 'lt':
    case 'eb':
      return time < start;
    case 'ge':
      return time >= start;
    case 'le':
      return time < end;
  }
}

/** A uuid column equal to one of the ids given (ids that are not uuids match nothing). */
export function idIn(column: AnyPgColumn, ids: string[]): SQL {
  const usable = ids.filter(isUuid);
  if (usable.length === 0) return nothing;
  return sql`${column} = any(${sql.param(usable)}::uuid[])`;
}

/** `_id`: each use is one OR list of ids. */
export function idConditions(search: ParsedSearch, column: AnyPgColumn): SQL[] {
  return clausesOf(search, '_id', 'token').map((clause) =>
    idIn(
      column,
      clause.flatMap((value) => (value.system === undefined && value.code ? [value.code] : [])),
    ),
  );
}

/** A reference parameter of one target type, as conditions on the column holding that id. */
export function referenceConditions(
  search: ParsedSearch,
  name: string,
  targets: Record<string, AnyPgColumn>,
): SQL[] {
  return clausesOf(search, name, 'reference').map((clause) =>
    anyOf(clause, (value) => {
      const types = value.type ? [value.type] : Object.keys(targets);
      const parts = types.flatMap((type) => (targets[type] ? [idIn(targets[type], [value.id])] : []));
      return parts.length === 0 ? nothing : sql`(${sql.join(parts, sql` or `)})`;
    }),
  );
}

/** The words of a label as a code: "Family Medicine" -> `family-medicine` (matches `labelCodeSql`). */
export function labelCode(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `labelCode` in SQL, so a token search can compare codes made from free-text labels. */
export function labelCodeSql(column: AnyPgColumn): SQL {
  return sql`trim(both '-' from regexp_replace(lower(${column}), '[^a-z0-9]+', '-', 'g'))`;
}
