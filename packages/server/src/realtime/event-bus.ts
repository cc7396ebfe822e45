import type { LiveEvent } from '@patientdesk/contracts';
import type { Database } from '../db/connection.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * Domain events for live screens. Publishing sends a Postgres NOTIFY; every server process
 * LISTENs and hands the event to its own websocket clients of that organisation, so any number
 * of stateless processes behind a load balancer deliver each other's events.
 *
 * Payloads stay small (ids and states, never PHI): NOTIFY caps them at 8000 bytes and clients
 * fetch details through the API, where access is checked.
 */
export interface EventBus {
  publish(organizationId: string, event: LiveEvent): Promise<void>;
  /** Calls `handler` with every event of one organisation; returns the function that stops. */
  subscribe(organizationId: string, handler: (event: LiveEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const channel = 'patientdesk_events';

interface Envelope {
  organizationId: string;
  event: LiveEvent;
}

export function createEventBus(database: Database, logger: Logger): EventBus {
  const subscribers = new Map<string, Set<(event: LiveEvent) => void>>();
  let stopListening: (() => Promise<void>) | undefined;

  const deliver = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      logger.warn({ channel }, 'ignored a realtime event that is not JSON');
      return;
    }
    for (const handler of subscribers.get(envelope.organizationId) ?? []) {
      try {
        handler(envelope.event);
      } catch (error) {
        logger.error({ err: error }, 'a realtime subscriber failed');
      }
    }
  };

  return {
    async publish(organizationId, event) {
      await database.notify(channel, JSON.stringify({ organizationId, event } satisfies Envelope));
    },
    subscribe(organizationId, handler) {
      let set = subscribers.get(organizationId);
      if (!set) {
        set = new Set();
        subscribers.set(organizationId, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) subscribers.delete(organizationId);
      };
    },
    async start() {
      stopListening ??= await database.listen(channel, deliver);
    },
    async stop() {
      await stopListening?.();
      stopListening = undefined;
      subscribers.clear();
    },
  };
}
