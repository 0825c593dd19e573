import type { ServiceAccountWithTokens, TokenMeta } from '../../../src-shared/api/models.js';
import type { MatchedRoute } from '../../../src-shared/api/paths.js';
import {
  CreateTokenBody,
  IDEMPOTENCY_HEADER,
  PatchTokenBody,
  RotateTokenBody,
} from '../../../src-shared/api/tokens.js';
import { generateToken, tokenHint } from '../../../src-shared/token-format.js';

/** What a token route needs from the fake server. */
export interface TokenRouteContext {
  accounts: Map<string, { account: ServiceAccountWithTokens; seq: number }>;
  upsert(account: ServiceAccountWithTokens): void;
  send(status: number, body: unknown): void;
  error(status: number, code: string, message: string, details?: unknown): void;
  /** Idempotency keys already used, and the token each one made. */
  keys: Map<string, TokenMeta>;
}

/** The routes of the REST contract this fake serves here: the domain level only. */
const TOKEN_ROUTES = new Set([
  'listServiceAccountTokens',
  'createServiceAccountToken',
  'updateServiceAccountToken',
  'deleteServiceAccountToken',
  'rotateServiceAccountToken',
]);

/**
 * The domain-level token endpoints, with the REST shapes and the idempotency rule (a replayed key is
 * 409 `idempotent_replay` with the token, never the secret) but no authorization rules. Returns false
 * for a route that is not one of them.
 */
export function handleTokenRoute(
  ctx: TokenRouteContext,
  route: MatchedRoute,
  headers: Record<string, string | string[] | undefined>,
  body: unknown,
): boolean {
  if (!TOKEN_ROUTES.has(route.operationId)) return false;
  const id = route.params.id!;
  const name = route.params.name ?? null;
  const held = ctx.accounts.get(id);
  if (!held) {
    ctx.error(404, 'not_found', `There is no service account with id "${id}".`);
    return true;
  }
  const tokens = held.account.tokens ?? [];
  const save = (next: TokenMeta[]) => ctx.upsert(withTokens(held.account, next));
  const stamp = new Date().toISOString();

  if (route.operationId === 'listServiceAccountTokens') return (ctx.send(200, { items: tokens }), true);
  if (route.operationId === 'createServiceAccountToken') {
    const key = headerOf(headers, IDEMPOTENCY_HEADER);
    if (refusedReplay(ctx, key)) return true;
    const input = CreateTokenBody.parse(body);
    if (tokens.some((t) => t.name === input.name)) {
      ctx.error(409, 'name_taken', `This service account already has a token named "${input.name}".`);
      return true;
    }
    const secret = generateToken('serviceAccount');
    const token: TokenMeta = {
      id: `tok_${held.account.id}_${tokens.length}_${Date.now()}`,
      name: input.name,
      status: 'ACTIVE',
      expiresAt: input.expiresAt,
      roles: input.roles ?? held.account.roles,
      maxRps: input.maxRps ?? null,
      hint: tokenHint(secret),
      createdAt: stamp,
      createdBy: 'admin',
      lastUsedAt: null,
      lastUsedFrom: null,
      replacedBy: null,
    };
    if (key !== undefined) ctx.keys.set(key, token);
    save([...tokens, token]);
    ctx.send(201, { token, secret });
    return true;
  }

  const token = tokens.find((t) => t.name === name);
  if (!token) {
    ctx.error(404, 'not_found', `There is no token named "${name}".`);
    return true;
  }
  if (route.operationId === 'rotateServiceAccountToken') {
    const key = headerOf(headers, IDEMPOTENCY_HEADER);
    if (refusedReplay(ctx, key)) return true;
    RotateTokenBody.parse(body);
    const secret = generateToken('serviceAccount');
    const fresh: TokenMeta = { ...token, id: `${token.id}_r`, hint: tokenHint(secret), createdAt: stamp };
    const previous: TokenMeta = { ...token, name: `${token.name}.rotated-${Date.now()}`, replacedBy: fresh.id };
    if (key !== undefined) ctx.keys.set(key, fresh);
    save([...tokens.filter((t) => t !== token), previous, fresh]);
    ctx.send(200, { token: fresh, secret, previous });
    return true;
  }
  if (route.operationId === 'updateServiceAccountToken') {
    const next: TokenMeta = { ...token, ...PatchTokenBody.parse(body) };
    save(tokens.map((t) => (t === token ? next : t)));
    ctx.send(200, next);
    return true;
  }
  save(tokens.filter((t) => t !== token));
  ctx.send(204, '');
  return true;
}

/** A request whose Idempotency-Key made a token already: 409 idempotent_replay with it, as the server answers. */
function refusedReplay(ctx: TokenRouteContext, key: string | undefined): boolean {
  const replayed = key === undefined ? undefined : ctx.keys.get(key);
  if (replayed) {
    ctx.error(409, 'idempotent_replay', 'This request was already made; the secret is not shown again.', {
      token: replayed,
    });
  }
  return replayed !== undefined;
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The account with these tokens and the summary the server derives from them. */
function withTokens(account: ServiceAccountWithTokens, tokens: TokenMeta[]): ServiceAccountWithTokens {
  const expiries = tokens
    .filter((t) => t.status !== 'EXPIRED' && t.expiresAt !== null)
    .map((t) => t.expiresAt!)
    .sort();
  return { ...account, tokens, tokenCount: tokens.length, nextExpiry: expiries[0] ?? null };
}
