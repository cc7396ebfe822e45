import { describe, expect, it } from 'vitest';
import { splitLinks } from './links.ts';

describe('links in outbox messages', () => {
  it('finds an invitation link on its own line', () => {
    expect(splitLinks('Open this link:\n\nhttp://localhost:3000/invitation#token=abc_123-XY\n')).toEqual([
      { kind: 'text', text: 'Open this link:\n\n' },
      { kind: 'link', href: 'http://localhost:3000/invitation#token=abc_123-XY' },
      { kind: 'text', text: '\n' },
    ]);
  });

  it('leaves the full stop that ends a sentence out of the link', () => {
    expect(splitLinks('Go to https://clinic.example.org/portal.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', href: 'https://clinic.example.org/portal' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps a message without links as it is', () => {
    expect(splitLinks('Your code is 123456.')).toEqual([{ kind: 'text', text: 'Your code is 123456.' }]);
  });
});
