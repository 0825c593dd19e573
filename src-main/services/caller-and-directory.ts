import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { Me, Role } from '../../src-shared/api/models.js';
import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { ApiError, type ApiClient, type ApiTarget } from './api-client.js';

/**
 * What every sync, full or incremental, reads before the accounts: who the caller is (`/me`, whose
 * rights decide what the snapshot may hold), the roles, and the domain's groups, people and bundles.
 */
export interface CallerAndDirectory {
  me: Me;
  roles: Role[];
  groups: Group[];
  members: Member[];
  bundles: Bundle[];
  /** The domain's token policy; null when the server does not say (an older server, or no service_account.read). */
  tokenPolicy: TokenPolicy | null;
}

/** Reads the CallerAndDirectory of a connection, in that order. */
export async function fetchCallerAndDirectory(
  api: ApiClient,
  target: ApiTarget,
  domain: string,
  signal: AbortSignal | undefined,
): Promise<CallerAndDirectory> {
  const me = await api.call(target, 'getMe', { signal });
  const roles = await api.call(target, 'listRoles', { signal });
  const groups = await readableList(() => api.call(target, 'listGroups', { params: { domain }, signal }));
  const members = await readableList(() => api.call(target, 'listMembers', { params: { domain }, signal }));
  const bundles = await readableList(() => api.call(target, 'listBundles', { params: { domain }, signal }));
  const tokenPolicy = await readable(() => api.call(target, 'getTokenPolicy', { params: { domain }, signal }));
  return { me, roles: roles.items, groups, members, bundles, tokenPolicy: tokenPolicy?.policy ?? null };
}

/**
 * The domain's groups (for the group picker), members or bundles. Reading them needs member.read, which not every admin
 * has: a 403 is an empty list, not a failed sync. So is a 404 from a server older than the endpoint
 * (a missing domain is a 404 too, but the account list then fails the sync with the server's words).
 */
async function readableList<T>(read: () => Promise<{ items: T[] }>): Promise<T[]> {
  return (await readable(read))?.items ?? [];
}

/** The answer, or null for a 403 or 404 (see readableList). */
async function readable<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}
