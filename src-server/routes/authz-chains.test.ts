import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedMember } from '../../src-shared/api/directory.js';
import type { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import { ROLE_NAMES, type RoleName } from '../../src-shared/roles.js';
import { addGroup, addHumanWithToken, addServiceAccount, send, type Reply } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * No caller can widen an account's reach beyond their own groups. For each role, every
 * two-step chain the API offers is tried over HTTP: (1) create or patch a service account or a member
 * (groups, roles), or change nothing, (2) get a credential for it (mint a token on the account, or the member's own personal
 * token), then act with that credential on an account in a group the caller is not in. No chain may
 * reach that account unless the caller holds member.manage (who decides group membership anyway).
 *
 * The chains are generated from the lists below, not picked by hand.
 */

type RoleRow = RoleName | '(no role)';
const CALLER_ROLES: RoleRow[] = ['Admin', 'Power User', 'Deployment', 'Viewer', '(no role)'];
/** `own` is the caller's only group; `vault` is the group they are not in. */
const GROUP_CHOICES: (string[] | undefined)[] = [undefined, ['own'], ['own', 'vault'], ['vault']];
const ROLE_CHOICES: (RoleName[] | undefined)[] = [undefined, ...ROLE_NAMES.map((r) => [r])];

type Step1 =
  | { kind: 'existing account'; groups: undefined; roles: RoleName[] }
  | { kind: 'create account'; groups: string[] | undefined; roles: RoleName[] | undefined; copyAdmin: boolean }
  | { kind: 'patch account'; groups: string[] | undefined; roles: RoleName[] | undefined }
  | { kind: 'create member'; groups: string[] | undefined; roles: RoleName[] | undefined }
  | { kind: 'patch member'; groups: string[] | undefined; roles: RoleName[] | undefined };

const pairs = GROUP_CHOICES.flatMap((groups) => ROLE_CHOICES.map((roles) => ({ groups, roles })));
const STEP1: Step1[] = [
  // No change at all: an account an Admin made in the caller's group, with each role.
  ...ROLE_NAMES.map((role) => ({ kind: 'existing account' as const, groups: undefined, roles: [role] })),
  // A create needs a role, from `roles` or from a copy of an Admin-role account.
  ...pairs.flatMap(({ groups, roles }) => [
    ...(roles ? [{ kind: 'create account' as const, groups, roles, copyAdmin: false }] : []),
    { kind: 'create account' as const, groups, roles, copyAdmin: true },
  ]),
  ...pairs
    .filter((p) => p.groups || p.roles)
    .map(({ groups, roles }) => ({ kind: 'patch account' as const, groups, roles })),
  ...pairs.map(({ groups, roles }) => ({ kind: 'create member' as const, groups, roles })),
  ...pairs
    .filter((p) => p.groups || p.roles)
    .map(({ groups, roles }) => ({ kind: 'patch member' as const, groups, roles })),
];

/** Mint a token on the account at either level (members bring their own personal token). */
const MINT_LEVELS = ['domain', 'admin'] as const;

const ACTIONS = [
  'list tokens',
  'list tokens (admin level)',
  'suspend a token',
  'rotate a token',
  'mint a token',
  'mint a token (admin level)',
  'patch',
  'delete',
  'read logs',
] as const;
type Action = (typeof ACTIONS)[number];

function describeStep(step: Step1): string {
  if (step.kind === 'existing account') return `existing account in own (roles [${step.roles.join(', ')}])`;
  const groups = step.groups ? `groups [${step.groups.join(', ')}]` : 'groups unchanged';
  const roles = step.roles ? `roles [${step.roles.join(', ')}]` : 'roles unchanged';
  const copy = step.kind === 'create account' && step.copyAdmin ? ', copying an Admin account' : '';
  return `${step.kind} (${groups}, ${roles}${copy})`;
}

describe('no chain of requests widens an account’s reach beyond the caller’s groups', () => {
  const t = useTestServer('authz-chains');
  let own: string;
  let vault: string;
  let adminSource: string;
  let serial = 0;
  const d = 'default';
  const next = () => (serial += 1);

  beforeAll(() => {
    own = addGroup(t, 'own');
    vault = addGroup(t, 'vault');
    adminSource = addServiceAccount(t, { name: 'admin_source', roles: ['Admin'], groupIds: [vault] }).id;
  });

  it('generates every chain from the lists of steps', () => {
    // 4 existing accounts; creates: 4 group choices × (4 roles, each with and without a copy, + a copy alone); patches: every
    // pair but "change nothing"; member creates: every pair.
    expect(STEP1).toHaveLength(4 + 4 * 9 + 19 + 20 + 19);
    expect(new Set(STEP1.map(describeStep)).size).toBe(STEP1.length);
  });

  /** Step 1 and 2: the credential the chain ends up holding, or the refusal that ended it early. */
  async function credentialFor(caller: string, step: Step1): Promise<{ token: string } | { stopped: string }> {
    const n = next();
    const stopped = (stage: string, reply: Reply) => ({
      stopped: `${stage}: ${reply.status} ${(reply.body as { error?: { code: string } }).error?.code ?? ''}`,
    });
    const body = {
      ...(step.groups ? { groups: step.groups } : {}),
      ...(step.roles ? { roles: step.roles } : {}),
    };
    if (step.kind === 'create member' || step.kind === 'patch member') {
      if (step.kind === 'create member') {
        const made = await send<CreatedMember>(t.url + apiPath('createMember', { domain: d }), 'POST', caller, {
          name: `person-${n}`,
          ...body,
        });
        return made.status === 201 ? { token: made.body.secret } : stopped('step 1', made);
      }
      // The member whose groups or roles change, using their own personal token afterwards.
      const person = addHumanWithToken(t, { name: `person-${n}`, roles: ['Viewer'], groupIds: [own] });
      const patched = await send(
        t.url + apiPath('updateMember', { domain: d, id: person.member.id }),
        'PATCH',
        caller,
        body,
      );
      return patched.status === 200 ? { token: person.token } : stopped('step 1', patched);
    }

    let accountId: string;
    if (step.kind === 'create account') {
      const made = await send<ServiceAccount>(t.url + apiPath('createServiceAccount', { domain: d }), 'POST', caller, {
        name: `proxy_${n}`,
        ...body,
        roles: step.roles ?? [],
        ...(step.copyAdmin ? { copyPermissionsFrom: { serviceAccountId: adminSource } } : {}),
      });
      if (made.status !== 201) return stopped('step 1', made);
      accountId = made.body.id;
    } else if (step.kind === 'existing account') {
      accountId = addServiceAccount(t, { name: `proxy_${n}`, roles: step.roles, groupIds: [own] }).id;
    } else {
      accountId = addServiceAccount(t, { name: `proxy_${n}`, roles: ['Viewer'], groupIds: [own] }).id;
      const patched = await send(
        t.url + apiPath('updateServiceAccount', { domain: d, id: accountId }),
        'PATCH',
        caller,
        body,
      );
      if (patched.status !== 200) return stopped('step 1', patched);
    }
    let last: Reply | undefined;
    for (const level of MINT_LEVELS) {
      const url =
        level === 'domain'
          ? apiPath('listServiceAccountTokens', { domain: d, id: accountId })
          : apiPath('adminListServiceAccountTokens', { id: accountId });
      last = await send<CreatedToken>(t.url + url, 'POST', caller, { name: `cred-${level}`, expiresAt: null });
      if (last.status === 201) return { token: (last.body as CreatedToken).secret };
    }
    return stopped('step 2', last!);
  }

  /** Step 3: one action on a fresh account in `vault`, which holds one token. Returns the status. */
  async function act(credential: string, action: Action): Promise<number> {
    const victim = addServiceAccount(t, { name: `victim_${next()}`, roles: ['Viewer'], groupIds: [vault] });
    t.store.tokens.create({ memberId: victim.id, kind: 'sa', name: 'ci', roles: ['Viewer'], expiresAt: null, by: 'x' });
    const tokens = t.url + apiPath('listServiceAccountTokens', { domain: d, id: victim.id });
    const adminTokens = t.url + apiPath('adminListServiceAccountTokens', { id: victim.id });
    const account = t.url + apiPath('getServiceAccount', { domain: d, id: victim.id });
    const reply = await (() => {
      switch (action) {
        case 'list tokens':
          return send(tokens, 'GET', credential);
        case 'list tokens (admin level)':
          return send(adminTokens, 'GET', credential);
        case 'suspend a token':
          return send(`${tokens}/ci`, 'PATCH', credential, { status: 'SUSPENDED' });
        case 'rotate a token':
          return send(`${tokens}/ci/rotate`, 'POST', credential, { graceSeconds: 0 });
        case 'mint a token':
          return send(tokens, 'POST', credential, { name: 'reached', expiresAt: null });
        case 'mint a token (admin level)':
          return send(adminTokens, 'POST', credential, { name: 'reached', expiresAt: null });
        case 'patch':
          return send(account, 'PATCH', credential, { description: 'reached' });
        case 'delete':
          return send(account, 'DELETE', credential);
        case 'read logs':
          return send(t.url + apiPath('listRequestLogs', { domain: d, id: victim.id }), 'GET', credential);
      }
    })();
    if (reply.status >= 400) {
      // A refused action left the account and its token as they were.
      expect(t.store.members.get(victim.id)?.description).toBe('');
      expect(t.store.tokens.listLive(victim.id).map((row) => [row.name, row.status])).toEqual([['ci', 'ACTIVE']]);
    }
    return reply.status;
  }

  it.each(CALLER_ROLES)('%s', async (role) => {
    const slug = role.toLowerCase().replace(/[^a-z]+/g, '-');
    const caller = addHumanWithToken(t, {
      name: `caller-${slug}`.replace(/-$/, ''),
      roles: role === '(no role)' ? [] : [role],
      groupIds: [own],
    }).token;
    const managesMembers = role === 'Admin';
    // The caller cannot reach a vault account directly: that is what a chain must not get around.
    expect(await act(caller, 'list tokens')).toBe(403);

    const reached: string[] = [];
    const tally = { chains: 0, credentials: 0, reached: 0 };
    for (const step of STEP1) {
      const credential = await credentialFor(caller, step);
      tally.chains += ACTIONS.length;
      if ('stopped' in credential) continue;
      tally.credentials += 1;
      for (const action of ACTIONS) {
        const status = await act(credential.token, action);
        if (status < 300) {
          tally.reached += 1;
          reached.push(`${describeStep(step)} → ${action}: ${status}`);
        }
      }
    }
    console.log(
      `${role}: ${tally.chains} chains, ${tally.credentials} credentials obtained, ${tally.reached} reached a vault account`,
    );
    if (managesMembers) {
      // member.manage may put accounts and people into any group: chains through vault do reach it,
      // which also shows this test can see a chain succeed.
      expect(reached.length).toBeGreaterThan(0);
    } else {
      expect(reached).toEqual([]);
    }
  });
});
