import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../src-shared/authz.js';
import { SAME_GROUP_MESSAGE, type ErrorBody } from '../../src-shared/errors.js';
import { PERMISSIONS, type RoleName } from '../../src-shared/roles.js';
import { addGroup, addHumanWithToken, addServiceAccount, call, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * The authorization matrix: every service-account endpoint and every bundle endpoint × every caller kind
 * × caller in or out of the account's group, each cell a real request over HTTP with a personal token.
 * Caller kinds are the built-in roles, a member with no role, and members holding permissions ONLY
 * through a bundle, their own or their group's (issue 12: the same-group rule applies unchanged to
 * every path that uses a bundle). The expected answers come from the small spec below, written out by
 * hand from the security model (docs/architecture.md: permissions, the two token levels, the same-group
 * rule), not from the code under test.
 */

/** Bundles the bundle-only callers hold: IOMETE's token bundle (made through its alias), and every permission. */
const BUNDLES = {
  tokens: ['MANAGE_ACCESS_TOKEN'],
  everything: [...PERMISSIONS],
} as const;
type BundleRow = `${keyof typeof BUNDLES} bundle (${'own' | 'group'})`;
type RoleRow = RoleName | '(no role)' | BundleRow;
const BUNDLE_ROWS: BundleRow[] = [
  'tokens bundle (own)',
  'tokens bundle (group)',
  'everything bundle (own)',
  'everything bundle (group)',
];
const ROWS: RoleRow[] = ['Admin', 'Power User', 'Deployment', 'Viewer', '(no role)', ...BUNDLE_ROWS];

/**
 * What each caller kind may do, restated by hand. `anyGroup`: may put an account into groups it is not
 * in (member.manage); `admin`: plays the Admin role (admin-level token routes, bundle definitions),
 * which no bundle gives; `grantBundles`: member.manage.
 */
const NOTHING = { read: false, manage: false, tokens: false, admin: false, people: false, anyGroup: false };
const GRANTS: Record<
  RoleRow,
  { read: boolean; manage: boolean; tokens: boolean; admin: boolean; people: boolean; anyGroup: boolean }
> = {
  Admin: { read: true, manage: true, tokens: true, admin: true, people: true, anyGroup: true },
  'Power User': { read: true, manage: true, tokens: true, admin: false, people: true, anyGroup: false },
  Deployment: { read: true, manage: false, tokens: true, admin: false, people: true, anyGroup: false },
  Viewer: { read: true, manage: false, tokens: false, admin: false, people: true, anyGroup: false },
  '(no role)': NOTHING,
  'tokens bundle (own)': { ...NOTHING, tokens: true },
  'tokens bundle (group)': { ...NOTHING, tokens: true },
  'everything bundle (own)': { read: true, manage: true, tokens: true, admin: false, people: true, anyGroup: true },
  'everything bundle (group)': { read: true, manage: true, tokens: true, admin: false, people: true, anyGroup: true },
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
  // Bundles: read with member.read, defined by the Admin role only, granted with member.manage. No
  // service account is acted on, so the caller's groups play no part.
  'bundles: list': (g: Grants) => (g.people ? '200' : NO),
  'bundles: get': (g: Grants) => (g.people ? '200' : NO),
  'bundles: create': (g: Grants) => (g.admin ? '201' : NO),
  'bundles: patch': (g: Grants) => (g.admin ? '200' : NO),
  'bundles: delete': (g: Grants) => (g.admin ? '204' : NO),
  'bundles: grant to member': (g: Grants) => (g.anyGroup ? '200' : NO),
  'bundles: grant to group': (g: Grants) => (g.anyGroup ? '200' : NO),
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
    const teamA = await addGroup(t, 'team-a');
    const teamB = await addGroup(t, 'team-b');
    await addGroup(t, 'team-c');
    const d = { domain: 'default' };
    for (const [name, permissions] of Object.entries(BUNDLES)) {
      const made = await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, { name, permissions });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      // A group that only carries the bundle to its people; no service account is in it.
      await addGroup(t, `${name}-holders`);
      const held = await send(
        t.url + apiPath('setGroupBundles', { ...d, name: `${name}-holders` }),
        'PUT',
        t.adminToken,
        {
          bundles: [name],
        },
      );
      expect(held.status, JSON.stringify(held.body)).toBe(200);
    }
    expect(
      (
        await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
          name: 'readers',
          permissions: ['member.read'],
        })
      ).status,
    ).toBe(201);
    await addHumanWithToken(t, { name: 'bundle-target', roles: [] });
    for (const role of ROWS) {
      for (const inGroup of [true, false]) {
        const slug = role
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/^-|-$/g, '');
        const bundle = BUNDLE_ROWS.includes(role as BundleRow) ? role.split(' ')[0] : undefined;
        const viaGroup = role.endsWith('(group)');
        const { member, token } = await addHumanWithToken(t, {
          name: `${slug}-${inGroup ? 'in' : 'out'}`,
          roles: role === '(no role)' || bundle ? [] : [role as RoleName],
          groupIds: [
            inGroup ? teamA : teamB,
            ...(viaGroup ? [(await t.store.groups.byName(t.domain.id, `${bundle}-holders`))!.id] : []),
          ],
        });
        if (bundle && !viaGroup) {
          const own = await send(t.url + apiPath('setMemberBundles', { ...d, id: member.id }), 'PUT', t.adminToken, {
            bundles: [bundle],
          });
          expect(own.status, JSON.stringify(own.body)).toBe(200);
        }
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
    const account = await addServiceAccount(t, {
      name: `target_${cell.index}`,
      roles: ['Viewer'],
      groupIds: [(await t.store.groups.byName(t.domain.id, 'team-a'))!.id],
    });
    // A bundle of the cell's own, for the cells that read, change or delete one.
    const target = (
      await t.store.bundles.create({
        domainId: t.domain.id,
        name: `target-${cell.index}`,
        description: '',
        permissions: ['member.read'],
        by: 'matrix',
        at: t.clock.now(),
      })
    ).name;
    const before = await databaseFingerprint(t.store);
    const d = 'default';
    const reply = await (async () => {
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
        case 'bundles: list':
          return send<ErrorBody>(t.url + apiPath('listBundles', { domain: d }), 'GET', token);
        case 'bundles: get':
          return send<ErrorBody>(t.url + apiPath('getBundle', { domain: d, name: target }), 'GET', token);
        case 'bundles: create':
          return send<ErrorBody>(t.url + apiPath('listBundles', { domain: d }), 'POST', token, {
            name: `made-${cell.index}`,
            permissions: ['member.read'],
          });
        case 'bundles: patch':
          return send<ErrorBody>(t.url + apiPath('getBundle', { domain: d, name: target }), 'PATCH', token, {
            description: 'changed by the matrix',
          });
        case 'bundles: delete':
          return send<ErrorBody>(t.url + apiPath('getBundle', { domain: d, name: target }), 'DELETE', token);
        case 'bundles: grant to member': {
          const person = (await t.store.members.byName(t.domain.id, 'bundle-target'))!;
          return send<ErrorBody>(t.url + apiPath('setMemberBundles', { domain: d, id: person.id }), 'PUT', token, {
            bundles: ['readers'],
          });
        }
        case 'bundles: grant to group':
          return send<ErrorBody>(t.url + apiPath('setGroupBundles', { domain: d, name: 'team-c' }), 'PUT', token, {
            bundles: ['readers'],
          });
      }
    })();
    const actual = reply.status < 300 ? String(reply.status) : `${reply.status} ${reply.body.error.code}`;
    expect(actual, JSON.stringify(reply.body)).toBe(cell.expected);

    if (reply.status >= 400) {
      // A refusal changes nothing, and says why in the shared words.
      expect(await databaseFingerprint(t.store)).toEqual(before);
      if (actual === '403 not_same_group') {
        const tokensRoute = cell.endpoint.startsWith('tokens');
        expect(reply.body.error.message).toBe(tokensRoute ? SAME_GROUP_MESSAGE : SAME_GROUP_CHANGE_MESSAGE);
      }
      if (actual === NO && cell.endpoint.startsWith('bundles: ') && !cell.endpoint.startsWith('bundles: grant')) {
        const defining = !['bundles: list', 'bundles: get'].includes(cell.endpoint);
        expect(reply.body.error.message).toMatch(
          defining
            ? /^Only members with the Admin role can do this\.$/
            : /^Your permissions do not allow you to see bundles/,
        );
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
    const row = await t.store.members.get(account.id);
    if (cell.endpoint === 'delete') expect(row).toBeUndefined();
    if (cell.endpoint === 'patch') expect(row?.description).toBe('changed by the matrix');
    if (cell.endpoint === 'patch + foreign group') {
      expect((await t.store.groups.ofMember(account.id)).map((g) => g.name)).toEqual(['team-a', 'team-c']);
    }
    if (cell.endpoint.startsWith('create')) {
      expect(await t.store.members.byName(t.domain.id, `created_${cell.index}`)).toBeDefined();
    }
    if (cell.endpoint === 'bundles: create')
      expect(await t.store.bundles.byName(t.domain.id, `made-${cell.index}`)).toBeDefined();
    if (cell.endpoint === 'bundles: patch') {
      expect((await t.store.bundles.byName(t.domain.id, target))?.description).toBe('changed by the matrix');
    }
    if (cell.endpoint === 'bundles: delete') expect(await t.store.bundles.byName(t.domain.id, target)).toBeUndefined();
    if (cell.endpoint === 'bundles: grant to group') {
      expect(
        (await t.store.bundles.ofGroup((await t.store.groups.byName(t.domain.id, 'team-c'))!.id)).map((b) => b.name),
      ).toEqual(['readers']);
    }
  });
});
