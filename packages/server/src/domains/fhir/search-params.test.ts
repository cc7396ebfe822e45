import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { instantFits } from './search-filters.ts';
import { clausesOf, parseSearch, prefersStrict, type SearchParameter } from './search-params.ts';
import { readSlotId, slotId } from './slot-id.ts';

/** Reading FHIR search parameters as the specification says, and the slot ids that carry a booking. */

const parameters: SearchParameter[] = [
  { name: 'name', type: 'string', documentation: '' },
  { name: 'status', type: 'token', documentation: '' },
  { name: 'start', type: 'date', documentation: '' },
  { name: 'actor', type: 'reference', targets: ['Practitioner', 'Location'], documentation: '' },
];
const read = (query: string, strict = false) =>
  parseSearch(query, parameters, { timeZone: 'America/New_York', strict });
/** The first value of the first `start` in the query. */
const firstDate = (query: string) => clausesOf(read(query), 'start', 'date')[0]![0]!;

function refusal(query: string, strict = false): string {
  try {
    read(query, strict);
  } catch (error) {
    if (error instanceof Invalid) return error.message;
    throw error;
  }
  throw new Error(`${query} was accepted`);
}

describe('FHIR search parameters', () => {
  it('reads a repeated parameter as AND and commas as OR, with escaped commas kept', () => {
    const search = read('status=booked,arrived&status=booked&name=Smith\\,%20Jr');
    expect(clausesOf(search, 'status', 'token').map((clause) => clause.map((value) => value.code))).toEqual([
      ['booked', 'arrived'],
      ['booked'],
    ]);
    expect(clausesOf(search, 'name', 'string')[0]).toEqual([
      { kind: 'string', match: 'starts-with', value: 'Smith, Jr' },
    ]);
  });

  it('reads a date at its precision, in the clinic time zone when it names none', () => {
    const day = firstDate('start=ge2026-03-08');
    // The day daylight-saving time starts in New York is 23 hours long.
    expect(day.start.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(day.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const month = firstDate('start=2026-11');
    expect([month.prefix, month.start.toISOString(), month.end.toISOString()]).toEqual([
      'eq',
      '2026-11-01T04:00:00.000Z',
      '2026-12-01T05:00:00.000Z',
    ]);
    // A "+" left unescaped in the URL arrives as a space; it is read as the offset it was.
    const minute = firstDate('start=lt2026-03-09T09:30+01:00');
    expect([minute.prefix, minute.start.toISOString(), minute.end.toISOString()]).toEqual([
      'lt',
      '2026-03-09T08:30:00.000Z',
      '2026-03-09T08:31:00.000Z',
    ]);
  });

  it('compares instants with each prefix the way the specification defines it', () => {
    const value = firstDate('start=2026-03-09');
    const at = (iso: string) => new Date(iso).getTime();
    const inside = at('2026-03-09T15:00:00Z');
    const after = at('2026-03-10T15:00:00Z');
    const before = at('2026-03-08T15:00:00Z');
    const fits = (prefix: string, time: number) => instantFits(time, { ...value, prefix: prefix as 'eq' });
    expect([fits('eq', inside), fits('eq', after), fits('ne', after)]).toEqual([true, false, true]);
    expect([fits('gt', inside), fits('gt', after), fits('ge', inside), fits('ge', before)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect([fits('lt', before), fits('lt', inside), fits('le', inside), fits('le', after)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('reads references as Type/id, a bare id, or a full URL, and only to the declared targets', () => {
    const search = read(
      'actor=Practitioner/abc&actor=def&actor=https://clinic.example/fhir/R4/Location/ghi&actor:Location=jkl',
    );
    expect(clausesOf(search, 'actor', 'reference').map(([value]) => [value!.type, value!.id])).toEqual([
      ['Practitioner', 'abc'],
      [undefined, 'def'],
      ['Location', 'ghi'],
      ['Location', 'jkl'],
    ]);
    expect(refusal('actor=Patient/1')).toContain('can point to Practitioner or Location, not Patient');
    expect(refusal('actor:Location=Practitioner/1')).toContain('points to Practitioner');
  });

  it('refuses values and modifiers it cannot read, naming the parameter', () => {
    expect(refusal('start=tomorrow')).toContain('start must be a date');
    expect(refusal('start=2026-02-30')).toContain('not a real date');
    expect(refusal('name:phonetic=smith')).toContain(':phonetic');
    expect(refusal('status=|')).toContain('status');
    expect(refusal('_count=-1')).toContain('_count');
    expect(refusal('_count=1000')).toContain('at most 200');
    expect(refusal('_offset=x')).toContain('_offset');
  });

  it('ignores unknown parameters and keeps them out of the search it understood, unless strict', () => {
    const search = read('nickname=Al&name=Al&_count=5&_offset=10&_format=json');
    expect(search.ignored).toEqual(['nickname']);
    expect(search.query).toEqual([['name', 'Al']]);
    expect([search.count, search.offset]).toEqual([5, 10]);
    expect(refusal('nickname=Al', true)).toContain('nickname is not supported');
    expect(prefersStrict('return=representation, handling=strict')).toBe(true);
    expect(prefersStrict('handling=lenient')).toBe(false);
    expect(prefersStrict(undefined)).toBe(false);
  });
});

describe('slot ids', () => {
  it('carry schedule, appointment type and start in a valid FHIR id, and read back the same', () => {
    const key = {
      scheduleId: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
      appointmentTypeId: '00000000-0000-4000-8000-000000000001',
      startsAt: new Date('2099-12-31T23:45:00Z'),
    };
    const id = slotId(key);
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(readSlotId(id)).toEqual(key);
    expect(slotId(key)).toBe(id);
  });

  it('are not read from anything else', () => {
    expect(readSlotId('abc')).toBeUndefined();
    expect(readSlotId('zzzzzzzzzzzzzzzzzzzzzz.zzzzzzzzzzzzzzzzzzzzzz.abc')).toBeUndefined();
    expect(readSlotId('0000000000000000000000.0000000000000000000001.abc.d')).toBeUndefined();
  });
});
