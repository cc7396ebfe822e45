import { type LiveEvent, liveEventSchema } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';

export type LiveStatus = 'connecting' | 'connected' | 'offline';

const sessionEndedCode = 4401;

/**
 * Keeps a websocket to /api/live open while mounted, reconnecting with back-off, and hands
 * each event to `onEvent`. A 4401 close means the session is over: `onSessionEnded` is called.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onSessionEnded: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = 1000;
    let stopped = false;
    const connect = () => {
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${protocol}//${window.location.host}/api/live`);
      socket.onopen = () => {
        setStatus('connected');
        retryDelay = 1000;
      };
      socket.onmessage = (message) => {
        const parsed = liveEventSchema.safeParse(JSON.parse(String(message.data)));
        if (parsed.success) onEvent(parsed.data);
      };
      socket.onclose = (close) => {
        if (stopped) return;
        if (close.code === sessionEndedCode) {
          onSessionEnded();
          return;
        }
        setStatus('offline');
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      socket?.close();
    };
  }, [onEvent, onSessionEnded]);
  return status;
}
