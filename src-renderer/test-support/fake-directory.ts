/**
 * The personal-token, members, groups, bundles, logs and audit parts of the fake bridge (component tests and
 * screenshots only). Like main, member and group changes are written into the cached snapshot first.
 */
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import type { Snapshot } from '../../src-shared/ipc/models.js';
import { fakeBundleApi } from './fake-bundles.js';
import { issuedToken, issueSecret, revealed } from './fake-issued.js';
import type { Announce, DirectoryFakeState, FakeState } from './fake-state.js';

type Answer = <T>(fn: string, request: unknown, value: () => T | AppError) => Promise<Result<T>>;

export function directoryFakeState(): DirectoryFakeState {
  return {
    personalTokens: [],
    logs: {},
    audit: [],
    pagesFromCache: false,
    autoSuspend: { lastRunAt: null, lastSuspended: 0, totalSuspended: 0 },
    violations: [],
  };
}

let made = 0;

function nameTaken(what: string, name: string): AppError {
  return { code: 'name_taken', message: `A ${what} named "${name}" already exists.`, status: 409 };
}

/** Cursor paging over an in-memory list: the cursor is the index of the next item. */
function page<T>(items: T[], limit: unknown, cursor: string | undefined, fromCache: boolean) {
  const start = fromCache ? 0 : Number(cursor ?? 0);
  const size = typeof limit === 'number' ? limit : 100;
  const slice = items.slice(start, start + size);
  const next = start + size < items.length && !fromCache ? String(start + size) : null;
  return { items: slice, nextCursor: next, asOf: new Date().toISOString(), fromCache };
}

function statusMatches(status: number, filter: string | undefined): boolean {
  if (!filter) return true;
  if (/^[1-5]xx$/.test(filter)) return String(status)[0] === filter[0];
  return String(status) === filter;
}

export function fakeDirectoryApi(
  state: FakeState,
  answer: Answer,
  announce: Announce,
): Pick<TokenDeskApi, 'personalTokens' | 'members' | 'groups' | 'bundles' | 'logs' | 'audit' | 'tokenPolicy'> {
  const { bundles, setMemberBundles, setGroupBundles } = fakeBundleApi(state, answer, announce);
  const issue = () => issueSecret(state, 'personal');
  function newToken(name: string, expiresAt: string | null, secret: string): TokenMeta {
    made += 1;
    return issuedToken({ id: `pt-new-${made}`, name, expiresAt, roles: [], maxRps: null }, secret);
  }
  function withSnapshot<T>(connectionId: string, change: (snap: Snapshot) => [Snapshot, T] | AppError): T | AppError {
    const snap = state.snapshots[connectionId];
    if (!snap) return { code: 'unknown_connection', message: 'No snapshot for this connection.' };
    const outcome = change(snap);
    if (!Array.isArray(outcome)) return outcome;
    state.snapshots[connectionId] = outcome[0];
    announce(connectionId, [], true);
    return outcome[1];
  }
  const notFound = (what: string): AppError => ({ code: 'not_found', message: `${what} not found.`, status: 404 });

  return {
    personalTokens: {
      list: (request) =>
        answer('personalTokens.list', request, () => ({
          items: [...state.personalTokens],
          asOf: new Date().toISOString(),
          fromCache: state.pagesFromCache,
        })),
      create: (request) =>
        answer('personalTokens.create', request, () => {
          if (state.personalTokens.some((t) => t.name === request.input.name)) {
            return nameTaken('token', request.input.name);
          }
          const secret = issue();
          const token = newToken(request.input.name, request.input.expiresAt, secret);
          state.personalTokens = [...state.personalTokens, token];
          return { token, secret, ...revealed() };
        }),
      update: (request) =>
        answer('personalTokens.update', request, () => {
          const found = state.personalTokens.find((t) => t.name === request.name);
          if (!found) return notFound('Token');
          const next = { ...found, ...request.patch };
          state.personalTokens = state.personalTokens.map((t) => (t.id === found.id ? next : t));
          return next;
        }),
      rotate: (request) =>
        answer('personalTokens.rotate', request, () => {
          const found = state.personalTokens.find((t) => t.name === request.name);
          if (!found) return notFound('Token');
          const secret = issue();
          const token = { ...newToken(found.name, found.expiresAt, secret), status: found.status };
          const stamp = new Date().toISOString().slice(0, 19).replace(/[-T:]/g, '');
          const previous = { ...found, name: `${found.name}.rotated-${stamp}`, replacedBy: token.id };
          state.personalTokens = [...state.personalTokens.map((t) => (t.id === found.id ? previous : t)), token];
          // As main: the connection's own token is re-stored for it, and its secret is not answered.
          const own = state.connections.find((c) => c.id === request.connectionId && c.tokenId === found.id);
          if (!own) return { token, previous, secret, storedForConnection: false as const, ...revealed() };
          state.connections = state.connections.map((c) => (c === own ? { ...c, tokenId: token.id } : c));
          return { token, previous, storedForConnection: true as const };
        }),
      remove: (request) =>
        answer('personalTokens.remove', request, () => {
          if (!state.personalTokens.some((t) => t.name === request.name)) return notFound('Token');
          state.personalTokens = state.personalTokens.filter((t) => t.name !== request.name);
          return null;
        }),
    },
    members: {
      list: (request) => answer('members.list', request, () => state.snapshots[request.connectionId]?.members ?? []),
      create: (request) =>
        answer('members.create', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            if (snap.members.some((m) => m.name === request.input.name)) {
              return nameTaken('member', request.input.name);
            }
            made += 1;
            const member: Member = {
              id: `m-new-${made}`,
              name: request.input.name,
              type: 'HUMAN',
              roles: request.input.roles ?? [],
              groups: request.input.groups ?? [],
              bundles: [],
              enabled: true,
              createdAt: new Date().toISOString(),
            };
            const secret = issue();
            const token = newToken(`${member.name}-first`, null, secret);
            return [
              { ...snap, members: [...snap.members, member] },
              { member, token, secret, ...revealed() },
            ];
          }),
        ),
      update: (request) =>
        answer('members.update', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            const found = snap.members.find((m) => m.id === request.id);
            if (!found) return notFound('Member');
            const next: Member = { ...found, ...request.patch };
            return [{ ...snap, members: snap.members.map((m) => (m.id === found.id ? next : m)) }, next];
          }),
        ),
      remove: (request) =>
        answer('members.remove', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            if (!snap.members.some((m) => m.id === request.id)) return notFound('Member');
            return [{ ...snap, members: snap.members.filter((m) => m.id !== request.id) }, null];
          }),
        ),
      setBundles: setMemberBundles,
    },
    groups: {
      list: (request) => answer('groups.list', request, () => state.snapshots[request.connectionId]?.groups ?? []),
      create: (request) =>
        answer('groups.create', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            if (snap.groups.some((g) => g.name === request.input.name)) {
              return nameTaken('group', request.input.name);
            }
            const group: Group = {
              id: `g-${request.input.name}`,
              name: request.input.name,
              description: request.input.description ?? '',
              memberCount: 0,
              serviceAccountCount: 0,
              bundles: [],
            };
            return [{ ...snap, groups: [...snap.groups, group] }, group];
          }),
        ),
      update: (request) =>
        answer('groups.update', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            const found = snap.groups.find((g) => g.name === request.name);
            if (!found) return notFound('Group');
            const next = { ...found, ...request.patch };
            return [{ ...snap, groups: snap.groups.map((g) => (g.name === found.name ? next : g)) }, next];
          }),
        ),
      remove: (request) =>
        answer('groups.remove', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            if (!snap.groups.some((g) => g.name === request.name)) return notFound('Group');
            return [{ ...snap, groups: snap.groups.filter((g) => g.name !== request.name) }, null];
          }),
        ),
      setBundles: setGroupBundles,
    },
    bundles,
    logs: {
      list: (request) =>
        answer('logs.list', request, () => {
          const query = request.query ?? {};
          const items = (state.logs[request.accountId] ?? []).filter(
            (entry) => (!query.tokenId || entry.tokenId === query.tokenId) && statusMatches(entry.status, query.status),
          );
          return page(items, query.limit, query.cursor, state.pagesFromCache);
        }),
    },
    audit: {
      list: (request) =>
        answer('audit.list', request, () => {
          const query = request.query ?? {};
          const items = state.audit.filter(
            (event) =>
              (!query.actor || event.actor === query.actor) &&
              (!query.resourceType || event.resourceType === query.resourceType) &&
              (!query.action || event.action === query.action),
          );
          return page(items, query.limit, query.cursor, state.pagesFromCache);
        }),
    },
    tokenPolicy: {
      get: (request) =>
        answer('tokenPolicy.get', request, () => ({
          policy: state.snapshots[request.connectionId]?.tokenPolicy ?? DEFAULT_TOKEN_POLICY,
          updatedAt: null,
          updatedBy: null,
          autoSuspend: state.autoSuspend,
        })),
      set: (request) =>
        answer('tokenPolicy.set', request, () =>
          withSnapshot(request.connectionId, (snap) => [
            { ...snap, tokenPolicy: request.policy },
            {
              policy: request.policy,
              updatedAt: new Date().toISOString(),
              updatedBy: snap.me.name,
              autoSuspend: state.autoSuspend,
            },
          ]),
        ),
      violations: (request) => answer('tokenPolicy.violations', request, () => ({ items: state.violations })),
    },
  };
}
