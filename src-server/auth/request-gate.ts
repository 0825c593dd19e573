import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/store.js';
import { Authenticator, type IdentifiedToken } from './authenticate.js';
import type { Caller } from './caller.js';
import type { RateStore } from '../cluster/rate-store.js';

/**
 * Refused requests of a known token (suspended, expired, deleted, rotated out, its account disabled)
 * are answered at most this many times per second, or the token's own max RPS if lower; beyond that
 * they get 429 with Retry-After. Without it a client hammering with a dead token costs a digest lookup
 * and a log entry per request, as fast as it can send them.
 */
export const REFUSED_RPS = 5;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 429 rate_limited with Retry-After, in words. */
export function rateLimited(message: string, cap: number, seconds: number): HttpError {
  return new HttpError(
    429,
    'rate_limited',
    `${message} Try again in ${plural(seconds, 'second')}.`,
    { maxRps: cap, retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}

/**
 * Authentication plus the per-token rate limits, as registerRoute's `authenticate`. `identified` hears
 * of the token a request presented as soon as its secret matched, refused or not (for the request log).
 * Buckets are keyed by the token's lineage, so a rotated token and its replacement share one during
 * the grace period instead of doubling the cap. They live in `rates`: memory for one server, or a store
 * every instance shares (cluster/rate-store.ts), so the cap is one cap across the cluster.
 */
export function requestGate(
  store: Store,
  identified: (request: FastifyRequest, token: IdentifiedToken) => void,
  rates: RateStore,
): (request: FastifyRequest) => Promise<Caller> {
  const authenticator = new Authenticator(store);
  return async (request) => {
    const seen: { token?: IdentifiedToken } = {};
    let caller: Caller;
    try {
      caller = await authenticator.authenticate(request.headers.authorization, request.ip, (token) => {
        seen.token = token;
        identified(request, token);
      });
    } catch (error) {
      const token = seen.token;
      if (token && error instanceof HttpError && error.status === 401) {
        const cap = Math.min(token.maxRps ?? REFUSED_RPS, REFUSED_RPS);
        const decision = await rates.take(`refused:${token.lineageId}`, cap);
        if (!decision.allowed) {
          throw rateLimited(
            `This server refuses this token, and it was sent more than ${plural(cap, 'time')} in a second.`,
            cap,
            decision.retryAfterSeconds,
          );
        }
      }
      throw error;
    }
    // Max RPS is checked once the token is known to be usable: refused requests have their own bucket.
    const decision = await rates.take(seen.token?.lineageId ?? caller.tokenId, caller.maxRps);
    if (!decision.allowed) {
      const cap = caller.maxRps ?? 0;
      throw rateLimited(`This token allows ${plural(cap, 'request')} per second.`, cap, decision.retryAfterSeconds);
    }
    return caller;
  };
}
