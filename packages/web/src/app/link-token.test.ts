import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './link-token.ts';

describe('tokenFromHash', () => {
  it('reads the token after # in an emailed link', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('token=abc')).toBe('abc');
  });

  it('finds nothing in a link without a token', () => {
    expect(tokenFromHash('')).toBeUndefined();
    expect(tokenFromHash('#token=')).toBeUndefined();
    expect(tokenFromHash('#other=1')).toBeUndefined();
  });
});
