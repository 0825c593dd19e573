/**
 * The token, clipboard and settings parts of the fake bridge (component tests and screenshots only).
 * Like main, a change is written into the cached detail and snapshot before the answer returns.
 */
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import type { AccountDetail } from '../../src-shared/ipc/models.js';
import { tokenHint } from '../../src-shared/token-format.js';
import { issuedToken, issueSecret, revealed } from './fake-issued.js';
import type { Announce, FakeState, TokenFakeState } from './fake-state.js';

type Answer = <T>(fn: string, request: unknown, value: () => T | AppError) => Promise<Result<T>>;

export function tokenFakeState(): TokenFakeState {
  return {
    settings: {
      clipboardClearSeconds: 30,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      attentionUnusedDays: 90,
      notifications: { enabled: true, thresholdsDays: [7, 1], quietHours: null },
    },
    loseNextSecret: false,
    secretsIssued: [],
  };
}

let made = 0;

export function fakeTokenApi(
  state: FakeState,
  answer: Answer,
  announce: Announce,
): Pick<TokenDeskApi, 'tokens' | 'clipboard' | 'settings'> {
  const setTokens = (detail: AccountDetail, tokens: TokenMeta[]) => writeTokens(state, announce, detail, tokens);

  function detailOf(accountId: string): AccountDetail | AppError {
    const found = state.details[accountId];
    if (!found?.tokens) return { code: 'not_found', message: 'Service account not found.', status: 404 };
    return found;
  }

  const issue = () => issueSecret(state, 'serviceAccount');

  return {
    tokens: {
      create: (request) =>
        answer('tokens.create', request, () => {
          const found = detailOf(request.accountId);
          if ('code' in found) return found;
          const tokens = found.tokens ?? [];
          const { input } = request;
          if (tokens.some((t) => t.name === input.name)) {
            return { code: 'name_taken', message: `A token named "${input.name}" already exists.`, status: 409 };
          }
          const secret = issue();
          made += 1;
          const token = issuedToken(
            {
              id: `tok-new-${made}`,
              name: input.name,
              expiresAt: input.expiresAt,
              roles: input.roles ?? [...found.roles],
              maxRps: input.maxRps ?? null,
            },
            secret,
          );
          setTokens(found, [...tokens, token]);
          if (state.loseNextSecret) {
            state.loseNextSecret = false;
            return {
              code: 'secret_lost',
              message: 'The server made the token, but its answer was lost.',
              details: { token },
            };
          }
          return { token, secret, ...revealed() };
        }),
      update: (request) =>
        answer('tokens.update', request, () => {
          const found = detailOf(request.accountId);
          if ('code' in found) return found;
          const current = found.tokens?.find((t) => t.name === request.name);
          if (!current) return { code: 'not_found', message: 'Token not found.', status: 404 };
          const next: TokenMeta = { ...current, ...request.patch };
          setTokens(
            found,
            (found.tokens ?? []).map((t) => (t.id === current.id ? next : t)),
          );
          return next;
        }),
      rotate: (request) =>
        answer('tokens.rotate', request, () => {
          const found = detailOf(request.accountId);
          if ('code' in found) return found;
          const current = found.tokens?.find((t) => t.name === request.name);
          if (!current) return { code: 'not_found', message: 'Token not found.', status: 404 };
          const secret = issue();
          made += 1;
          const now = Date.now();
          const token: TokenMeta = {
            ...current,
            id: `tok-new-${made}`,
            hint: tokenHint(secret),
            createdAt: new Date(now).toISOString(),
            lastUsedAt: null,
            lastUsedFrom: null,
          };
          const previous: TokenMeta = {
            ...current,
            name: `${current.name}.rotated-${now}`,
            expiresAt: new Date(now + request.graceSeconds * 1000).toISOString(),
            replacedBy: token.id,
          };
          const others = (found.tokens ?? []).filter((t) => t.id !== current.id);
          setTokens(found, [...others, previous, token]);
          // As main: the token the connection signs in with is re-stored for it, and its secret is not answered.
          const own = state.connections.find((c) => c.id === request.connectionId && c.tokenId === current.id);
          if (!own) return { token, secret, previous, storedForConnection: false as const, ...revealed() };
          state.connections = state.connections.map((c) => (c === own ? { ...c, tokenId: token.id } : c));
          return { token, previous, storedForConnection: true as const };
        }),
      remove: (request) =>
        answer('tokens.remove', request, () => {
          const found = detailOf(request.accountId);
          if ('code' in found) return found;
          if (!found.tokens?.some((t) => t.name === request.name)) {
            return { code: 'not_found', message: 'Token not found.', status: 404 };
          }
          setTokens(
            found,
            (found.tokens ?? []).filter((t) => t.name !== request.name),
          );
          return null;
        }),
    },
    clipboard: {
      copy: (request) =>
        answer('clipboard.copy', request, () => ({
          clearsAt: new Date(Date.now() + state.settings.clipboardClearSeconds * 1000).toISOString(),
        })),
      copyText: (request) => answer('clipboard.copyText', request, () => null),
    },
    settings: {
      get: () => answer('settings.get', undefined, () => ({ ...state.settings })),
      update: (request) =>
        answer('settings.update', request, () => {
          state.settings = { ...state.settings, ...request };
          return { ...state.settings };
        }),
    },
  };
}

/** Like main: the account's detail and row take the new tokens and count, and main says so. */
function writeTokens(state: FakeState, announce: Announce, detail: AccountDetail, tokens: TokenMeta[]): void {
  const next: AccountDetail = { ...detail, tokens, tokenCount: tokens.length };
  state.details[detail.id] = next;
  for (const [connectionId, snapshot] of Object.entries(state.snapshots)) {
    if (!snapshot) continue;
    const { tokens: _tokens, ...row } = next;
    state.snapshots[connectionId] = {
      ...snapshot,
      accounts: snapshot.accounts.map((a) => (a.id === detail.id ? row : a)),
    };
    announce(connectionId, [detail.id], false);
  }
}
