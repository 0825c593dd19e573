import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { MAX_HEADER_BYTES } from './client-errors.js';

/**
 * How long a client may take and how many connections it may hold. Node and Fastify default most of
 * these to "forever" (0), so a few hundred slow clients (slowloris) could hold sockets open for good.
 */
export interface ConnectionLimits {
  /** The header section must arrive within this many ms of the request's first byte (then 408). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this many ms (then 408). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this many ms without a new request. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this many ms (a stalled upload or download) is closed. */
  idleTimeoutMs: number;
  /** Connections beyond this many are closed as they arrive. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1_000,
};

/** Node checks the header and request timeouts on a timer; its default period (30 s) would triple them. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/** Fills in defaults and refuses values Node would reject or that would turn a limit off. */
export function connectionLimits(given: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError('the headers timeout cannot be longer than the request timeout');
  }
  return limits;
}

/** The Fastify options that apply the limits; `maxConnections` is set on the server once it exists. */
export function fastifyLimitOptions(limits: ConnectionLimits): FastifyHttpOptions<Server> {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      connectionsCheckingInterval: Math.min(
        MAX_CHECK_INTERVAL_MS,
        Math.max(50, Math.floor(limits.headersTimeoutMs / 4)),
      ),
    },
  };
}
