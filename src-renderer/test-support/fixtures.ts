import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group } from '../../src-shared/api/directory.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AccountDetail, AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import { BUILT_IN_ROLES } from '../../src-shared/roles.js';
import { me } from './fake-bridge.js';

export const NOW = Date.parse('2025-06-01T12:00:00.000Z');
export const DAY = 24 * 60 * 60 * 1000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function account(partial: Partial<AccountRow> & { id: string; name: string }): AccountRow {
  return {
    description: '',
    roles: [],
    grants: [],
    denies: [],
    groups: ['admins'],
    enabled: true,
    basicAuthEnabled: false,
    createdAt: iso(NOW - 30 * DAY),
    createdBy: 'admin',
    updatedAt: iso(NOW - 10 * DAY),
    updatedBy: 'admin',
    tokenCount: 0,
    nextExpiry: null,
    ...partial,
  };
}

export function token(partial: Partial<TokenMeta> & { id: string; name: string }): TokenMeta {
  return {
    status: 'ACTIVE',
    expiresAt: null,
    roles: ['Viewer'],
    maxRps: null,
    hint: 'tdk_sa_…a1B2',
    createdAt: iso(NOW - 5 * DAY),
    createdBy: 'admin',
    lastUsedAt: null,
    lastUsedFrom: null,
    replacedBy: null,
    ...partial,
  };
}

export function detail(row: AccountRow, tokens: TokenMeta[] | null): AccountDetail {
  return { ...row, tokens };
}

export function snapshot(accounts: AccountRow[], partial: Partial<Snapshot> = {}): Snapshot {
  return {
    connectionId: 'c1',
    asOf: iso(NOW - 60_000),
    me: me(),
    roles: BUILT_IN_ROLES.map((role) => ({ ...role, permissions: [...role.permissions] })),
    groups: [group('admins'), group('platform'), group('data')],
    members: [],
    bundles: [],
    tokenPolicy: null,
    accounts,
    ...partial,
  };
}

export function group(name: string, partial: Partial<Group> = {}): Group {
  return { id: `g-${name}`, name, description: '', memberCount: 1, serviceAccountCount: 0, bundles: [], ...partial };
}

export function bundle(name: string, partial: Partial<Bundle> = {}): Bundle {
  return {
    name,
    description: '',
    permissions: ['access_token.manage'],
    createdAt: iso(NOW - 3 * DAY),
    createdBy: 'admin',
    updatedAt: iso(NOW - 3 * DAY),
    updatedBy: 'admin',
    ...partial,
  };
}

/** Many accounts with varied fields, for virtualization and speed checks. */
export function manyAccounts(count: number): AccountRow[] {
  const roles = ['Admin', 'Power User', 'Deployment', 'Viewer'] as const;
  return Array.from({ length: count }, (_, i) =>
    account({
      id: `sa${i}`,
      name: `svc_${String(i).padStart(5, '0')}`,
      description: i % 10 === 0 ? `Nightly export job number ${i}` : `Pipeline ${i}`,
      roles: [roles[i % 4]!],
      enabled: i % 7 !== 0,
      tokenCount: i % 4,
      nextExpiry: i % 5 === 0 ? iso(NOW + (i % 20) * DAY + 1000) : null,
      updatedAt: iso(NOW - (i % 100) * DAY),
    }),
  );
}
