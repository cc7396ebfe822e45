import { type LiveEvent, liveEventSchema } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { ApiRequestError, callApi } from '../api/client.ts';

export type LiveStatus = 'connecting' | 'connected' | 'offline';

const sessionEndedCode = 4401;
const firstRetryMs = 1000;
const longestRetryMs = 30_000;

/**
 * Keeps a websocket to /api/live open while mounted, reconnecting with back-off, and hands
 * each event to `onEvent`. A 4401 close means the session is over: `onSessionEnded` is called.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onSessionEnded: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // The latest handlers, read when a message arrives, so new handlers never cost a reconnect.
  const handlers = useRef({ onEvent, onSessionEnded });
  useEffect(() => {
    handlers.current = { onEvent, onSessionEnded };
  });

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = firstRetryMs;
    let stopped = false;
    const connect = () => {
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${protocol}//${window.location.host}/api/live`);
      socket.onopen = () => {
        setStatus('connected');
        retryDelay = firstRetryMs;
      };
      socket.onmessage = (message) => {
        const parsed = liveEventSchema.safeParse(JSON.parse(String(message.data)));
        if (parsed.success) handlers.current.onEvent(parsed.data);
      };
      socket.onclose = (close) => {
        if (stopped) return;
        if (close.code === sessionEndedCode) {
          handlers.current.onSessionEnded();
          return;
        }
        setStatus('offline');
        retryTimer = setTimeout(reconnectIfStillSignedIn, retryDelay);
        retryDelay = Math.min(retryDelay * 2, longestRetryMs);
      };
    };
    // A refused upgrade (the session ended while the socket was down) arrives as a bare close, not
    // 4401; asking who is signed in tells the two apart, so the desk does not retry forever.
    const reconnectIfStillSignedIn = () => {
      callApi('GET', '/api/auth/me').then(
        () => stopped || connect(),
        (error) => {
          if (stopped) return;
          if (error instanceof ApiRequestError && error.status === 401) handlers.current.onSessionEnded();
          else connect();
        },
      );
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      socket?.close();
    };
  }, []);
  return status;
}
