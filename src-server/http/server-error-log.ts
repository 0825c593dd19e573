import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { redactSecretText } from '../../src-shared/token-format.js';

/** Where 5xx reports go (stderr unless a test captures them). */
export interface ErrorLog {
  write(line: string): unknown;
}

/** The request's path without its query, secrets cut out: what logs and the request log keep of a URL. */
export function loggedPath(request: Pick<FastifyRequest, 'url'>): string {
  return redactSecretText(request.url.split('?', 1)[0] ?? '');
}

/**
 * Writes one JSON line about a 5xx answer to `out`, whether or not `--log` is on, and returns the id
 * the answer carries (`details.errorId`) so a user's report can be matched to the line. The line holds
 * the method, the redacted path and the error's own text (redacted too); never a header or a body.
 */
export function reportServerError(out: ErrorLog, request: FastifyRequest, status: number, error: unknown): string {
  const errorId = randomUUID();
  const fault =
    error instanceof Error
      ? { name: error.name, message: redactSecretText(error.message), stack: redactSecretText(error.stack ?? '') }
      : { name: typeof error, message: redactSecretText(String(error)) };
  const line = {
    time: new Date().toISOString(),
    level: 'error',
    msg: 'server error',
    errorId,
    status,
    method: request.method,
    path: loggedPath(request),
    error: fault,
  };
  try {
    out.write(`${JSON.stringify(line)}\n`);
  } catch {
    // A closed stderr must not turn one failed request into a crash.
  }
  return errorId;
}
