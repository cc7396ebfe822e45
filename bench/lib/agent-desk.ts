import WebSocket from 'ws';
import { supervisorPassword } from './inbox-server.ts';

/**
 * A supervisor's desk connected to `/api/live`, as the browser keeps it open: it notes, by the
 * benchmark's clock (performance.now()), when each conversation's `created` event arrived.
 */
export interface AgentDesk {
  /** Conversation id -> when its `conversation.changed` `created` event arrived. */
  createdAt: Map<string, number>;
  /**
   * Resolves once `count` conversations have been announced, or when no new one has come for
   * `quietMs` (the rest are missing); either way with how many have.
   */
  waitForCreated(count: number, quietMs: number): Promise<number>;
  close(): void;
}

async function signIn(address: string, email: string): Promise<string> {
  const response = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: supervisorPassword }),
  });
  if (response.status !== 200)
    throw new Error(`the supervisor could not sign in (${response.status}): ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ');
}

export async function connectAgentDesk(address: string, email: string): Promise<AgentDesk> {
  const cookie = await signIn(address, email);
  const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/api/live`, { headers: { cookie } });
  const createdAt = new Map<string, number>();
  let closedEarly: string | undefined;
  socket.on('message', (data) => {
    const receivedAt = performance.now();
    const event = JSON.parse(data.toString()) as { type: string; change?: string; conversationId?: string };
    if (event.type === 'conversation.changed' && event.change === 'created' && event.conversationId)
      if (!createdAt.has(event.conversationId)) createdAt.set(event.conversationId, receivedAt);
  });
  socket.on('close', (code, reason) => {
    closedEarly = `the desk's websocket closed (${code} ${reason.toString()})`;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`/api/live refused the supervisor with ${response.statusCode}`)),
    );
    socket.once('message', () => resolve());
  });
  return {
    createdAt,
    async waitForCreated(count, quietMs) {
      let seen = createdAt.size;
      let lastProgress = performance.now();
      while (createdAt.size < count && performance.now() - lastProgress < quietMs) {
        if (closedEarly) throw new Error(closedEarly);
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (createdAt.size > seen) {
          seen = createdAt.size;
          lastProgress = performance.now();
        }
      }
      return createdAt.size;
    },
    close: () => {
      socket.removeAllListeners('close');
      socket.close();
    },
  };
}
