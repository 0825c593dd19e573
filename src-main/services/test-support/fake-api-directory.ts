import type { AuditEvent, Group, Member } from '../../../src-shared/api/directory.js';
import {
  CreateGroupBody,
  CreateMemberBody,
  PatchGroupBody,
  PatchMemberBody,
} from '../../../src-shared/api/directory.js';
import type { RequestLogEntry } from '../../../src-shared/api/logs.js';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { MatchedRoute } from '../../../src-shared/api/paths.js';
import { CreatePersonalTokenBody, PatchPersonalTokenBody } from '../../../src-shared/api/personal-tokens.js';
import { IDEMPOTENCY_HEADER } from '../../../src-shared/api/tokens.js';
import { generateToken, tokenHint } from '../../../src-shared/token-format.js';

/** The fake server's directory, personal tokens, logs and audit (all in memory, no authorization). */
export interface DirectoryData {
  /** Served at the members path; `null` answers 403. */
  members: Member[] | null;
  groups: Group[] | null;
  personalTokens: TokenMeta[];
  /** Request logs per account id, newest first. */
  logs: Map<string, RequestLogEntry[]>;
  audit: AuditEvent[];
  /** Idempotency keys the personal-token route has seen. */
  personalKeys: Map<string, TokenMeta>;
}

export interface DirectoryRouteContext {
  data: DirectoryData;
  send(status: number, body: unknown): void;
  error(status: number, code: string, message: string): void;
}

/** Handles the route, or returns false when it is none of these. */
export function handleDirectoryRoute(
  ctx: DirectoryRouteContext,
  route: MatchedRoute,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  body: unknown,
): boolean {
  const { data } = ctx;
  const { operationId, params } = route;
  const stamp = new Date().toISOString();
  const notFound = (what: string) => (ctx.error(404, 'not_found', `There is no ${what}.`), true);

  if (operationId === 'listPersonalTokens') return (ctx.send(200, { items: data.personalTokens }), true);
  if (operationId === 'createPersonalToken') {
    const key = headerOf(headers, IDEMPOTENCY_HEADER);
    const replayed = key === undefined ? undefined : data.personalKeys.get(key);
    if (replayed) {
      ctx.send(409, {
        error: { code: 'idempotent_replay', message: 'Already made.', details: { token: replayed } },
      });
      return true;
    }
    const input = CreatePersonalTokenBody.parse(body);
    if (data.personalTokens.some((t) => t.name === input.name)) {
      return (ctx.error(409, 'name_taken', `A token named "${input.name}" already exists.`), true);
    }
    const secret = generateToken('personal');
    const token = tokenMeta(
      `pt_${data.personalTokens.length + 1}`,
      input.name,
      input.expiresAt,
      tokenHint(secret),
      stamp,
    );
    data.personalTokens.push(token);
    if (key !== undefined) data.personalKeys.set(key, token);
    return (ctx.send(201, { token, secret }), true);
  }
  if (operationId === 'updatePersonalToken' || operationId === 'deletePersonalToken') {
    const name = params.name!;
    const at = data.personalTokens.findIndex((t) => t.name === name);
    if (at < 0) return notFound(`personal token "${name}"`);
    if (operationId === 'deletePersonalToken') {
      data.personalTokens.splice(at, 1);
      return (ctx.send(204, ''), true);
    }
    const next = { ...data.personalTokens[at]!, ...PatchPersonalTokenBody.parse(body) };
    data.personalTokens[at] = next;
    return (ctx.send(200, next), true);
  }

  if (operationId === 'listMembers' || operationId === 'createMember') {
    if (data.members === null) return (ctx.error(403, 'forbidden', 'You may not read members.'), true);
    if (operationId === 'listMembers') return (ctx.send(200, { items: data.members }), true);
    const input = CreateMemberBody.parse(body);
    if (data.members.some((m) => m.name === input.name)) {
      return (ctx.error(409, 'name_taken', `A member named "${input.name}" already exists.`), true);
    }
    const member: Member = {
      id: `m_${input.name}`,
      name: input.name,
      type: 'HUMAN',
      roles: input.roles,
      groups: input.groups,
      bundles: [],
      enabled: true,
      createdAt: stamp,
    };
    data.members.push(member);
    const secret = generateToken('personal');
    const token = tokenMeta(`pt_${member.id}`, 'first', null, tokenHint(secret), stamp);
    return (ctx.send(201, { member, token, secret }), true);
  }
  if (operationId === 'updateMember' || operationId === 'deleteMember') {
    const id = params.id!;
    const members = data.members ?? [];
    const at = members.findIndex((m) => m.id === id);
    if (at < 0) return notFound(`member "${id}"`);
    if (operationId === 'deleteMember') return (members.splice(at, 1), ctx.send(204, ''), true);
    const next = { ...members[at]!, ...PatchMemberBody.parse(body) };
    members[at] = next;
    return (ctx.send(200, next), true);
  }

  if (operationId === 'createGroup') {
    const input = CreateGroupBody.parse(body);
    const group: Group = {
      id: `g_${input.name}`,
      name: input.name,
      description: input.description,
      memberCount: 0,
      serviceAccountCount: 0,
      bundles: [],
    };
    data.groups = [...(data.groups ?? []), group];
    return (ctx.send(201, group), true);
  }
  if (operationId === 'updateGroup' || operationId === 'deleteGroup') {
    const name = params.name!;
    const groups = data.groups ?? [];
    const at = groups.findIndex((g) => g.name === name);
    if (at < 0) return notFound(`group "${name}"`);
    if (operationId === 'deleteGroup') return (groups.splice(at, 1), ctx.send(204, ''), true);
    const next = { ...groups[at]!, ...PatchGroupBody.parse(body) };
    groups[at] = next;
    return (ctx.send(200, next), true);
  }

  if (operationId === 'listRequestLogs') {
    const entries = data.logs.get(params.id!) ?? [];
    const status = url.searchParams.get('status');
    const tokenId = url.searchParams.get('tokenId');
    const filtered = entries.filter(
      (e) =>
        (tokenId === null || e.tokenId === tokenId) &&
        (status === null || (status.endsWith('xx') ? String(e.status)[0] === status[0] : String(e.status) === status)),
    );
    return (ctx.send(200, paged(filtered, url)), true);
  }
  if (operationId === 'listAuditEvents') {
    const actor = url.searchParams.get('actor');
    const filtered = data.audit.filter((e) => actor === null || e.actor === actor);
    return (ctx.send(200, paged(filtered, url)), true);
  }
  return false;
}

function paged<T>(items: T[], url: URL): { items: T[]; nextCursor: string | null } {
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const next = offset + limit < items.length ? String(offset + limit) : null;
  return { items: items.slice(offset, offset + limit), nextCursor: next };
}

function tokenMeta(id: string, name: string, expiresAt: string | null, hint: string, stamp: string): TokenMeta {
  return {
    id,
    name,
    status: 'ACTIVE',
    expiresAt,
    roles: ['Admin'],
    maxRps: null,
    hint,
    createdAt: stamp,
    createdBy: 'admin',
    lastUsedAt: null,
    lastUsedFrom: null,
    replacedBy: null,
  };
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Log rows and audit events in the REST shapes, newest first. */
export function makeLogEntries(count: number, tokenId = 'tok_1'): RequestLogEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `log_${count - i}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, count - i)).toISOString(),
    tokenId: i % 2 === 0 ? tokenId : 'tok_2',
    tokenName: i % 2 === 0 ? 'token-1' : 'token-2',
    method: 'GET',
    path: '/api/v1/me',
    status: i % 3 === 0 ? 401 : 200,
    clientAddress: '127.0.0.1',
    count: 1,
  }));
}

export function makeAuditEvents(count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `ev_${count - i}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, count - i)).toISOString(),
    actor: i % 2 === 0 ? 'admin' : 'ops',
    action: 'update',
    resourceType: 'service_account',
    resourceId: `sa_${i}`,
    resourceName: `account_${i}`,
    before: null,
    after: { enabled: true },
  }));
}
