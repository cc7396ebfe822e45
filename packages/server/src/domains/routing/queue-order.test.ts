import { describe, expect, it } from 'vitest';
import { compareForQueue, isAnnouncedToAll, type Queued } from './queue-order.ts';

const minute = 60_000;
const now = Date.parse('2026-02-02T15:00:00Z');
const conversation = (name: string, fields: Partial<Queued>): Queued & { name: string } => ({
  name,
  priority: 'normal',
  responseDueAt: null,
  waitingSince: new Date(now - 10 * minute),
  ...fields,
});

describe('the order of a queue', () => {
  it('puts priority first, then the nearest SLA breach, then the longest wait', () => {
    const queue = [
      conversation('normal, due in 60 min', { responseDueAt: new Date(now + 60 * minute) }),
      conversation('low, waiting 3 hours', { priority: 'low', waitingSince: new Date(now - 180 * minute) }),
      conversation('emergency, just arrived', { priority: 'emergency', waitingSince: new Date(now) }),
      conversation('normal, breached 5 min ago', { responseDueAt: new Date(now - 5 * minute) }),
      conversation('normal, no SLA, waiting 40 min', { waitingSince: new Date(now - 40 * minute) }),
      conversation('normal, no SLA, waiting 20 min', { waitingSince: new Date(now - 20 * minute) }),
      conversation('urgent, due in 30 min', {
        priority: 'urgent',
        responseDueAt: new Date(now + 30 * minute),
      }),
    ];
    expect(queue.sort(compareForQueue).map((entry) => entry.name)).toEqual([
      'emergency, just arrived',
      'urgent, due in 30 min',
      'normal, breached 5 min ago',
      'normal, due in 60 min',
      'normal, no SLA, waiting 40 min',
      'normal, no SLA, waiting 20 min',
      'low, waiting 3 hours',
    ]);
  });

  it('announces emergencies and urgent conversations to every available agent', () => {
    expect(
      ['emergency', 'urgent', 'high', 'normal', 'low'].map((p) => isAnnouncedToAll(p as Queued['priority'])),
    ).toEqual([true, true, false, false, false]);
  });
});
