import type { LiveEvent } from '@patientdesk/contracts';
import WebSocket from 'ws';

/** A websocket client of /api/live that collects the events it receives. */
export interface LiveClient {
  events: LiveEvent[];
  /** Resolves with the first event (already received or to come) that matches. */
  next(match: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
  close(): void;
}

export function connectLive(address: string, cookie: string): Promise<LiveClient> {
  const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/api/live`, { headers: { cookie } });
  const events: LiveEvent[] = [];
  const waiters: { match: (event: LiveEvent) => boolean; resolve: (event: LiveEvent) => void }[] = [];
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString()) as LiveEvent;
    events.push(event);
    for (const waiter of waiters.filter((w) => w.match(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const client: LiveClient = {
    events,
    next(match, timeoutMs = 10_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching live event in ${timeoutMs} ms; got ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) =>
      reject(
        Object.assign(new Error(`websocket refused with ${response.statusCode}`), {
          statusCode: response.statusCode,
        }),
      ),
    );
    socket.once('error', reject);
  });
}
