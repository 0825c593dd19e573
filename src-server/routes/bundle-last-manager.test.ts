import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { NO_MANAGER_LEFT_REASON, SELF_VIA_BUNDLE_REASON } from '../../src-shared/authz.js';
import { ADMIN_MEMBER } from '../bootstrap.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  addServiceAccountToken,
  databaseFingerprint,
  send,
  type Reply,
} from '../test-support.js';

/**
 * The domain keeps an enabled person holding member.manage, counted from every source (issue 12): when
 * the only one holds it through a bundle, their own or their group's, no path that would take it away
 * goes through (422, nothing written), and each goes through once a second manager exists.
 *
 * The caller is a service account token with the Admin role: it may call every route (bundle
 * definitions need the role), and it is no person, so it does not count as a manager itself.
 */
type Via = 'own' | 'group';
interface Arranged {
  manager: string;
  bundle: string;
  group: string;
}

const PATHS: { path: string; via: Via[]; request: (a: Arranged) => [string, 'PATCH' | 'DELETE' | 'PUT', unknown?] }[] =
  [
    {
      path: 'disable the manager',
      via: ['own', 'group'],
      request: (a) => [member(a.manager), 'PATCH', { enabled: false }],
    },
    { path: 'delete the manager', via: ['own', 'group'], request: (a) => [member(a.manager), 'DELETE'] },
    {
      path: 'take the manager out of the group',
      via: ['group'],
      request: (a) => [member(a.manager), 'PATCH', { groups: [] }],
    },
    { path: 'delete the group', via: ['group'], request: (a) => [group(a.group), 'DELETE'] },
    {
      path: 'take member.manage out of the bundle',
      via: ['own', 'group'],
      request: (a) => [bundle(a.bundle), 'PATCH', { permissions: ['member.read'] }],
    },
    { path: 'delete the bundle', via: ['own', 'group'], request: (a) => [bundle(a.bundle), 'DELETE'] },
    {
      path: 'take the bundle from the manager',
      via: ['own'],
      request: (a) => [memberBundles(a.manager), 'PUT', { bundles: [] }],
    },
    {
      path: 'take the bundle from the group',
      via: ['group'],
      request: (a) => [groupBundles(a.group), 'PUT', { bundles: [] }],
    },
  ];

const d = { domain: 'default' };
let base = '';
const member = (id: string) => base + apiPath('updateMember', { ...d, id });
const group = (name: string) => base + apiPath('deleteGroup', { ...d, name });
const bundle = (name: string) => base + apiPath('getBundle', { ...d, name });
const memberBundles = (id: string) => base + apiPath('setMemberBundles', { ...d, id });
const groupBundles = (name: string) => base + apiPath('setGroupBundles', { ...d, name });

const CASES = PATHS.flatMap(({ path, via, request }) =>
  via.flatMap((v) => [false, true].map((second) => ({ path, via: v, second, request }))),
);

describe('the last holder of member.manage through a bundle', () => {
  const t = useTestServer('bundle-last-manager');
  let caller: string;
  let serial = 0;

  beforeAll(async () => {
    base = t.url;
    const root = await addServiceAccount(t, { name: 'root_bot', roles: ['Admin'], groupIds: [t.adminsGroupId] });
    caller = (await addServiceAccountToken(t, root, { name: 'ops', roles: ['Admin'] })).secret;
    expect((await send(t.url + apiPath('getMe'), 'GET', caller)).status).toBe(200);
  });

  /** A domain whose only manager holds member.manage through a bundle; with `second`, one more manager by role. */
  async function arrange(via: Via, second: boolean): Promise<Arranged> {
    const n = (serial += 1);
    for (const person of await t.store.directory.humans(t.domain.id)) {
      if (person.enabled) await t.store.people.updateHuman(person.id, { enabled: false }, ADMIN_MEMBER);
    }
    const at = t.clock.now();
    const held = await t.store.bundles.create({
      domainId: t.domain.id,
      name: `managers-${n}`,
      description: '',
      permissions: ['member.manage', 'member.read'],
      by: ADMIN_MEMBER,
      at,
    });
    const groupId = await addGroup(t, `leads-${n}`);
    const manager = await t.store.members.create({
      domainId: t.domain.id,
      type: 'HUMAN',
      name: `manager-${n}`,
      roles: [],
      groupIds: [groupId],
      by: ADMIN_MEMBER,
    });
    if (via === 'own') await t.store.bundles.setForMember(manager.id, [held.id]);
    else await t.store.bundles.setForGroup(groupId, [held.id]);
    if (second) {
      await t.store.members.create({
        domainId: t.domain.id,
        type: 'HUMAN',
        name: `second-${n}`,
        roles: ['Admin'],
        by: ADMIN_MEMBER,
      });
    }
    return { manager: manager.id, bundle: held.name, group: `leads-${n}` };
  }

  it.each(CASES)('$path, member.manage through a $via bundle, second manager: $second', async (c) => {
    const [url, method, body] = c.request(await arrange(c.via, c.second));
    // The caller's own request-log row is written either way; everything else must stay as it was.
    const before = await databaseFingerprint(t.store, { except: ['request_logs'] });
    const reply: Reply = await send(url, method, caller, body);
    if (c.second) {
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
      return;
    }
    expect(reply.status, JSON.stringify(reply.body)).toBe(422);
    expect(reply.body).toEqual({ error: { code: 'unprocessable', message: NO_MANAGER_LEFT_REASON } });
    expect(await databaseFingerprint(t.store, { except: ['request_logs'] })).toEqual(before);
  });
});

describe('the last holder of member.manage through a bundle, acting on themselves', () => {
  const t = useTestServer('bundle-last-manager-self');

  it('cannot leave the group whose bundle gives it, and the words name the bundle, not an Admin role', async () => {
    base = t.url;
    const at = t.clock.now();
    const held = await t.store.bundles.create({
      domainId: t.domain.id,
      name: 'managers',
      description: '',
      permissions: ['member.manage', 'member.read'],
      by: ADMIN_MEMBER,
      at,
    });
    const leads = await addGroup(t, 'leads');
    await t.store.bundles.setForGroup(leads, [held.id]);
    const self = await addHumanWithToken(t, { name: 'lead', roles: [], groupIds: [leads] });
    await t.store.people.updateHuman(t.admin.id, { enabled: false }, ADMIN_MEMBER);
    expect((await send(t.url + apiPath('getMe'), 'GET', self.token)).status).toBe(200);
    const before = await databaseFingerprint(t.store);
    const reply = await send(member(self.member.id), 'PATCH', self.token, { groups: [] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(422);
    expect(reply.body).toEqual({ error: { code: 'unprocessable', message: SELF_VIA_BUNDLE_REASON } });
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });
});
