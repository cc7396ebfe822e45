import { describe, expect, it } from 'vitest';
import { slaStateOf, waitLength } from './wait-time.ts';

const now = Date.parse('2025-03-10T15:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const inMinutes = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

describe('wait time', () => {
  it('reads in minutes, then hours and minutes, then days and hours', () => {
    expect(waitLength(ago(0.5), now)).toEqual({ unit: 'underMinute' });
    expect(waitLength(ago(4), now)).toEqual({ unit: 'minutes', minutes: 4 });
    expect(waitLength(ago(125), now)).toEqual({ unit: 'hours', hours: 2, minutes: 5 });
    expect(waitLength(ago(60 * 27), now)).toEqual({ unit: 'days', days: 1, hours: 3 });
  });

  it('never goes negative when the browser clock is behind the server', () => {
    expect(waitLength(inMinutes(3), now)).toEqual({ unit: 'underMinute' });
  });
});

describe('SLA state', () => {
  const waiting = { status: 'open' as const, waitingSince: ago(30), slaBreachedAt: null };

  it('is breached when the server recorded it or the due time has passed since the last refresh', () => {
    expect(slaStateOf({ ...waiting, responseDueAt: null, slaBreachedAt: ago(5) }, now)).toEqual({
      state: 'breached',
      since: ago(5),
    });
    expect(slaStateOf({ ...waiting, responseDueAt: ago(1) }, now)).toEqual({
      state: 'breached',
      since: ago(1),
    });
  });

  it('is due soon within 15 minutes of the due time, on track before', () => {
    expect(slaStateOf({ ...waiting, responseDueAt: inMinutes(10) }, now)).toEqual({
      state: 'dueSoon',
      dueAt: inMinutes(10),
      minutes: 10,
    });
    expect(slaStateOf({ ...waiting, responseDueAt: inMinutes(40) }, now)?.state).toBe('onTrack');
  });

  it('says nothing once the contact has been answered or the conversation is resolved', () => {
    expect(slaStateOf({ ...waiting, waitingSince: null, responseDueAt: inMinutes(10) }, now)).toBeUndefined();
    expect(slaStateOf({ ...waiting, status: 'resolved', responseDueAt: ago(10) }, now)).toBeUndefined();
  });
});
