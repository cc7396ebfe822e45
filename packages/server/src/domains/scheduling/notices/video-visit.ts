import { createHmac } from 'node:crypto';
import type { FieldCipher } from '../../../security/field-encryption.ts';

/**
 * Video visits. The link a patient gets (`/visit/<token>`) is not the room itself: the page
 * opens only near the visit's time and then redirects to the room, whose name is a keyed hash of
 * the token. Someone who sees the link in a text cannot work out the room, and a room name seen
 * in a video service's logs leads back to no link.
 */

/**
 * The room opens this many minutes before the start: long enough to test a camera and
 * microphone and sit in the waiting room, short enough that a forwarded or old link is useless
 * most of the time.
 */
export const videoVisitOpensMinutesBefore = 15;

/** And stays open this long after the planned end, for a visit that runs late. */
export const videoVisitClosesMinutesAfter = 30;

const minute = 60_000;

/**
 * The room's name: HMAC-SHA-256 of the token under a key derived from the active encryption key
 * (so only this installation can make it), 20 bytes in hex, prefixed so a
 * person reading a video service's room list knows where it came from.
 */
export function videoRoomName(cipher: FieldCipher, token: string): string {
  const key = cipher.derivedKey('video-visit-room');
  return `pd-${createHmac('sha256', key).update(token).digest('hex').slice(0, 40)}`;
}

export function videoRoomUrl(baseUrl: string, cipher: FieldCipher, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/${videoRoomName(cipher, token)}`;
}

export type VideoVisitState =
  | { state: 'not-yet'; opensAt: Date }
  | { state: 'open' }
  | { state: 'ended' }
  | { state: 'cancelled' };

/** Whether the room may be entered at `now`: from shortly before the start to a while after the end. */
export function videoVisitState(
  visit: { status: string; startsAt: Date; endsAt: Date },
  now: Date,
): VideoVisitState {
  if (visit.status === 'cancelled') return { state: 'cancelled' };
  const opensAt = new Date(visit.startsAt.getTime() - videoVisitOpensMinutesBefore * minute);
  const closesAt = new Date(visit.endsAt.getTime() + videoVisitClosesMinutesAfter * minute);
  if (visit.status === 'fulfilled' || visit.status === 'noshow' || now.getTime() > closesAt.getTime())
    return { state: 'ended' };
  if (now.getTime() < opensAt.getTime()) return { state: 'not-yet', opensAt };
  return { state: 'open' };
}
