import { describe, expect, it } from 'vitest';
import { pendingMessageFor } from './client-message-id.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('client message ids', () => {
  it('keeps the id when the same message is sent again after a failure, so it is stored once', () => {
    const first = pendingMessageFor(undefined, 'Leo|Fever|He has a fever since Monday');
    expect(first.id).toMatch(uuid);
    expect(pendingMessageFor(first, 'Leo|Fever|He has a fever since Monday').id).toBe(first.id);
  });

  it('gives an edited message a new id, so the edit is not dropped as a duplicate of the first try', () => {
    const first = pendingMessageFor(undefined, 'Leo||He has a fever');
    const edited = pendingMessageFor(first, 'Leo||He has a fever since Monday');
    expect(edited.id).toMatch(uuid);
    expect(edited.id).not.toBe(first.id);
  });
});
