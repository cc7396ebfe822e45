import { createFieldCipher, type FieldCipher } from '../security/field-encryption.ts';

/** A field cipher with a fixed test key, for tests that write encrypted fields directly. */
export function testCipher(): FieldCipher {
  return createFieldCipher(new Map([['test1', Buffer.alloc(32, 7)]]), 'test1');
}
