import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size.ts';

describe('file size', () => {
  it('reads in bytes below a kilobyte, then in the largest unit with one decimal under ten', () => {
    expect(formatFileSize(812, 'en')).toBe('812 bytes');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(40 * 1024 + 300, 'en')).toBe('40 kB');
    expect(formatFileSize(3.44 * 1024 * 1024, 'en')).toBe('3.4 MB');
    expect(formatFileSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
  });

  it('is written the way the reader’s language writes numbers', () => {
    expect(formatFileSize(1536, 'es')).toBe('1,5 kB');
    expect(formatFileSize(1, 'es')).toBe('1 byte');
  });
});
