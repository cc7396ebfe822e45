import { DateTime } from 'luxon';
import { Invalid } from '../../errors.ts';

/**
 * FHIR search parameters (https://hl7.org/fhir/R4/search.html), read from the query string the
 * way the specification says: a parameter repeated is AND (`start=ge...&start=lt...`), values
 * separated by commas are OR (`status=booked,arrived`). Each resource declares the parameters it
 * supports; the CapabilityStatement lists exactly those. A parameter the server does not know is
 * ignored and reported (the specification's default, "lenient"), or refused with 400 when the
 * client sends `Prefer: handling=strict`. A known parameter with a value it cannot read is always
 * a 400 that names it.
 */

export type SearchParamType = 'string' | 'token' | 'reference' | 'date';

export interface SearchParameter {
  name: string;
  type: SearchParamType;
  /** What it matches, in plain words (shown in the CapabilityStatement). */
  documentation: string;
  /** For references: the resource types it may point to. */
  targets?: readonly string[];
}

export interface StringValue {
  kind: 'string';
  match: 'starts-with' | 'exact' | 'contains';
  value: string;
}

export interface TokenValue {
  kind: 'token';
  /** undefined: any system; '': no system (`|code`). */
  system: string | undefined;
  /** undefined: any code in the system (`system|`). */
  code: string | undefined;
}

export interface ReferenceValue {
  kind: 'reference';
  type: string | undefined;
  id: string;
}

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

export interface DateValue {
  kind: 'date';
  prefix: DatePrefix;
  /** The range the value stands for at its precision: `2026-03-08` is the whole day. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

export type SearchValue = StringValue | TokenValue | ReferenceValue | DateValue;
/** One use of a parameter: its alternatives (OR). */
export type Clause<V extends SearchValue = SearchValue> = V[];

export interface ParsedSearch {
  /** Each parameter's uses (AND), each use its alternatives (OR). `_id` included. */
  clauses: Map<string, Clause[]>;
  count: number;
  offset: number;
  /** Parameters left out because this server does not support them (lenient handling). */
  ignored: string[];
  /** The search as understood, without paging, for the Bundle's links. */
  query: [string, string][];
}

/** Every resource type supports `_id`. */
export const idParameter: SearchParameter = {
  name: '_id',
  type: 'token',
  documentation: 'The logical id of the resource (several separated by commas).',
};

/** Parameters that shape the answer rather than filter it; they need no declaration. */
const resultParameters = new Set(['_count', '_offset', '_format', '_pretty']);

const fhirId = /^[A-Za-z0-9\-.]{1,64}$/;
const datePattern =
  /^(\d{4})(-(\d{2})(-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const datePrefixes: readonly DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'];

function invalid(parameter: string, message: string): Invalid {
  return new Invalid(`The search parameter ${parameter} ${message}`, [{ field: parameter, message }]);
}

/** Splits on commas not escaped with a backslash, and unescapes `\,` `\|` `\$` `\\`. */
function splitAlternatives(raw: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (char === '\\' && index + 1 < raw.length) {
      current += raw[index + 1];
      index++;
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function readString(parameter: string, modifier: string | undefined, raw: string): StringValue {
  if (modifier !== undefined && modifier !== 'exact' && modifier !== 'contains')
    throw invalid(parameter, `does not support the modifier :${modifier} (use :exact or :contains).`);
  const value = raw.trim();
  if (value === '') throw invalid(parameter, 'needs a value.');
  return { kind: 'string', match: modifier === undefined ? 'starts-with' : modifier, value };
}

function readToken(parameter: string, modifier: string | undefined, raw: string): TokenValue {
  if (modifier !== undefined) throw invalid(parameter, `does not support the modifier :${modifier}.`);
  const bar = raw.indexOf('|');
  if (bar === -1) {
    if (raw === '') throw invalid(parameter, 'needs a value.');
    return { kind: 'token', system: undefined, code: raw };
  }
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  if (system === '' && code === '')
    throw invalid(parameter, 'needs a code, a system, or both (system|code).');
  return { kind: 'token', system, code: code === '' ? undefined : code };
}

function readReference(
  definition: SearchParameter,
  parameter: string,
  modifier: string | undefined,
  raw: string,
): ReferenceValue {
  const targets = definition.targets ?? [];
  if (modifier !== undefined && !targets.includes(modifier))
    throw invalid(
      parameter,
      `can point to ${targets.join(' or ')} only, so the modifier :${modifier} does not apply.`,
    );
  // `Practitioner/123`, `123`, or the full URL of a resource on this server.
  const parts = raw.split('/').filter(Boolean);
  const id = parts.at(-1) ?? '';
  const type = parts.length >= 2 ? parts.at(-2) : modifier;
  if (!fhirId.test(id))
    throw invalid(parameter, `must be a reference like ${targets[0]}/<id>; "${raw}" is not.`);
  if (type !== undefined && !targets.includes(type))
    throw invalid(parameter, `can point to ${targets.join(' or ')}, not ${type}.`);
  if (modifier !== undefined && type !== modifier)
    throw invalid(parameter, `has the modifier :${modifier} but points to ${type}.`);
  return { kind: 'reference', type, id };
}

function readDate(parameter: string, modifier: string | undefined, raw: string, zone: string): DateValue {
  if (modifier !== undefined) throw invalid(parameter, `does not support the modifier :${modifier}.`);
  const prefixed = datePrefixes.find((prefix) => raw.startsWith(prefix));
  const prefix = prefixed ?? 'eq';
  // An unescaped "+" in a URL reads as a space: put back the zone offset it was.
  const text = (prefixed ? raw.slice(2) : raw).replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = datePattern.exec(text);
  const example =
    'a date like 2026-03-08 or 2026-03-08T09:00:00-05:00, optionally after ge, gt, le, lt, eq, ne, sa or eb';
  if (!match) throw invalid(parameter, `must be ${example}; "${raw}" is not.`);
  // A value without a zone is read in the clinic's time zone (the specification leaves it to the server).
  const parsed = DateTime.fromISO(text, { zone, setZone: true });
  if (!parsed.isValid) throw invalid(parameter, `must be ${example}; "${raw}" is not a real date.`);
  const unit = match[11]
    ? 'millisecond'
    : match[10]
      ? 'second'
      : match[8]
        ? 'minute'
        : match[5]
          ? 'day'
          : match[3]
            ? 'month'
            : 'year';
  const start = unit === 'millisecond' ? parsed : parsed.startOf(unit);
  return {
    kind: 'date',
    prefix,
    start: start.toJSDate(),
    end: start.plus({ [`${unit}s`]: 1 }).toJSDate(),
  };
}

function readCount(raw: string, maxCount: number): number {
  if (!/^\d+$/.test(raw))
    throw invalid('_count', `must be a whole number from 0 to ${maxCount}; "${raw}" is not.`);
  const count = Number(raw);
  if (count > maxCount) throw invalid('_count', `must be at most ${maxCount} (page with the next link).`);
  return count;
}

function readValue(
  definition: SearchParameter,
  key: string,
  modifier: string | undefined,
  raw: string,
  options: SearchOptions,
): SearchValue {
  switch (definition.type) {
    case 'string':
      return readString(key, modifier, raw);
    case 'token':
      return readToken(key, modifier, raw);
    case 'reference':
      return readReference(definition, key, modifier, raw);
    case 'date':
      return readDate(key, modifier, raw, options.timeZone);
  }
}

export interface SearchOptions {
  /** The time zone dates without one are read in. */
  timeZone: string;
  /** `Prefer: handling=strict`: unknown parameters are refused. */
  strict: boolean;
  defaultCount?: number;
  maxCount?: number;
}

/** Reads a search from the raw query string (its order and repeats kept) against the parameters declared. */
export function parseSearch(
  rawQuery: string,
  definitions: readonly SearchParameter[],
  options: SearchOptions,
): ParsedSearch {
  const { defaultCount = 20, maxCount = 200 } = options;
  const byName = new Map([idParameter, ...definitions].map((definition) => [definition.name, definition]));
  const clauses = new Map<string, Clause[]>();
  const ignored: string[] = [];
  const query: [string, string][] = [];
  let count = defaultCount;
  let offset = 0;
  for (const [key, raw] of new URLSearchParams(rawQuery)) {
    const [name = '', modifier] = key.split(':', 2) as [string, string | undefined];
    if (name === '_count') count = readCount(raw, maxCount);
    else if (name === '_offset') {
      if (!/^\d+$/.test(raw))
        throw invalid('_offset', `must be a whole number (0 or more); "${raw}" is not.`);
      offset = Number(raw);
    }
    if (resultParameters.has(name)) continue;
    const definition = byName.get(name);
    if (!definition) {
      if (options.strict)
        throw invalid(
          key,
          `is not supported here. Supported: ${[...byName.keys()].join(', ')} (and _count, _offset).`,
        );
      ignored.push(key);
      continue;
    }
    const values = splitAlternatives(raw).map((alternative) =>
      readValue(definition, key, modifier, alternative, options),
    );
    clauses.set(name, [...(clauses.get(name) ?? []), values]);
    query.push([key, raw]);
  }
  return { clauses, count, offset, ignored, query };
}

/** The uses of a parameter, typed by what it was declared as. */
export function clausesOf<K extends SearchValue['kind']>(
  search: ParsedSearch,
  name: string,
  _kind: K,
): Clause<Extract<SearchValue, { kind: K }>>[] {
  return (search.clauses.get(name) ?? []) as Clause<Extract<SearchValue, { kind: K }>>[];
}

/** Whether an id can be a row's uuid (anything else matches nothing, and must not reach a uuid column). */
export const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** Whether the `Prefer` header asks for strict handling of unknown parameters. */
export function prefersStrict(prefer: string | string[] | undefined): boolean {
  return [prefer ?? []].flat().some((value) => /(^|[,;\s])handling\s*=\s*"?strict"?/i.test(value));
}
