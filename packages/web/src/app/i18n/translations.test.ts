import { describe, expect, it } from 'vitest';
import { messageFiles, messages } from './messages.ts';

function flatten(messages: object, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flatten(value as object, path));
  }
  return flat;
}

const english = flatten(messages.en);
const spanish = flatten(messages.es);

describe('translations', () => {
  it('have the same keys in English and Spanish, so no screen falls back to the wrong language', () => {
    expect(Object.keys(spanish).sort()).toEqual(Object.keys(english).sort());
  });

  it('keep each area under its own top-level keys, so no file silently overrides another', () => {
    for (const files of Object.values(messageFiles)) {
      const keys = files.flatMap((file) => Object.keys(file));
      expect(keys.length).toBe(new Set(keys).size);
    }
  });

  it('have no empty text', () => {
    for (const [key, text] of Object.entries({ ...english, ...spanish }))
      expect({ key, text: text.trim() }).not.toEqual({ key, text: '' });
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(english))
      expect({ key, es: placeholders(spanish[key]!) }).toEqual({ key, es: placeholders(english[key]!) });
  });
});
