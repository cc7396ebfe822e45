import { createHmac } from 'node:crypto';
import type { FieldCipher } from '../../security/field-encryption.ts';

/**
 * Full-text search over messages that are encrypted at rest. The database never sees the words:
 * each conversation keeps keyed hashes (HMAC-SHA-256 under a key derived from the encryption
 * key, truncated to 12 bytes) of the words of its subject and messages, and a search hashes the
 * words typed the same way and asks for conversations holding all of them (`@>`, GIN-indexed).
 * Without the key the hashes cannot be tested against a dictionary.
 *
 * Whole words match, in any case and with or without accents ("cita" finds "Cita", "medico"
 * finds "médico"); prefixes and typos do not, which is the price of not storing the words.
 * The hashes name the key they were made with; after a key rotation a conversation's terms are
 * remade with the new key when it next changes, and a search tries every configured key.
 */

const purpose = 'conversation-search';
const hashBytes = 12;
const minimumWordLength = 2;
const maximumWordLength = 40;
/** A search looks for at most this many words; more narrow nothing a person would notice. */
export const maximumSearchWords = 8;

/** The distinct searchable words of a text: lower case, without accents, 2 to 40 letters or digits. */
export function wordsOf(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= minimumWordLength && word.length <= maximumWordLength);
  return [...new Set(words)];
}

export interface MessageSearch {
  /** The key id that new terms are made with. */
  readonly keyId: string;
  /** Keyed hashes of the words of a text, made with the active key. */
  termsOf(text: string): string[];
  /** The hashes of the words typed, under every configured key (for values made before a rotation). */
  queryTerms(query: string): { keyId: string; terms: string[] }[];
}

export function createMessageSearch(cipher: FieldCipher): MessageSearch {
  const keys = new Map(cipher.keyIds.map((keyId) => [keyId, cipher.derivedKey(purpose, keyId)]));
  const hashWith = (key: Buffer, words: readonly string[]) =>
    words.map((word) =>
      createHmac('sha256', key).update(word).digest().subarray(0, hashBytes).toString('base64url'),
    );
  return {
    keyId: cipher.activeKeyId,
    termsOf(text) {
      return hashWith(keys.get(cipher.activeKeyId)!, wordsOf(text));
    },
    queryTerms(query) {
      const words = wordsOf(query).slice(0, maximumSearchWords);
      if (words.length === 0) return [];
      return [...keys].map(([keyId, key]) => ({ keyId, terms: hashWith(key, words) }));
    },
  };
}
