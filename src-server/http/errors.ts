import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody, ServerErrorCode } from '../../src-shared/errors.js';
import { redactSecretText } from '../../src-shared/token-format.js';
import { loggedPath, reportServerError, type ErrorLog } from './server-error-log.js';

/** A failure the client should see as-is: status, code and a message in plain words. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ServerErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ServerErrorCode,
    message: string,
    details?: unknown,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers ?? {};
  }
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);

/** Fastify's own client errors (body parsing, URL decoding) in the API's words. */
function fromFastify(error: FastifyError, bodyLimit: number): HttpError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(
        413,
        'payload_too_large',
        `The request body is larger than the limit of ${bodyLimit} bytes.`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'The request says it has a JSON body but the body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // A JSON syntax error from the parser, or a forbidden __proto__ key, arrives as a 400 SyntaxError.
    if (error instanceof SyntaxError || error.name === 'SyntaxError') {
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const code: ServerErrorCode =
      status === 404
        ? 'not_found'
        : status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : 'validation_failed';
    return new HttpError(status, code, error.message);
  }
  return undefined;
}

export interface ErrorHandlingOptions {
  bodyLimit: number;
  /** Every 5xx is reported here, with the id its answer carries. */
  errorLog: ErrorLog;
}

/**
 * Every failure, ours or Fastify's, leaves as an ErrorBody; only real server faults are 5xx. Messages
 * may echo what the client sent (a path, a name), so token-shaped text is cut out of every one. Every
 * 5xx is written to the error log with a fresh id, and the answer carries the same id in
 * `details.errorId`, so "the error has been logged" is always true and can be looked up.
 */
export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A route may take a larger body than the default (a list of digests): its own limit is the one broken.
    const limit = request.routeOptions.bodyLimit ?? options.bodyLimit;
    const known = error instanceof HttpError ? error : fromFastify(error, limit);
    if (known && known.status < 500) {
      void reply
        .code(known.status)
        .headers(known.headers)
        .send(errorBody(known.code, redactSecretText(known.message), known.details));
      return;
    }
    const status = known?.status ?? 500;
    const errorId = reportServerError(options.errorLog, request, status, error);
    request.log.error({ err: error, errorId }, 'request failed');
    const answer = known
      ? errorBody(known.code, known.message, { errorId })
      : errorBody('internal', `Something went wrong on the server. The error has been logged with id ${errorId}.`, {
          errorId,
        });
    // A write that failed was rolled back: there is nothing for a Location header to point at.
    void reply.removeHeader('location');
    void reply
      .code(status)
      .headers(known?.headers ?? {})
      .send(answer);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = loggedPath(request).slice(0, 200);
    void reply.code(404).send(errorBody('not_found', `There is no ${request.method} ${path} in this API.`));
  });
}
