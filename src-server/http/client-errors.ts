import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { ServerErrorCode } from '../../src-shared/errors.js';
import { errorBody } from './errors.js';

/** Node's default limit on a request's header section, which this server keeps. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The answer to a request Node's parser refused before any route saw it. */
function answerFor(error: NodeJS.ErrnoException): { status: number; code: ServerErrorCode; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'headers_too_large',
        message: `The request headers are larger than the limit of ${MAX_HEADER_BYTES / 1024} KB. Send fewer or shorter headers.`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request_timeout',
        message: 'The request did not arrive in full in time. Send it again.',
      };
    default:
      return { status: 400, code: 'validation_failed', message: 'The request is not valid HTTP.' };
  }
}

/**
 * Fastify's `clientErrorHandler`: errors Node raises on a connection before there is a request (header
 * section too large, headers or body too slow, malformed HTTP). Fastify's default writes its own body;
 * this one writes the API's error shape, then closes the connection as Node does.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, code, message } = answerFor(error);
    const body = JSON.stringify(errorBody(code, message));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
