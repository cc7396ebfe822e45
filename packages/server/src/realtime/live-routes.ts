import type { LiveEvent } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/connection.ts';
import { actorForSession } from '../domains/identity/resolve-actor.ts';
import { findLiveSession, sessionCookieName } from '../domains/identity/sessions.ts';
import { staffActor } from '../http/access.ts';
import type { EventBus } from './event-bus.ts';

interface LiveRouteDependencies {
  database: Database;
  events: EventBus;
  sessions: Config['sessions'];
}

// Close codes in the 4000s are ours: 4401 tells the app to sign in again.
const sessionEndedCloseCode = 4401;
const sessionCheckIntervalMs = 60_000;

/** `/api/live`: a websocket that pushes the organisation's domain events to signed-in staff. */
export function liveRoutes({ database, events, sessions }: LiveRouteDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/live',
      {
        websocket: true,
        config: { permission: 'organization.read' },
        schema: { tags: ['realtime'], summary: 'Websocket of live events for the signed-in staff member' },
      },
      (socket, request) => {
        const actor = staffActor(request);
        const token = request.cookies[sessionCookieName] ?? '';
        const send = (event: LiveEvent) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
        };
        const unsubscribe = events.subscribe(actor.organizationId, send);
        // A session can end while the socket is open (sign-out elsewhere, idle timeout); an open
        // socket alone is not activity, so the check does not keep the session alive.
        const sessionCheck = setInterval(async () => {
          const session = await findLiveSession(database.orm, sessions, token, { touch: false }).catch(
            () => undefined,
          );
          const stillSignedIn = session && (await actorForSession(database, session).catch(() => null));
          if (!stillSignedIn) socket.close(sessionEndedCloseCode, 'Your session has ended. Sign in again.');
        }, sessionCheckIntervalMs);
        socket.on('close', () => {
          clearInterval(sessionCheck);
          unsubscribe();
        });
        send({ type: 'live.connected', at: new Date().toISOString() });
      },
    );
  };
}
