/**
 * The bundles part of the fake bridge (component tests and screenshots only). Like main, a change is
 * written into the cached snapshot first and announced as a directory change.
 */
import type { Bundle } from '../../src-shared/api/bundles.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import type { Snapshot } from '../../src-shared/ipc/models.js';
import { permissionNamed } from '../../src-shared/permissions.js';
import type { Permission } from '../../src-shared/roles.js';
import type { Announce, FakeState } from './fake-state.js';

type Answer = <T>(fn: string, request: unknown, value: () => T | AppError) => Promise<Result<T>>;
type Change<T> = (snap: Snapshot) => [Snapshot, T] | AppError;

const notFound = (what: string): AppError => ({ code: 'not_found', message: `${what} not found.`, status: 404 });
const catalogue = (names: readonly string[]): Permission[] => names.map((n) => permissionNamed(n)!);

export function fakeBundleApi(
  state: FakeState,
  answer: Answer,
  announce: Announce,
): Pick<TokenDeskApi, 'bundles'> & {
  setMemberBundles: TokenDeskApi['members']['setBundles'];
  setGroupBundles: TokenDeskApi['groups']['setBundles'];
} {
  function withSnapshot<T>(connectionId: string, change: Change<T>): T | AppError {
    const snap = state.snapshots[connectionId];
    if (!snap) return { code: 'unknown_connection', message: 'No snapshot for this connection.' };
    const outcome = change(snap);
    if (!Array.isArray(outcome)) return outcome;
    state.snapshots[connectionId] = outcome[0];
    announce(connectionId, [], true);
    return outcome[1];
  }
  const unknownBundles = (snap: Snapshot, names: readonly string[]): AppError | null => {
    const missing = names.filter((n) => !snap.bundles.some((b) => b.name === n));
    return missing.length === 0
      ? null
      : { code: 'unprocessable', message: `There is no bundle named "${missing[0]}".`, status: 422 };
  };

  return {
    bundles: {
      list: (request) => answer('bundles.list', request, () => state.snapshots[request.connectionId]?.bundles ?? []),
      create: (request) =>
        answer('bundles.create', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            const { name } = request.input;
            if (snap.bundles.some((b) => b.name === name)) {
              return { code: 'name_taken', message: `A bundle named "${name}" already exists.`, status: 409 };
            }
            const now = new Date().toISOString();
            const bundle: Bundle = {
              name,
              description: request.input.description ?? '',
              permissions: catalogue(request.input.permissions),
              createdAt: now,
              createdBy: snap.me.name,
              updatedAt: now,
              updatedBy: snap.me.name,
            };
            const bundles = [...snap.bundles, bundle].sort((a, b) => (a.name < b.name ? -1 : 1));
            return [{ ...snap, bundles }, bundle];
          }),
        ),
      update: (request) =>
        answer('bundles.update', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            const found = snap.bundles.find((b) => b.name === request.name);
            if (!found) return notFound('Bundle');
            const { description, permissions } = request.patch;
            const next: Bundle = {
              ...found,
              ...(description === undefined ? {} : { description }),
              ...(permissions === undefined ? {} : { permissions: catalogue(permissions) }),
              updatedAt: new Date().toISOString(),
            };
            return [{ ...snap, bundles: snap.bundles.map((b) => (b === found ? next : b)) }, next];
          }),
        ),
      remove: (request) =>
        answer('bundles.remove', request, () =>
          withSnapshot(request.connectionId, (snap) => {
            if (!snap.bundles.some((b) => b.name === request.name)) return notFound('Bundle');
            const without = <T extends { bundles: string[] }>(held: T): T => ({
              ...held,
              bundles: held.bundles.filter((b) => b !== request.name),
            });
            return [
              {
                ...snap,
                bundles: snap.bundles.filter((b) => b.name !== request.name),
                members: snap.members.map(without),
                groups: snap.groups.map(without),
              },
              null,
            ];
          }),
        ),
    },
    setMemberBundles: (request) =>
      answer('members.setBundles', request, () =>
        withSnapshot(request.connectionId, (snap) => {
          if (!snap.members.some((m) => m.id === request.id)) return notFound('Member');
          const refused = unknownBundles(snap, request.bundles);
          if (refused) return refused;
          const bundles = [...request.bundles].sort();
          const members = snap.members.map((m) => (m.id === request.id ? { ...m, bundles } : m));
          return [{ ...snap, members }, { bundles }];
        }),
      ),
    setGroupBundles: (request) =>
      answer('groups.setBundles', request, () =>
        withSnapshot(request.connectionId, (snap) => {
          if (!snap.groups.some((g) => g.name === request.name)) return notFound('Group');
          const refused = unknownBundles(snap, request.bundles);
          if (refused) return refused;
          const bundles = [...request.bundles].sort();
          const groups = snap.groups.map((g) => (g.name === request.name ? { ...g, bundles } : g));
          return [{ ...snap, groups }, { bundles }];
        }),
      ),
  };
}
