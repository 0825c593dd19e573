import { useEffect, useState } from 'react';

/** Seconds left until `until` (ms since the epoch), ticking once a second; 0 once it has passed. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null || until <= Date.now()) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/** When a refused passphrase may be tried again: from the error's `details.retryAfterSeconds`. */
export function retryAt(error: { details?: unknown } | null): number | null {
  const seconds = (error?.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Date.now() + seconds * 1000 : null;
}
