import { describe, expect, it } from 'vitest';
import { filtersFrom, isFiltered, queuePath, searchOf } from './inbox-query.ts';

describe('the queue in the address', () => {
  it('reads a view with its filters and writes it back the same way', () => {
    const search = '?view=team&channel=sms&tag=billing&team=7b0c2c8e-4b7e-4f0e-9a53-0d3c6f1a9b10&q=flu+shot';
    const filters = filtersFrom(new URLSearchParams(search));
    expect(filters).toEqual({
      view: 'team',
      channel: 'sms',
      tag: 'billing',
      teamId: '7b0c2c8e-4b7e-4f0e-9a53-0d3c6f1a9b10',
      q: 'flu shot',
    });
    expect(searchOf(filters)).toBe(search);
    expect(isFiltered(filters)).toBe(true);
  });

  it('falls back to my conversations for an unknown view and drops unknown channels and blank filters', () => {
    const filters = filtersFrom(new URLSearchParams('view=everything&channel=fax&tag=%20&q='));
    expect(filters).toEqual({ view: 'mine' });
    expect(searchOf(filters)).toBe('');
    expect(isFiltered(filters)).toBe(false);
  });

  it('asks the API with its own parameter names', () => {
    expect(queuePath({ view: 'unassigned', teamId: 'abc', tag: 'Flu' }, 20)).toBe(
      '/api/conversations?view=unassigned&limit=20&tag=Flu&teamId=abc',
    );
  });
});
