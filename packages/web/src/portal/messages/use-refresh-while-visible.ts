import { useEffect } from 'react';

/** How often an open messages page asks for news: portal users have no websocket. */
export const refreshEveryMs = 15_000;

/**
 * Calls `refresh` every `everyMs` while the page is visible, and at once when it becomes visible
 * again: a tab in the background does not keep reading (and auditing) the patient's messages.
 */
export function useRefreshWhileVisible(refresh: () => void, everyMs = refreshEveryMs): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      timer ??= setInterval(refresh, everyMs);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const visibilityChanged = () => {
      if (document.visibilityState !== 'visible') return stop();
      refresh();
      start();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', visibilityChanged);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', visibilityChanged);
    };
  }, [refresh, everyMs]);
}
