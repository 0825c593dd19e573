import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import type { ZodType } from 'zod';
import {
  restContract,
  type BodyIn,
  type HeadersOf,
  type OperationId,
  type ParamsIn,
  type QueryIn,
  type ResponseOf,
} from '../../src-shared/api/contract.js';
import { apiPath, type ParamsArg } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import type { ErrorCode } from '../../src-shared/errors.js';
import { AppFailure } from './errors.js';
import { Network } from './net/network.js';
import type { ProxyResolver } from './net/proxy.js';
import { NO_TLS_POLICY, TlsRefusal, type TlsPolicy } from './net/tls-guard.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js';

/** Where to send a request and with which credential. The credential never appears in an error. */
export interface ApiTarget {
  url: string;
  token: string;
  /** The saved connection this request is for, if any: its outcome is then reported (see `onOutcome`). */
  connectionId?: string;
  /** The connection's own CA and pinned key; absent: the system store alone. */
  tls?: TlsPolicy;
}

/**
 * How a request for a saved connection ended: `null` when the server answered with a success, else
 * what was thrown (an ApiError when it answered with a refusal). A request cancelled by its caller
 * (quit) is not reported: it says nothing about the server.
 */
export type RequestOutcome = (target: ApiTarget & { connectionId: string }, error: unknown) => void;

/** A part of a call: required when the route takes it, absent when it does not. */
type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };

/**
 * What one call of a REST contract route sends, typed from the table: path parameters, query, body and
 * the request headers the route documents (e.g. `Idempotency-Key`; never a credential, that is the
 * target's).
 */
export type CallInput<Op extends OperationId> = Part<'params', ParamsIn<Op>> &
  Part<'body', BodyIn<Op>> & {
    query?: QueryIn<Op>;
    headers?: HeadersOf<Op>;
    signal?: AbortSignal;
    /** Called with a successful answer's headers as soon as they arrive, before its body is read. */
    onHeaders?: (headers: Record<string, string | string[] | undefined>) => void;
    /**
     * A cheaper check of a successful answer, tried before the route's schema: the answer when it is
     * beyond doubt what the schema accepts and returns unchanged, else null (the schema then decides).
     * For the full sync's pages (sync-page.ts).
     */
    fastParse?: (json: unknown) => ResponseOf<Op> | null;
  };

/** The input is optional for routes that need none (no path parameters, no body). */
type CallArgs<Op extends OperationId> = [ParamsIn<Op> | BodyIn<Op>] extends [undefined]
  ? [input?: CallInput<Op>]
  : [input: CallInput<Op>];

/** One request as it goes out: the route's method and filled-in path, and the schema its answer must match. */
interface ApiRequest<T> {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: ZodType<T>;
  fastParse?: (json: unknown) => T | null;
  signal?: AbortSignal;
  onHeaders?: (headers: Record<string, string | string[] | undefined>) => void;
}

export interface ApiClientOptions {
  /** Overall limit for one attempt, from sending to the last byte of the answer. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  /** Injected so retry tests run without real waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Told how every request for a saved connection ended (the connection monitor); must not throw. */
  onOutcome?: RequestOutcome;
  /** Which proxy each request goes through: the system's in Electron; default, the environment's. */
  proxy?: ProxyResolver;
  /** The authorities every connection trusts; default, the OS store (net/system-ca.ts). For tests. */
  systemCa?: () => string[];
}

/** An answer from the server that says no: its status, its code and its own words. */
export class ApiError extends AppFailure {
  /**
   * Which attempt got this answer (0 = the first). A retried DELETE that finds nothing (404) may
   * have deleted it on an attempt whose answer was lost; the caller decides what that means.
   */
  readonly attempt: number;

  constructor(status: number, code: string, message: string, details?: unknown, attempt = 0) {
    super(code as ErrorCode, message, { status, details });
    this.name = 'ApiError';
    this.attempt = attempt;
  }
}

/**
 * Sends a DELETE for which "not found" on a retry means done: an earlier attempt deleted it and its
 * answer was lost (the client retries DELETE, which is idempotent). A 404 on the first attempt is the
 * server's answer, and is given as it is.
 */
export async function ensureDeleted(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404 && error.attempt > 0)) throw error;
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TIMEOUT_REASON = Symbol('tokendesk-timeout');

interface RawAnswer {
  status: number;
  retryAfter: string | string[] | undefined;
  text: string;
}

/**
 * The one HTTP client of the main process: a keep-alive undici Agent, JSON in and out, answers checked
 * against the shared schemas, bounded retries with backoff for idempotent methods only.
 */
export class ApiClient {
  readonly #network: Network;
  readonly #timeoutMs: number;
  readonly #policy: RetryPolicy;
  readonly #userAgent: string;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #onOutcome: RequestOutcome | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#network = new Network({
      proxy: options.proxy,
      systemCa: options.systemCa,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? Math.min(10_000, this.#timeoutMs),
      answerTimeoutMs: this.#timeoutMs,
    });
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#userAgent = options.userAgent ?? 'TokenDesk';
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#onOutcome = options.onOutcome;
  }

  /**
   * Calls one route of the REST contract (src-shared/api/contract.ts): its method and path from the
   * table, its answer parsed with the table's response schema (nothing for a 204).
   */
  call<Op extends OperationId>(target: ApiTarget, operationId: Op, ...[input]: CallArgs<Op>): Promise<ResponseOf<Op>> {
    const route = restContract[operationId];
    const { params, query, body, headers, signal, onHeaders, fastParse } = (input ?? {}) as CallInput<Op>;
    const answer = this.#request(target, {
      method: route.method,
      // The table's params type: checked by CallInput, but not narrowed on a generic operationId.
      path: apiPath(operationId, ...([params] as ParamsArg<Op>)),
      query: query as ApiRequest<unknown>['query'],
      body,
      headers: headers as Record<string, string> | undefined,
      schema: route.response.schema as unknown as ZodType<ResponseOf<Op>>,
      fastParse,
      signal,
      onHeaders,
    });
    const { connectionId } = target;
    const report = this.#onOutcome;
    if (connectionId === undefined || report === undefined) return answer;
    const tell = (error: unknown) => {
      if (!signal?.aborted) report({ ...target, connectionId }, error);
    };
    answer.then(
      () => tell(null),
      (error: unknown) => tell(error),
    );
    return answer;
  }

  async #request<T>(target: ApiTarget, req: ApiRequest<T>): Promise<T> {
    const url = buildUrl(target.url, req.path, req.query);
    for (let attempt = 0; ; attempt++) {
      let answer: RawAnswer;
      try {
        answer = await this.#once(target, url, req);
      } catch (error) {
        const retryable = error instanceof AppFailure && error.code === 'network_unreachable';
        const decision = retryable
          ? decideRetry(this.#decisionInput(req.method, attempt, null, undefined))
          : ({ retry: false } as const);
        if (!decision.retry) throw error;
        await this.#wait(decision.delayMs, req.signal);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return parseSuccess(answer, req, url);
      const decision = decideRetry(this.#decisionInput(req.method, attempt, answer.status, answer.retryAfter));
      if (!decision.retry) throw parseFailure(answer, attempt);
      await this.#wait(decision.delayMs, req.signal);
    }
  }

  async close(): Promise<void> {
    await this.#network.close();
  }

  #decisionInput(method: string, attempt: number, status: number | null, retryAfter: string | string[] | undefined) {
    return { method, attempt, status, retryAfter, nowMs: this.#now(), policy: this.#policy, random: this.#random };
  }

  async #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#sleep(ms, signal);
    } catch {
      throw new AppFailure('network_unreachable', 'The request was cancelled.');
    }
  }

  async #once<T>(target: ApiTarget, url: URL, req: ApiRequest<T>): Promise<RawAnswer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT_REASON), this.#timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
    const headers: Record<string, string> = {
      ...req.headers,
      accept: 'application/json',
      authorization: `Bearer ${target.token}`,
      'user-agent': this.#userAgent,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    try {
      const dispatcher = await this.#network.dispatcherFor(url, target.tls ?? NO_TLS_POLICY);
      const res = await request(url, { dispatcher, method: req.method, headers, body, signal });
      if (res.statusCode >= 200 && res.statusCode < 300) req.onHeaders?.(res.headers);
      const text = await res.body.text();
      return { status: res.statusCode, retryAfter: res.headers['retry-after'], text };
    } catch (error) {
      if (req.signal?.aborted) throw new AppFailure('network_unreachable', 'The request was cancelled.');
      throw this.#transportFailure(error, url, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  #transportFailure(error: unknown, url: URL, timedOut: boolean): AppFailure {
    if (error instanceof TlsRefusal) return tlsFailure(error);
    const proxyStatus = /^Proxy response \((\d+)\)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (proxyStatus !== undefined) {
      return new AppFailure(
        'network_unreachable',
        `The proxy refused to connect to ${url.origin} (it answered HTTP ${proxyStatus}). Check the proxy settings of this computer.`,
        { cause: error },
      );
    }
    const seconds = Math.round(this.#timeoutMs / 100) / 10;
    if (timedOut || TIMEOUT_CODES.has(errorCode(error))) {
      return new AppFailure('timeout', `${url.origin} did not answer within ${seconds} seconds. Try again later.`, {
        cause: error,
      });
    }
    return new AppFailure('network_unreachable', `Can't reach ${url.origin}. Check that the server is running.`, {
      cause: error,
    });
  }
}

/** A refused TLS handshake as the renderer sees it: never retried, and the certificate when the user may trust it. */
function tlsFailure(refusal: TlsRefusal): AppFailure {
  const code = `certificate_${refusal.kind}` as const;
  const details = refusal.certificate ? { certificate: refusal.certificate } : undefined;
  return new AppFailure(code, refusal.message, { details, cause: refusal });
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

export function buildUrl(base: string, path: string, query?: ApiRequest<unknown>['query']): URL {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

function describe(req: ApiRequest<unknown>, url: URL): string {
  return `${req.method} ${url.pathname}`;
}

function parseSuccess<T>(answer: RawAnswer, req: ApiRequest<T>, url: URL): T {
  // An empty answer (204) is nothing: the contract's schema for it accepts only that.
  let json: unknown = undefined;
  if (answer.text.length > 0) {
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw new AppFailure('bad_response', `The server's answer to ${describe(req, url)} was not JSON.`);
    }
  }
  const fast = req.fastParse?.(json);
  if (fast) return fast;
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
    throw new AppFailure(
      'bad_response',
      `The server's answer to ${describe(req, url)} was not what TokenDesk expected${where}. The server may be a different version.`,
    );
  }
  return parsed.data;
}

function parseFailure(answer: RawAnswer, attempt: number): ApiError {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    json = undefined;
  }
  const body = ErrorBody.safeParse(json);
  if (body.success) {
    const { code, message, details } = body.data.error;
    return new ApiError(answer.status, code, message, details, attempt);
  }
  return new ApiError(
    answer.status,
    'bad_response',
    `The server answered with HTTP ${answer.status} and no explanation. It may be behind a proxy that is failing.`,
    undefined,
    attempt,
  );
}
