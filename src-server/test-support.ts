/**
 * Helpers for the server's tests: a real server on 127.0.0.1:0 over a fresh database of this run's
 * backend (test-backend.ts: a temporary SQLite data folder, or a PostgreSQL database of its own), a
 * second store connection on the same database for arranging data, and a small HTTP helper.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPath } from '../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../src-shared/api/service-accounts.js';
import type { Permission, RoleName } from '../src-shared/roles.js';
import { ADMIN_MEMBER, ADMINS_GROUP, DEFAULT_DOMAIN } from './bootstrap.js';
import { startServer, type RunningServer, type StartServerOptions } from './server.js';
import type { DomainRow } from './store/domains.js';
import type { MemberRow } from './store/members.js';
import { openStore, type Store } from './store/store.js';
import { testDatabase } from './test-backend.js';
import type { DatabaseLocation } from './db/open.js';
import type { CreatedToken } from './store/tokens.js';

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** A clock tests can move. */
export class TestClock {
  ms: number;
  constructor(start = T0) {
    this.ms = start;
  }
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
  /** An expiry `days` from now, as the API takes it. */
  inDays(days: number): string {
    return new Date(this.ms + days * 24 * 60 * 60 * 1000).toISOString();
  }
}

export function tempDir(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `tokendesk-server-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  adminToken: string;
  /** The server's database (a data folder on SQLite, `{ databaseUrl }` on PostgreSQL). */
  database: DatabaseLocation;
  /** The SQLite data folder, for the tests about the file itself; throws on PostgreSQL. */
  readonly dataDir: string;
  clock: TestClock;
  /** A separate connection to the same database, for arranging data the API cannot create yet. */
  store: Store;
  domain: DomainRow;
  admin: MemberRow;
  adminsGroupId: string;
  /** The server's 5xx reports (JSON lines), also passed on to stderr. */
  errorReports: string[];
  close(): Promise<void>;
}

export async function startTestServer(
  label: string,
  options: Pick<
    StartServerOptions,
    | 'logRetentionDays'
    | 'logRetentionCount'
    | 'logPruneIntervalMs'
    | 'limits'
    | 'log'
    | 'logStream'
    | 'redisUrl'
    | 'trustProxy'
  > = {},
): Promise<TestServer> {
  const db = await testDatabase(label);
  const clock = new TestClock();
  const errorReports: string[] = [];
  const server = await startServer({
    database: db.location,
    port: 0,
    now: clock.now,
    validateAllResponses: true,
    errorLog: {
      write: (line: string) => {
        errorReports.push(line);
        return process.stderr.write(line);
      },
    },
    ...options,
  });
  const store = await openStore(db.location, { now: clock.now });
  serverFlushes.set(store, () => server.flushRequestLog());
  const domain = await store.domains.byName(DEFAULT_DOMAIN);
  const admin = domain && (await store.members.byName(domain.id, ADMIN_MEMBER));
  const admins = domain && (await store.groups.byName(domain.id, ADMINS_GROUP));
  if (!server.adminToken || !domain || !admin || !admins) throw new Error('bootstrap did not happen');
  return {
    server,
    url: server.url,
    adminToken: server.adminToken,
    database: db.location,
    get dataDir() {
      if (typeof db.location !== 'string') throw new Error('This test reads the SQLite file: not on PostgreSQL');
      return db.location;
    },
    clock,
    store,
    domain,
    admin,
    adminsGroupId: admins.id,
    errorReports,
    close: async () => {
      await store.close();
      await server.close();
      await db.remove();
    },
  };
}

/**
 * A store on a fresh database of this run's backend (test-backend.ts), for tests that build the app
 * themselves; `close` closes it and drops the database.
 */
export async function openTestStore(
  label: string,
  options: Parameters<typeof openStore>[1] = {},
): Promise<{ store: Store; database: DatabaseLocation; close: () => Promise<void> }> {
  const db = await testDatabase(label);
  const store = await openStore(db.location, options);
  return {
    store,
    database: db.location,
    close: async () => {
      await store.close();
      await db.remove();
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** GET (or another method) with an optional Bearer token; the body is parsed as JSON. */
export async function call<T = unknown>(
  url: string,
  options: {
    token?: string;
    authorization?: string;
    method?: string;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body: options.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A service account through the store, as the demo seeder and (later) the POST route create them. */
export function addServiceAccount(
  t: Pick<TestServer, 'store' | 'domain'>,
  input: {
    name: string;
    description?: string;
    roles?: RoleName[];
    grants?: Permission[];
    denies?: Permission[];
    groupIds?: string[];
    enabled?: boolean;
    basicAuthEnabled?: boolean;
    at?: number;
  },
): Promise<MemberRow> {
  return t.store.members.create({
    domainId: t.domain.id,
    type: 'SERVICE_ACCOUNT',
    name: input.name,
    description: input.description ?? '',
    roles: input.roles ?? ['Viewer'],
    grants: input.grants ?? [],
    denies: input.denies ?? [],
    groupIds: input.groupIds ?? [],
    enabled: input.enabled ?? true,
    basicAuthEnabled: input.basicAuthEnabled ?? false,
    by: ADMIN_MEMBER,
    ...(input.at === undefined ? {} : { at: input.at }),
  });
}

/** A human member with a personal token; returns the member and the token secret. */
export async function addHumanWithToken(
  t: Pick<TestServer, 'store' | 'domain'>,
  input: { name: string; roles: RoleName[]; groupIds?: string[] },
): Promise<{ member: MemberRow; token: string }> {
  const member = await t.store.members.create({
    domainId: t.domain.id,
    type: 'HUMAN',
    name: input.name,
    roles: input.roles,
    groupIds: input.groupIds ?? [],
    by: ADMIN_MEMBER,
  });
  const { secret } = await t.store.tokens.create({
    memberId: member.id,
    kind: 'pt',
    name: 'personal',
    roles: [],
    expiresAt: null,
    by: ADMIN_MEMBER,
  });
  return { member, token: secret };
}

/**
 * A token of a service account through the store, made by the bootstrap admin, with no audit row and
 * no expiry unless given: for tests about what a token may do, not about how tokens are made.
 */
export function addServiceAccountToken(
  t: Pick<TestServer, 'store'>,
  account: { id: string },
  input: { name: string; roles: RoleName[]; expiresAt?: number | null },
): Promise<CreatedToken> {
  return t.store.tokens.create({
    memberId: account.id,
    kind: 'sa',
    name: input.name,
    roles: input.roles,
    expiresAt: input.expiresAt ?? null,
    by: ADMIN_MEMBER,
  });
}

/** A group through the store (groups have no write endpoint yet). */
export async function addGroup(t: Pick<TestServer, 'store' | 'domain' | 'clock'>, name: string): Promise<string> {
  return (await t.store.groups.create({ domainId: t.domain.id, name, by: ADMIN_MEMBER, at: t.clock.now() })).id;
}

/**
 * Every page of a listing of the default domain's service accounts (`query` without a cursor), as the raw
 * text the server sent, following each nextCursor: for tests that compare answers byte for byte.
 */
export async function listingPages(serverUrl: string, token: string, query: string): Promise<string[]> {
  const base = `${serverUrl}${apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}?${query}`;
  const texts: string[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await fetch(base + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''), {
      headers: { authorization: `Bearer ${token}` },
    });
    const text: string = await response.text();
    if (response.status !== 200) throw new Error(`listing ${query}: HTTP ${response.status} ${text}`);
    texts.push(text);
    cursor = ServiceAccountListResponse.parse(JSON.parse(text)).nextCursor;
  } while (cursor);
  return texts;
}

/** A JSON request: the body is serialised unless it is already a string. */
export function send<T = unknown>(
  url: string,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET',
  token: string,
  body?: unknown,
): Promise<Reply<T>> {
  return call<T>(url, {
    method,
    token,
    ...(body === undefined
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body), contentType: 'application/json' }),
  });
}

/** Tables a write may touch. */
const WRITABLE_TABLES = [
  'domains',
  'members',
  'member_roles',
  'groups',
  'group_members',
  'tokens',
  'sa_tombstones',
  'audit_events',
  'request_logs',
  'bundles',
  'member_bundles',
  'group_bundles',
  'token_policies',
  'auto_suspend_runs',
];

/** For a test's store (its own connection), the flush of the running server's request-log queue. */
const serverFlushes = new WeakMap<Store, () => Promise<void>>();

/**
 * Row counts and a SHA-256 of every row of the writable tables: equal fingerprints mean nothing changed.
 * Read through `Sql`, so it works on either database.
 * `except` leaves tables out: a service-account token's every request, a refused one too, writes its
 * request-log row, which is the log doing its job and not a write of the refused change.
 */
export async function databaseFingerprint(
  store: Store,
  options: { except?: readonly string[] } = {},
): Promise<{ counts: Record<string, number>; hash: string }> {
  // Request-log entries are written in batches by the server's own connection: flush its queue first,
  // so an entry of an earlier request is not counted as written by the next one. A test's store is a
  // second connection whose own queue is always empty, hence the server's flush (serverFlushes).
  await (serverFlushes.get(store) ?? (() => store.requestLog.flush()))();
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const table of WRITABLE_TABLES.filter((name) => !options.except?.includes(name))) {
    // Rows in no particular order (some tables have no rowid): sorted by their own text. A row's values
    // keep the table's column order.
    const rows = (await store.sql.all<Record<string, unknown>>(`SELECT * FROM ${table}`))
      .map((row) => JSON.stringify(Object.values(row)))
      .sort();
    counts[table] = rows.length;
    hash.update(`${table}\n${rows.join('\n')}\n`);
  }
  return { counts, hash: hash.digest('hex') };
}
