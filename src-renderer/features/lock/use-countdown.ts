import { useEffect, useState } from 'react';

/** A wait main imposed: how many seconds, and which refusal it came from (each one restarts it). */
export type Wait = { seconds: number; id: number };

/** Seconds left of the wait, ticking down from the moment it arrived; 0 when there is none. */
export function useCountdown(wait: Wait | null): number {
  const [shown, setShown] = useState({ id: wait?.id ?? null, left: wait?.seconds ?? 0 });
  // A new wait starts at its full length on the render that brings it.
  if ((wait?.id ?? null) !== shown.id) setShown({ id: wait?.id ?? null, left: wait?.seconds ?? 0 });
  useEffect(() => {
    if (!wait || wait.seconds <= 0) return;
    const end = Date.now() + wait.seconds * 1000;
    const timer = window.setInterval(() => {
      const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setShown({ id: wait.id, left });
      if (left === 0) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [wait]);
  return shown.left;
}

/** The wait a refusal carries (`details.retryAfterSeconds`), numbered after the one before. */
export function waitOf(error: { details?: unknown }, previous: Wait | null): Wait | null {
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? { seconds, id: (previous?.id ?? 0) + 1 } : null;
}
