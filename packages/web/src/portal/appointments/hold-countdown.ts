import { useEffect, useState } from 'react';

/** Whole seconds from `now` until `deadline` (an ISO instant), never below zero. */
export function secondsLeft(deadline: string, now: number): number {
  return Math.max(0, Math.ceil((new Date(deadline).getTime() - now) / 1000));
}

/** "4:05": minutes and seconds, as a countdown reads. */
export function formatCountdown(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The seconds left until `deadline`, updated every second. The deadline is the server's
 * (holdExpiresAt); browsers keep their clocks set by the network, so the two agree to the second.
 */
export function useSecondsLeft(deadline: string): number {
  const [left, setLeft] = useState(() => secondsLeft(deadline, Date.now()));
  useEffect(() => {
    setLeft(secondsLeft(deadline, Date.now()));
    const timer = setInterval(() => setLeft(secondsLeft(deadline, Date.now())), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}
