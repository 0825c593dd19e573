import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedMember, Member } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { PERMISSIONS } from '../../src-shared/roles.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  call,
  databaseFingerprint,
  send,
  type Reply,
} from '../test-support.js';

const d = { domain: 'default' };
const beyond = (what: string) => ({
  error: {
    code: 'forbidden',
    message: `You can only give permissions you have yourself; ${what} ${what.includes(') and ') ? 'go' : 'goes'} beyond yours.`,
  },
});

/**
 * The ceiling over every path that hands out a bundle's permissions (issue 12): granting a bundle to a
 * person or a group, putting a person into a group that holds bundles (on create or by a change), and
 * granting built-in roles. The caller is not an Admin: they hold member.manage only through a bundle,
 * their own or their group's, and may hand out only what that bundle gives them.
 */
describe.each(['own', 'group'] as const)(
  'the ceiling for a caller holding member.manage through a %s bundle',
  (via) => {
    const t = useTestServer(`bundle-ceiling-${via}`);
    let caller: string;
    let target: string;
    const memberBundles = (id: string) => t.url + apiPath('setMemberBundles', { ...d, id });
    const groupBundles = (name: string) => t.url + apiPath('setGroupBundles', { ...d, name });
    const members = () => t.url + apiPath('listMembers', d);
    const member = (id: string) => t.url + apiPath('updateMember', { ...d, id });

    beforeAll(async () => {
      const define = async (name: string, permissions: string[]) =>
        expect(
          (await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, { name, permissions })).status,
        ).toBe(201);
      // What the caller holds: member.manage, member.read and service_account.read (so the Viewer role is theirs to give).
      await define('people-ops', ['MANAGE_MEMBER', 'member.read', 'service_account.read']);
      await define('readers', ['member.read']);
      await define('auditors', ['audit.read']);
      await addGroup(t, 'staff');
      await addGroup(t, 'audit-team');
      await addGroup(t, 'reading-room');
      await addGroup(t, 'plain');
      for (const [group, held] of [
        ['staff', ['people-ops']],
        ['audit-team', ['auditors']],
        ['reading-room', ['readers']],
      ] as const) {
        expect((await send(groupBundles(group), 'PUT', t.adminToken, { bundles: held })).status).toBe(200);
      }
      const mia = await addHumanWithToken(t, { name: 'mia', roles: [] });
      if (via === 'own') {
        expect(
          (await send(memberBundles(mia.member.id), 'PUT', t.adminToken, { bundles: ['people-ops'] })).status,
        ).toBe(200);
      } else {
        expect((await send(member(mia.member.id), 'PATCH', t.adminToken, { groups: ['staff'] })).status).toBe(200);
      }
      caller = mia.token;
      target = (await addHumanWithToken(t, { name: 'tom', roles: [] })).member.id;
      // First use writes "last used": done now, so a refused call below is the only request between fingerprints.
      expect((await call(t.url + apiPath('getMe'), { token: caller })).status).toBe(200);
    });

    /** A refusal with exactly these words, and nothing written. */
    async function refused(request: () => Promise<Reply>, what: string): Promise<void> {
      const before = await databaseFingerprint(t.store);
      const reply = await request();
      expect(reply.status, JSON.stringify(reply.body)).toBe(403);
      expect(reply.body).toEqual(beyond(what));
      expect(await databaseFingerprint(t.store)).toEqual(before);
    }

    it('cannot grant a bundle beyond their permissions to a person or a group', async () => {
      await refused(
        () => send(memberBundles(target), 'PUT', caller, { bundles: ['auditors'] }),
        'the auditors bundle (audit.read)',
      );
      await refused(
        () => send(groupBundles('plain'), 'PUT', caller, { bundles: ['readers', 'auditors'] }),
        'the auditors bundle (audit.read)',
      );
    });

    it('cannot put a person into a group holding such a bundle, on create or by a change', async () => {
      await refused(
        () => send(members(), 'POST', caller, { name: 'newcomer', roles: [], groups: ['audit-team'] }),
        'the auditors bundle (audit.read)',
      );
      await refused(
        () => send(member(target), 'PATCH', caller, { groups: ['plain', 'audit-team'] }),
        'the auditors bundle (audit.read)',
      );
    });

    it('cannot grant a built-in role beyond their permissions, and the refusal names every handout at once', async () => {
      await refused(
        () => send(members(), 'POST', caller, { name: 'newcomer', roles: ['Deployment'], groups: ['audit-team'] }),
        'Deployment (access_token.manage and log.read) and the auditors bundle (audit.read)',
      );
      await refused(
        () => send(member(target), 'PATCH', caller, { roles: ['Power User'] }),
        'Power User (service_account.manage, access_token.manage, audit.read and log.read)',
      );
    });

    it('cannot enable a person again whose roles or bundles go beyond their permissions: all of it comes back', async () => {
      const admin = (await addHumanWithToken(t, { name: 'old-admin', roles: ['Admin'] })).member.id;
      const auditor = (await addHumanWithToken(t, { name: 'old-auditor', roles: [] })).member.id;
      expect((await send(memberBundles(auditor), 'PUT', t.adminToken, { bundles: ['auditors'] })).status).toBe(200);
      for (const id of [admin, auditor]) {
        expect((await send(member(id), 'PATCH', t.adminToken, { enabled: false })).status).toBe(200);
      }
      await refused(
        () => send(member(admin), 'PATCH', caller, { enabled: true }),
        'Admin (service_account.manage, access_token.manage, audit.read and log.read)',
      );
      await refused(
        () => send(member(auditor), 'PATCH', caller, { enabled: true }),
        'the auditors bundle (audit.read)',
      );
      // Disabling takes rights away, which member.manage may always do.
      const reader = (await addHumanWithToken(t, { name: 'old-reader', roles: [] })).member.id;
      expect((await send(member(reader), 'PATCH', caller, { enabled: false })).status).toBe(200);
      expect((await send(member(reader), 'PATCH', caller, { enabled: true })).status).toBe(200);
    });

    it('hands out what they hold: bundles, groups holding them, and roles within their permissions', async () => {
      const granted = await send(memberBundles(target), 'PUT', caller, { bundles: ['readers'] });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
      const grouped = await send(groupBundles('plain'), 'PUT', caller, { bundles: ['readers'] });
      expect(grouped.status, JSON.stringify(grouped.body)).toBe(200);
      const moved = await send<Member>(member(target), 'PATCH', caller, {
        groups: ['reading-room'],
        roles: ['Viewer'],
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ groups: ['reading-room'], roles: ['Viewer'] });
      const made = await send<CreatedMember>(members(), 'POST', caller, {
        name: 'helper',
        roles: ['Viewer'],
        groups: ['reading-room', 'plain'],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      // Keeping a group that holds a bundle beyond the caller, or leaving one, hands nothing out.
      expect((await send(member(target), 'PATCH', t.adminToken, { groups: ['audit-team'] })).status).toBe(200);
      const kept = await send<Member>(member(target), 'PATCH', caller, { groups: ['audit-team', 'plain'] });
      expect(kept.status, JSON.stringify(kept.body)).toBe(200);
      const left = await send<Member>(member(target), 'PATCH', caller, { groups: [] });
      expect(left.status, JSON.stringify(left.body)).toBe(200);
    });
  },
);

/**
 * The Admin role gives more than its permissions: routes that ask for the role itself (defining bundles,
 * token management at the admin level). A bundle carrying every permission is not the role, so its
 * holder may not give the role, to someone else, to themselves, or to a token.
 */
describe('the ceiling for a caller holding every permission through a bundle, but not the Admin role', () => {
  const t = useTestServer('bundle-ceiling-admin');
  let eve: { id: string; token: string };
  const ADMIN_BEYOND = beyond('Admin (what only the Admin role may do)');

  beforeAll(async () => {
    const made = await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
      name: 'everything',
      permissions: [...PERMISSIONS],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const person = await addHumanWithToken(t, { name: 'eve', roles: [], groupIds: [t.adminsGroupId] });
    const put = await send(t.url + apiPath('setMemberBundles', { ...d, id: person.member.id }), 'PUT', t.adminToken, {
      bundles: ['everything'],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    eve = { id: person.member.id, token: person.token };
    expect((await call(t.url + apiPath('getMe'), { token: eve.token })).status).toBe(200);
  });

  async function refusedAsAdmin(request: () => Promise<Reply>): Promise<void> {
    const before = await databaseFingerprint(t.store);
    const reply = await request();
    expect(reply.status, JSON.stringify(reply.body)).toBe(403);
    expect(reply.body).toEqual(ADMIN_BEYOND);
    expect(await databaseFingerprint(t.store)).toEqual(before);
  }

  it('cannot give the Admin role to themselves, to a new member, or to a token', async () => {
    await refusedAsAdmin(() =>
      send(t.url + apiPath('updateMember', { ...d, id: eve.id }), 'PATCH', eve.token, { roles: ['Admin'] }),
    );
    await refusedAsAdmin(() =>
      send(t.url + apiPath('listMembers', d), 'POST', eve.token, { name: 'eve2', roles: ['Admin'] }),
    );
    const account = await addServiceAccount(t, { name: 'root_bot', roles: ['Admin'], groupIds: [t.adminsGroupId] });
    const tokens = t.url + apiPath('listServiceAccountTokens', { ...d, id: account.id });
    await refusedAsAdmin(() => send(tokens, 'POST', eve.token, { name: 'ops', expiresAt: null }));
    // Every other role is within her permissions.
    const minted = await send(tokens, 'POST', eve.token, { name: 'ops', expiresAt: null, roles: [] });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const made = await send(t.url + apiPath('listMembers', d), 'POST', eve.token, {
      name: 'pia',
      roles: ['Power User'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });
});
