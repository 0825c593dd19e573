import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { redactingStream } from './redacting-stream.js';
import { loggedPath } from './server-error-log.js';

/** Who made a request, once authentication has said (ids only: never the token itself). */
export interface KnownCaller {
  memberId: string;
  tokenId: string;
}

/**
 * `--log`: exactly one JSON line per answered request, written when the answer has gone out. Fastify's
 * own request logging writes two lines per request (one on arrival, one on completion) and chooses its
 * fields itself; this line holds only what an operator needs and nothing that can carry a secret: the
 * route's pattern, the path without its query (redacted), never a header. Every line also passes the
 * redacting stream, for a secret a client put where a path segment goes.
 */
export function installAccessLog(
  app: FastifyInstance,
  target: NodeJS.WritableStream,
  callerOf: (request: FastifyRequest) => KnownCaller | undefined,
): void {
  const out = redactingStream(target);
  // A socket's peer address is read from the OS on first use and then kept: read it as the connection
  // opens, because by the time the answer is logged a client that hung up with a reset (a load
  // balancer's health check may) has no address left to read.
  const remember = (socket: Socket) => void socket.remoteAddress;
  app.server.on('connection', remember);
  app.server.on('secureConnection', remember);
  const logged = new WeakSet<FastifyRequest>();
  const write = (request: FastifyRequest, status: number | null, durationMs: number) => {
    if (logged.has(request)) return;
    logged.add(request);
    const caller = callerOf(request);
    const line = {
      time: new Date().toISOString(),
      level: status === null || status >= 500 ? 'error' : 'info',
      msg: status === null ? 'request aborted by the client' : 'request',
      requestId: request.id,
      method: request.method,
      // The pattern (`/api/v1/domains/:domain/…`) groups requests by route; null when nothing matched.
      route: request.routeOptions.url ?? null,
      path: loggedPath(request),
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      clientAddress: request.ip ?? null,
      ...(caller ? { memberId: caller.memberId, tokenId: caller.tokenId } : {}),
    };
    out.write(`${JSON.stringify(line)}\n`);
  };
  app.addHook('onResponse', (request, reply, done) => {
    write(request, reply.statusCode, reply.elapsedTime);
    done();
  });
  // A client that hangs up before its answer gets no onResponse (Node 24 reliably, Node 20 by timing);
  // its request still gets its one line, with no status.
  const arrived = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    arrived.set(request, performance.now());
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    write(request, null, performance.now() - (arrived.get(request) ?? performance.now()));
    done();
  });
}
