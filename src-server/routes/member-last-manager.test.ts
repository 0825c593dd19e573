import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedMember, Member } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import {
  addHumanWithToken,
  addServiceAccount,
  addServiceAccountToken,
  databaseFingerprint,
  send,
} from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { expectError } from '../token-test-support.js';
import { SELF_REMOVAL_REASON } from '../../src-shared/authz.js';

const SELF =
  'You are the last member who can manage members: without your Admin role no one could. Give another member the Admin role, or a bundle with member.manage, first.';
const OTHER =
  'This would leave no enabled member who can manage members (member.manage). Give another member the Admin role, or a bundle with member.manage, first.';

/**
 * The domain always keeps an enabled person holding member.manage. The last one cannot
 * drop their own Admin role, and no one (a service account with the Admin role included) can demote,
 * disable or delete them.
 */
describe('the last member who can manage members', () => {
  const t = useTestServer('last-manager');
  const members = () => t.url + apiPath('listMembers', { domain: 'default' });
  const member = (id: string) => t.url + apiPath('updateMember', { domain: 'default', id });
  beforeAll(async () => {
    expect((await send(t.url + apiPath('getMe'), 'GET', t.adminToken)).status).toBe(200);
  });

  it('cannot remove their own Admin role, and nothing is written', async () => {
    const before = await databaseFingerprint(t.store);
    for (const roles of [['Viewer'], ['Power User', 'Deployment'], []]) {
      const refused = await expectError(
        send(member(t.admin.id), 'PATCH', t.adminToken, { roles }),
        422,
        'unprocessable',
      );
      expect(refused.error.message).toBe(SELF);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
    // Changing their groups, or keeping Admin among other roles, is fine.
    const kept = await send<Member>(member(t.admin.id), 'PATCH', t.adminToken, { roles: ['Admin', 'Viewer'] });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  });

  it('can step down once another enabled member holds it; a disabled Admin does not count', async () => {
    const ada = await send<CreatedMember>(members(), 'POST', t.adminToken, { name: 'ada', roles: ['Admin'] });
    const bob = await send<CreatedMember>(members(), 'POST', t.adminToken, { name: 'bob', roles: ['Admin'] });
    expect((await send(member(bob.body.member.id), 'PATCH', t.adminToken, { enabled: false })).status).toBe(200);
    const stepped = await send<Member>(member(t.admin.id), 'PATCH', t.adminToken, { roles: ['Power User'] });
    expect(stepped.status, JSON.stringify(stepped.body)).toBe(200);
    // Now ada is the last enabled one: bob is disabled.
    const refused = await expectError(
      send(member(ada.body.member.id), 'PATCH', ada.body.secret, { roles: ['Viewer'] }),
      422,
      'unprocessable',
    );
    expect(refused.error.message).toBe(SELF);
  });

  it('a service account with the Admin role cannot demote, disable or delete the last one either', async () => {
    const bot = await addServiceAccount(t, { name: 'root_bot', roles: ['Admin'], groupIds: [t.adminsGroupId] });
    const { secret } = await addServiceAccountToken(t, bot, { name: 'ops', roles: ['Admin'] });
    expect((await send(t.url + apiPath('getMe'), 'GET', secret)).status).toBe(200);
    const ada = (await t.store.members.byName(t.domain.id, 'ada'))!;
    // Its requests write request-log rows, so compare what a member change would touch.
    const people = async () => ({
      members: await t.store.sql.all('SELECT id, name, enabled, deleted_at FROM members ORDER BY id'),
      roles: await t.store.sql.all('SELECT * FROM member_roles ORDER BY member_id, role'),
      audit: await t.store.sql.value('SELECT count(*) FROM audit_events'),
    });
    const before = await people();
    for (const [method, body] of [
      ['PATCH', { roles: ['Power User'] }],
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await expectError(send(member(ada.id), method, secret, body), 422, 'unprocessable');
      expect(refused.error.message).toBe(OTHER);
    }
    expect(await people()).toEqual(before);
  });

  it('no one disables or deletes themselves, in the shared words the app shows before the click', async () => {
    const self = await addHumanWithToken(t, { name: 'sue', roles: ['Admin'] });
    expect((await send(t.url + apiPath('getMe'), 'GET', self.token)).status).toBe(200);
    const before = await databaseFingerprint(t.store);
    for (const [method, body] of [
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await expectError(send(member(self.member.id), method, self.token, body), 422, 'unprocessable');
      expect(refused.error.message).toBe(SELF_REMOVAL_REASON);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });
});
