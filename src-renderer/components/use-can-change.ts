import { useLink } from '../data/connection-data.js';

export const UNAVAILABLE_OFFLINE = 'Unavailable offline';
export const UNAVAILABLE_TOKEN_REJECTED = 'Unavailable: the server rejected this connection’s token';

export type CanChange = { canChange: true; reason: null } | { canChange: false; reason: string };

/**
 * Whether actions that change data on the server are allowed right now. Offline, or with its token
 * refused, the app shows cached data read-only, so every such action asks this first; the banner
 * at the top says why in full.
 */
export function useCanChange(): CanChange {
  const state = useLink()?.state;
  if (state === 'offline') return { canChange: false, reason: UNAVAILABLE_OFFLINE };
  if (state === 'auth_failed') return { canChange: false, reason: UNAVAILABLE_TOKEN_REJECTED };
  return { canChange: true, reason: null };
}
