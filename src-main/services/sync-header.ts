import type { ZodType } from 'zod';
import { GroupListResponse, MemberListResponse, type Group, type Member } from '../../src-shared/api/directory.js';
import { Me, type Role } from '../../src-shared/api/models.js';
import { apiPaths } from '../../src-shared/api/paths.js';
import { RoleListResponse } from '../../src-shared/api/service-accounts.js';
import { ApiError, type ApiClient, type ApiTarget } from './api-client.js';

export interface SyncHeader {
  me: Me;
  roles: Role[];
  groups: Group[];
  members: Member[];
}

/** What every sync, full or incremental, reads before the accounts: who the caller is, roles, groups. */
export async function fetchHeader(
  api: ApiClient,
  target: ApiTarget,
  domain: string,
  signal: AbortSignal | undefined,
): Promise<SyncHeader> {
  const me = await api.request(target, { method: 'GET', path: apiPaths.me(), schema: Me, signal });
  const roles = await api.request(target, { method: 'GET', path: apiPaths.roles(), schema: RoleListResponse, signal });
  const groups = await readableList(api, target, apiPaths.groups(domain), GroupListResponse, signal);
  const members = await readableList(api, target, apiPaths.members(domain), MemberListResponse, signal);
  return { me, roles: roles.items, groups, members };
}

/**
 * The domain's groups (for the group picker) or members. Reading them needs member.read, which not every admin
 * has: a 403 is an empty list, not a failed sync. So is a 404 from a server older than the endpoint
 * (a missing domain is a 404 too, but the account list then fails the sync with the server's words).
 */
async function readableList<T>(
  api: ApiClient,
  target: ApiTarget,
  path: string,
  schema: ZodType<{ items: T[] }>,
  signal: AbortSignal | undefined,
): Promise<T[]> {
  try {
    const answer = await api.request(target, { method: 'GET', path, schema, signal });
    return answer.items;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return [];
    throw error;
  }
}
