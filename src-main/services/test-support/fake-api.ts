import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Group } from '../../../src-shared/api/directory.js';
import type { Me, ServiceAccountWithTokens, TokenMeta } from '../../../src-shared/api/models.js';
import { matchRoute } from '../../../src-shared/api/paths.js';
import { CreateServiceAccountBody, PatchServiceAccountBody } from '../../../src-shared/api/service-accounts.js';
import { handleDirectoryRoute, type DirectoryData } from './fake-api-directory.js';
import { handleTokenRoute } from './fake-api-tokens.js';
import { testGroups, testMe, testMembers, testRoles } from './fixtures.js';
import { inCatalogueOrder } from '../../../src-shared/permissions.js';

/**
 * A small TokenDesk-shaped HTTP server on a real socket (127.0.0.1, random port) for unit tests of
 * the client and sync: paging, changesSince, deletions, scripted failures. The integration tests
 * use the real server instead.
 */
export interface FakeApi extends DirectoryData {
  url: string;
  token: string;
  accounts: Map<string, { account: ServiceAccountWithTokens; seq: number }>;
  /** Served at /me: who the token belongs to and their rights. */
  me: Me;
  /** Served at the groups path; `null` answers 403 as for a caller without member.read. */
  groups: Group[] | null;
  /** Served requests, as `METHOD path?query`. */
  log: string[];
  /** Served requests with their headers (token tests look for the Idempotency-Key). */
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** Idempotency keys the token routes have seen, and the token each one made. */
  idempotencyKeys: Map<string, TokenMeta>;
  /**
   * The next `count` requests whose `METHOD path` matches are carried out as usual, but their answer
   * is lost: the connection is destroyed instead (a response lost on the way back).
   */
  dropNext(match: RegExp, count?: number): void;
  /** The next `count` matching requests never reach the server: the connection is cut before they are read. */
  cutNext(match: RegExp, count?: number): void;
  /** As dropNext, but the answer never comes and the connection stays open (the client times out). */
  stallNext(match: RegExp, count?: number): void;
  upsert(account: ServiceAccountWithTokens): void;
  remove(id: string): void;
  /** The next matching requests answer with this status (and optional headers/body) instead. */
  failNext(
    count: number,
    status: number,
    options?: { headers?: Record<string, string>; body?: unknown; match?: RegExp },
  ): void;
  /** Cursors at or below this are rejected with 400 (as if the server forgot them). */
  forgetCursorsBefore(seq: number): void;
  /** Called before each answer with `path?query`; tests change data mid-sync with it. */
  beforeAnswer: ((request: string) => void) | null;
  /** Holds every answer until `release` is called. */
  hold(): () => void;
  /**
   * Answers to requests whose `path?query` matches are worked out as usual but sent only when the
   * returned function is called: a client then acts on data read before what happened meanwhile.
   */
  holdAnswers(match: RegExp): () => void;
  close(): Promise<void>;
}

export async function startFakeApi(options: { token?: string; domain?: string } = {}): Promise<FakeApi> {
  const token = options.token ?? 'tdk_pt_fakefakefakefakefakefakefakefake000000';
  const domain = options.domain ?? 'default';
  let seq = 1;
  let forgottenBefore = 0;
  const accounts = new Map<string, { account: ServiceAccountWithTokens; seq: number }>();
  const deletions: { id: string; seq: number }[] = [];
  const failures: { status: number; headers: Record<string, string>; body: unknown; match: RegExp | undefined }[] = [];
  const log: string[] = [];
  const requests: FakeApi['requests'] = [];
  const idempotencyKeys = new Map<string, TokenMeta>();
  const losses: { match: RegExp; mode: 'drop' | 'stall' | 'cut' }[] = [];
  const lossOf = new WeakMap<ServerResponse, 'drop' | 'stall'>();
  let gate: Promise<void> | null = null;
  let answerGate: { match: RegExp; open: Promise<void> } | null = null;
  const requestOf = new WeakMap<ServerResponse, string>();
  let sorted: ServiceAccountWithTokens[] | null = null;
  const pageCache = new Map<string, string>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const write = () => {
      const loss = lossOf.get(res);
      if (loss === 'drop') return void res.socket?.destroy();
      if (loss === 'stall') return;
      if (status === 204) return void res.writeHead(204, headers).end();
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
    };
    const held = answerGate;
    if (held && held.match.test(requestOf.get(res) ?? '')) void held.open.then(write);
    else write();
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, details?: unknown) =>
    send(res, status, { error: { code, message, ...(details === undefined ? {} : { details }) } });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    // Routed by the REST contract, as the real server is; a path it does not have, or another domain, is 404.
    const matched = matchRoute(req.method ?? '', url.pathname);
    const route = matched && (matched.params.domain ?? domain) === domain ? matched : undefined;
    log.push(`${req.method} ${url.pathname}${url.search}`);
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    const lossIndex = losses.findIndex((l) => l.match.test(`${req.method} ${url.pathname}`));
    if (lossIndex >= 0) {
      const { mode } = losses.splice(lossIndex, 1)[0]!;
      if (mode === 'cut') return void req.socket.destroy();
      lossOf.set(res, mode);
    }
    requestOf.set(res, url.pathname + url.search);
    if (gate) await gate;
    fake.beforeAnswer?.(url.pathname + url.search);
    const failureIndex = failures.findIndex((f) => !f.match || f.match.test(url.pathname + url.search));
    if (failureIndex >= 0) {
      const failure = failures.splice(failureIndex, 1)[0]!;
      return send(
        res,
        failure.status,
        failure.body ?? { error: { code: 'internal', message: 'Scripted failure' } },
        failure.headers,
      );
    }
    if (route?.operationId === 'getHealth') {
      return send(res, 200, { status: 'ok', version: 'fake-1', time: new Date().toISOString() });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return error(res, 401, 'token_unknown', 'This token is not known to the server.');
    }
    if (!route) return error(res, 404, 'not_found', 'No such endpoint.');
    if (route.operationId === 'getMe') return send(res, 200, fake.me);
    if (route.operationId === 'listRoles') return send(res, 200, { items: testRoles });
    if (route.operationId === 'listGroups') {
      if (fake.groups === null) return error(res, 403, 'forbidden', 'Your roles do not allow you to read groups.');
      return send(res, 200, { items: fake.groups });
    }
    const body = req.method === 'GET' ? undefined : await readBody(req);
    const directoryContext = {
      data: fake,
      send: (status: number, answer: unknown) => send(res, status, answer),
      error: (status: number, code: string, message: string) => error(res, status, code, message),
    };
    if (handleDirectoryRoute(directoryContext, route, url, req.headers, body)) return;
    const tokenContext = {
      accounts,
      upsert: (account: ServiceAccountWithTokens) => fake.upsert(account),
      send: (status: number, answer: unknown) => send(res, status, answer),
      error: (status: number, code: string, message: string, details?: unknown) =>
        error(res, status, code, message, details),
      keys: idempotencyKeys,
    };
    if (handleTokenRoute(tokenContext, route, req.headers, body)) return;
    if (route.operationId !== 'listServiceAccounts') return change(res, route.operationId, route.params.id, body);

    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const since = url.searchParams.get('changesSince');
    if (since === null) {
      const key = `${offset}:${limit}:${seq}`;
      const cached = pageCache.get(key);
      if (cached) return send(res, 200, cached);
      sorted ??= [...accounts.values()].map((e) => e.account).sort((a, b) => (a.name < b.name ? -1 : 1));
      const items = sorted.slice(offset, offset + limit);
      const next = offset + limit < sorted.length ? String(offset + limit) : null;
      const body = JSON.stringify({
        items,
        nextCursor: next,
        syncCursor: String(seq),
        deleted: [],
        ...(offset === 0 ? { total: sorted.length } : {}),
      });
      pageCache.set(key, body);
      return send(res, 200, body);
    }
    const sinceSeq = Number(since);
    if (!/^\d+$/.test(since) || sinceSeq < forgottenBefore || sinceSeq > seq) {
      return error(res, 400, 'validation_failed', 'changesSince is not a cursor this server knows.');
    }
    const changed = [...accounts.values()].filter((e) => e.seq > sinceSeq).sort((a, b) => a.seq - b.seq);
    const items = changed.slice(offset, offset + limit).map((e) => e.account);
    const next = offset + limit < changed.length ? String(offset + limit) : null;
    return send(res, 200, {
      items,
      nextCursor: next,
      syncCursor: String(seq),
      deleted: offset === 0 ? deletions.filter((d) => d.seq > sinceSeq).map((d) => d.id) : [],
      ...(offset === 0 ? { total: changed.length } : {}),
    });
  }

  /** Create, read, change and delete one account, with the REST shapes and no authorization rules. */
  function change(res: ServerResponse, operationId: string, id: string | undefined, body: unknown): void {
    const stamp = new Date().toISOString();
    if (operationId === 'createServiceAccount') {
      const input = CreateServiceAccountBody.parse(body);
      const name = input.name;
      if ([...accounts.values()].some((e) => e.account.name === name)) {
        return error(res, 409, 'name_taken', `A service account named "${name}" already exists.`);
      }
      const account: ServiceAccountWithTokens = {
        id: `sa_new_${seq}`,
        name,
        description: input.description,
        roles: input.roles,
        grants: inCatalogueOrder(input.grants),
        denies: inCatalogueOrder(input.denies),
        groups: input.groups.length > 0 ? input.groups : ['admins'],
        enabled: true,
        basicAuthEnabled: input.basicAuthEnabled,
        createdAt: stamp,
        createdBy: 'admin',
        updatedAt: stamp,
        updatedBy: 'admin',
        tokenCount: 0,
        nextExpiry: null,
        tokens: [],
      };
      fake.upsert(account);
      const { tokens: _tokens, ...row } = account;
      return send(res, 201, row);
    }
    const held = id === undefined ? undefined : accounts.get(id);
    if (id === undefined || !held) return error(res, 404, 'not_found', `There is no service account with id "${id}".`);
    if (operationId === 'getServiceAccount') {
      const { tokens: _tokens, ...row } = held.account;
      return send(res, 200, row);
    }
    if (operationId === 'deleteServiceAccount') {
      fake.remove(id);
      res.writeHead(204).end();
      return;
    }
    if (operationId !== 'updateServiceAccount') return error(res, 404, 'not_found', 'No such endpoint.');
    const patch = PatchServiceAccountBody.parse(body);
    const account: ServiceAccountWithTokens = {
      ...held.account,
      ...patch,
      grants: patch.grants === undefined ? held.account.grants : inCatalogueOrder(patch.grants),
      denies: patch.denies === undefined ? held.account.denies : inCatalogueOrder(patch.denies),
      updatedAt: stamp,
    };
    fake.upsert(account);
    const { tokens: _tokens, ...row } = account;
    return send(res, 200, row);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => error(res, 500, 'internal', 'Fake server failed.'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeApi = {
    beforeAnswer: null,
    me: structuredClone(testMe),
    groups: testGroups,
    members: structuredClone(testMembers),
    personalTokens: [],
    personalKeys: new Map(),
    logs: new Map(),
    audit: [],
    url: `http://127.0.0.1:${port}`,
    token,
    accounts,
    log,
    requests,
    idempotencyKeys,
    dropNext(match, count = 1) {
      for (let i = 0; i < count; i++) losses.push({ match, mode: 'drop' });
    },
    cutNext(match, count = 1) {
      for (let i = 0; i < count; i++) losses.push({ match, mode: 'cut' });
    },
    stallNext(match, count = 1) {
      for (let i = 0; i < count; i++) losses.push({ match, mode: 'stall' });
    },
    upsert(account) {
      seq += 1;
      accounts.set(account.id, { account, seq });
      sorted = null;
    },
    remove(id) {
      seq += 1;
      accounts.delete(id);
      deletions.push({ id, seq });
      sorted = null;
    },
    failNext(count, status, failureOptions = {}) {
      for (let i = 0; i < count; i++) {
        failures.push({
          status,
          headers: failureOptions.headers ?? {},
          body: failureOptions.body,
          match: failureOptions.match,
        });
      }
    },
    forgetCursorsBefore(value) {
      forgottenBefore = value;
    },
    holdAnswers(match) {
      let release!: () => void;
      answerGate = { match, open: new Promise<void>((resolve) => (release = resolve)) };
      return () => {
        answerGate = null;
        release();
      };
    },
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** Read once per request: several route handlers may ask for it. */
const bodies = new WeakMap<IncomingMessage, Promise<unknown>>();
function readBody(req: IncomingMessage): Promise<unknown> {
  let body = bodies.get(req);
  if (!body) {
    body = readBodyOnce(req);
    bodies.set(req, body);
  }
  return body;
}

async function readBodyOnce(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}
