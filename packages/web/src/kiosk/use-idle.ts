import { useEffect, useRef } from 'react';

/**
 * Calls `onIdle` once nobody has touched or typed for `timeoutMs`, while `active`. A kiosk stands
 * in a waiting room: what the last patient left on screen must not wait there for the next one.
 */
export function useIdle(timeoutMs: number, onIdle: () => void, active = true): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  });
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(() => latest.current(), timeoutMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), timeoutMs);
    };
    const activity = ['pointerdown', 'keydown', 'input'] as const;
    for (const kind of activity) document.addEventListener(kind, restart, true);
    return () => {
      clearTimeout(timer);
      for (const kind of activity) document.removeEventListener(kind, restart, true);
    };
  }, [timeoutMs, active]);
}
