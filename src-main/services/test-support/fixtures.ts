import type { Group, Member } from '../../../src-shared/api/directory.js';
import type { Me, Role, ServiceAccountWithTokens, TokenMeta } from '../../../src-shared/api/models.js';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { BUILT_IN_ROLES } from '../../../src-shared/roles.js';

/** Deterministic test data in the REST shapes; token hints only, never secrets. */
export function makeAccount(
  index: number,
  tokensPerAccount: number,
  stamp = '2025-01-01T00:00:00.000Z',
): ServiceAccountWithTokens {
  const id = `sa_${index.toString().padStart(6, '0')}`;
  const tokens: TokenMeta[] = [];
  for (let t = 0; t < tokensPerAccount; t++) {
    tokens.push({
      id: `${id}_tok_${t}`,
      name: `token-${t}`,
      status: t % 4 === 3 ? 'SUSPENDED' : t % 5 === 4 ? 'REVOKED_LEAKED' : 'ACTIVE',
      expiresAt: t % 2 === 0 ? null : '2030-06-01T00:00:00.000Z',
      roles: ['Viewer'],
      maxRps: t % 3 === 0 ? null : 10,
      hint: `tdk_sa_…${(index * 7 + t).toString(36).padStart(4, '0').slice(-4)}`,
      createdAt: stamp,
      createdBy: 'admin',
      lastUsedAt: t === 0 ? stamp : null,
      lastUsedFrom: t === 0 ? '127.0.0.1' : null,
      replacedBy: null,
      // Some tokens were reported as leaked, so pages hold both shapes.
      leak: t % 5 === 4 ? { reportedAt: stamp, reportedBy: 'leak report', source: 'content', url: null } : null,
    });
  }
  return {
    id,
    name: `account_${index.toString().padStart(6, '0')}`,
    description: `Service account number ${index} used by the nightly deploy pipeline`,
    roles: ['Deployment', 'Viewer'],
    // Some accounts carry permission overrides, so pages hold both shapes of the lists.
    grants: index % 4 === 1 ? ['audit.read', 'log.read'] : [],
    denies: index % 4 === 1 ? ['service_account.manage'] : [],
    groups: ['admins'],
    enabled: index % 10 !== 0,
    basicAuthEnabled: false,
    createdAt: stamp,
    createdBy: 'admin',
    updatedAt: stamp,
    updatedBy: 'admin',
    tokenCount: tokensPerAccount,
    nextExpiry: tokensPerAccount > 1 ? '2030-06-01T00:00:00.000Z' : null,
    tokens,
  };
}

export function makeAccounts(count: number, tokensPerAccount: number): ServiceAccountWithTokens[] {
  return Array.from({ length: count }, (_, i) => makeAccount(i, tokensPerAccount));
}

export const testMe: Me = {
  id: 'm_admin',
  name: 'admin',
  type: 'HUMAN',
  domain: 'default',
  roles: ['Admin'],
  groups: ['admins'],
  permissions: effectivePermissions({ roles: ['Admin'] }),
};

export const testRoles: Role[] = BUILT_IN_ROLES.map((r) => ({
  name: r.name,
  description: r.description,
  permissions: [...r.permissions],
}));

export const testGroups: Group[] = [
  {
    id: 'g_admins',
    name: 'admins',
    description: 'Created with the server',
    memberCount: 1,
    serviceAccountCount: 3,
    bundles: [],
  },
  { id: 'g_data', name: 'data-team', description: 'Pipelines', memberCount: 0, serviceAccountCount: 0, bundles: [] },
];

export const testMembers: Member[] = [
  {
    id: 'm_admin',
    name: 'admin',
    type: 'HUMAN',
    roles: ['Admin'],
    groups: ['admins'],
    bundles: [],
    enabled: true,
    createdAt: '2025-01-01T00:00:00.000Z',
  },
];
