import { useIsOffline } from '../data/connection-data.js';

export const UNAVAILABLE_OFFLINE = 'Unavailable offline';

export type CanChange = { canChange: true; reason: null } | { canChange: false; reason: string };

/**
 * Whether actions that change data on the server are allowed right now. Offline, the app shows
 * cached data read-only (DESIGN › Desktop app), so every such action asks this first.
 */
export function useCanChange(): CanChange {
  const offline = useIsOffline();
  return offline ? { canChange: false, reason: UNAVAILABLE_OFFLINE } : { canChange: true, reason: null };
}
