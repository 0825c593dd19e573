import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../src-shared/authz.js';
import { SAME_GROUP_MESSAGE, type ErrorBody } from '../../src-shared/errors.js';
import type { RoleName } from '../../src-shared/roles.js';
import { addGroup, addHumanWithToken, addServiceAccount, call, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * The authorization matrix: every service-account endpoint × every built-in role (and a member with
 * no role) × caller in or out of the account's group, each cell a real request over HTTP with a
 * personal token. The expected answers come from the small spec below, written out by hand from the
 * security model (docs/architecture.md: permissions, the two token levels, the same-group rule), not
 * from the code under test.
 */

type RoleRow = RoleName | '(no role)';
const ROWS: RoleRow[] = ['Admin', 'Power User', 'Deployment', 'Viewer', '(no role)'];

/** What each role grants, restated by hand. `anyGroup`: may put an account into groups it is not in. */
const GRANTS: Record<
  RoleRow,
  { read: boolean; manage: boolean; tokens: boolean; admin: boolean; people: boolean; anyGroup: boolean }
> = {
  Admin: { read: true, manage: true, tokens: true, admin: true, people: true, anyGroup: true },
  'Power User': { read: true, manage: true, tokens: true, admin: false, people: true, anyGroup: false },
  Deployment: { read: true, manage: false, tokens: true, admin: false, people: true, anyGroup: false },
  Viewer: { read: true, manage: false, tokens: false, admin: false, people: true, anyGroup: false },
  '(no role)': { read: false, manage: false, tokens: false, admin: false, people: false, anyGroup: false },
};

type Grants = (typeof GRANTS)[RoleRow];
const NO = '403 forbidden';
const ENDPOINTS = {
  list: (g: Grants) => (g.read ? '200' : NO),
  get: (g: Grants) => (g.read ? '200' : NO),
  // Creating into team-a only. A caller outside it: without member.manage the group is not theirs to
  // give; with it, the account would lock them out (no group in common), refused as unprocessable.
  create: (g: Grants, inGroup: boolean) =>
    g.manage ? (inGroup ? '201' : g.anyGroup ? '422 unprocessable' : '403 group_not_yours') : NO,
  // Creating into team-a and team-c (a group no caller is in): team-c needs member.manage.
  'create + foreign group': (g: Grants, inGroup: boolean) =>
    g.manage ? (g.anyGroup ? (inGroup ? '201' : '422 unprocessable') : '403 group_not_yours') : NO,
  patch: (g: Grants, inGroup: boolean) => (g.manage ? (inGroup ? '200' : '403 not_same_group') : NO),
  // Adding team-c to the account: the same-group rule first, then team-c needs member.manage.
  'patch + foreign group': (g: Grants, inGroup: boolean) =>
    g.manage ? (inGroup ? (g.anyGroup ? '200' : '403 group_not_yours') : '403 not_same_group') : NO,
  delete: (g: Grants, inGroup: boolean) => (g.manage ? (inGroup ? '204' : '403 not_same_group') : NO),
  'tokens (domain)': (g: Grants, inGroup: boolean) => (g.tokens ? (inGroup ? '200' : '403 not_same_group') : NO),
  'tokens (admin)': (g: Grants, inGroup: boolean) => (g.admin ? (inGroup ? '200' : '403 not_same_group') : NO),
  groups: (g: Grants) => (g.people ? '200' : NO),
  members: (g: Grants) => (g.people ? '200' : NO),
} satisfies Record<string, (g: Grants, inGroup: boolean) => string>;
type Endpoint = keyof typeof ENDPOINTS;

interface Cell {
  role: RoleRow;
  inGroup: boolean;
  endpoint: Endpoint;
  expected: string;
  index: number;
}

const CELLS: Cell[] = ROWS.flatMap((role) =>
  [true, false].flatMap((inGroup) =>
    (Object.keys(ENDPOINTS) as Endpoint[]).map((endpoint) => ({
      role,
      inGroup,
      endpoint,
      expected: ENDPOINTS[endpoint](GRANTS[role], inGroup),
    })),
  ),
).map((cell, index) => ({ ...cell, index }));

function renderMatrix(): string {
  const endpoints = Object.keys(ENDPOINTS) as Endpoint[];
  const header = `| caller | ${endpoints.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(endpoints.length + 1)}`;
  const rows = ROWS.flatMap((role) =>
    [true, false].map((inGroup) => {
      const cells = endpoints.map(
        (e) => CELLS.find((c) => c.role === role && c.inGroup === inGroup && c.endpoint === e)!.expected,
      );
      return `| ${role}, ${inGroup ? 'in group' : 'not in group'} | ${cells.join(' | ')} |`;
    }),
  );
  return [header, rule, ...rows].join('\n');
}

describe('authorization matrix for service-account endpoints', () => {
  const t = useTestServer('authz-matrix');
  const tokens = new Map<string, string>();
  const key = (role: RoleRow, inGroup: boolean) => `${role}/${inGroup ? 'in' : 'out'}`;

  beforeAll(async () => {
    const teamA = addGroup(t, 'team-a');
    const teamB = addGroup(t, 'team-b');
    addGroup(t, 'team-c');
    for (const role of ROWS) {
      for (const inGroup of [true, false]) {
        const slug = role
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/^-|-$/g, '');
        const { token } = addHumanWithToken(t, {
          name: `${slug}-${inGroup ? 'in' : 'out'}`,
          roles: role === '(no role)' ? [] : [role],
          groupIds: [inGroup ? teamA : teamB],
        });
        tokens.set(key(role, inGroup), token);
        // First use records "last used"; do it now so every cell starts from a database it alone changes.
        expect((await call(t.url + apiPath('getMe'), { token })).status).toBe(200);
      }
    }
    console.log(`Authorization matrix (account in group team-a):\n${renderMatrix()}`);
  });

  it('covers every endpoint × role × group cell', () => {
    expect(CELLS).toHaveLength(Object.keys(ENDPOINTS).length * ROWS.length * 2);
  });

  it.each(CELLS)('$role, in group: $inGroup → $endpoint: $expected', async (cell) => {
    const token = tokens.get(key(cell.role, cell.inGroup))!;
    const account = addServiceAccount(t, {
      name: `target_${cell.index}`,
      roles: ['Viewer'],
      groupIds: [t.store.groups.byName(t.domain.id, 'team-a')!.id],
    });
    const before = databaseFingerprint(t.store);
    const d = 'default';
    const reply = await (() => {
      switch (cell.endpoint) {
        case 'list':
          return send<ErrorBody>(t.url + apiPath('listServiceAccounts', { domain: d }), 'GET', token);
        case 'get':
          return send<ErrorBody>(t.url + apiPath('getServiceAccount', { domain: d, id: account.id }), 'GET', token);
        case 'create':
          return send<ErrorBody>(t.url + apiPath('createServiceAccount', { domain: d }), 'POST', token, {
            name: `created_${cell.index}`,
            roles: ['Viewer'],
            groups: ['team-a'],
          });
        case 'create + foreign group':
          return send<ErrorBody>(t.url + apiPath('createServiceAccount', { domain: d }), 'POST', token, {
            name: `created_${cell.index}`,
            roles: ['Viewer'],
            groups: ['team-a', 'team-c'],
          });
        case 'patch':
          return send<ErrorBody>(
            t.url + apiPath('updateServiceAccount', { domain: d, id: account.id }),
            'PATCH',
            token,
            {
              description: 'changed by the matrix',
            },
          );
        case 'patch + foreign group':
          return send<ErrorBody>(
            t.url + apiPath('updateServiceAccount', { domain: d, id: account.id }),
            'PATCH',
            token,
            {
              groups: ['team-a', 'team-c'],
            },
          );
        case 'delete':
          return send<ErrorBody>(
            t.url + apiPath('deleteServiceAccount', { domain: d, id: account.id }),
            'DELETE',
            token,
          );
        case 'tokens (domain)':
          return send<ErrorBody>(
            t.url + apiPath('listServiceAccountTokens', { domain: d, id: account.id }),
            'GET',
            token,
          );
        case 'tokens (admin)':
          return send<ErrorBody>(t.url + apiPath('adminListServiceAccountTokens', { id: account.id }), 'GET', token);
        case 'groups':
          return send<ErrorBody>(t.url + apiPath('listGroups', { domain: d }), 'GET', token);
        case 'members':
          return send<ErrorBody>(t.url + apiPath('listMembers', { domain: d }), 'GET', token);
      }
    })();
    const actual = reply.status < 300 ? String(reply.status) : `${reply.status} ${reply.body.error.code}`;
    expect(actual, JSON.stringify(reply.body)).toBe(cell.expected);

    if (reply.status >= 400) {
      // A refusal changes nothing, and says why in the shared words.
      expect(databaseFingerprint(t.store)).toEqual(before);
      if (actual === '403 not_same_group') {
        const tokensRoute = cell.endpoint.startsWith('tokens');
        expect(reply.body.error.message).toBe(tokensRoute ? SAME_GROUP_MESSAGE : SAME_GROUP_CHANGE_MESSAGE);
      }
      if (actual === '403 group_not_yours') {
        const added = { create: ['team-a'], 'create + foreign group': ['team-a', 'team-c'] }[
          cell.endpoint as string
        ] ?? ['team-c'];
        const foreign = added.filter((g) => !(cell.inGroup && g === 'team-a')).join(' and ');
        expect(reply.body.error.message).toBe(
          `You can only put a service account into your own groups, and you are not in ${foreign}. Other groups need member.manage.`,
        );
      }
      return;
    }
    // An allowed write did what it says.
    const row = t.store.members.get(account.id);
    if (cell.endpoint === 'delete') expect(row).toBeUndefined();
    if (cell.endpoint === 'patch') expect(row?.description).toBe('changed by the matrix');
    if (cell.endpoint === 'patch + foreign group') {
      expect(t.store.groups.ofMember(account.id).map((g) => g.name)).toEqual(['team-a', 'team-c']);
    }
    if (cell.endpoint.startsWith('create')) {
      expect(t.store.members.byName(t.domain.id, `created_${cell.index}`)).toBeDefined();
    }
  });
});
