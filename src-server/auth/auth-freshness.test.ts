import { describe, expect, it } from 'vitest';
import type { Me } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { permissionNames } from '../../src-shared/permissions.js';
import { useTestServer } from '../test-server-hooks.js';
import { addGroup, addHumanWithToken, call, type Reply } from '../test-support.js';
import {
  createToken,
  expectError,
  request,
  rotateToken,
  sharedAccount,
  tokensUrl,
  tokenUrl,
} from '../token-test-support.js';

/**
 * The server caches what a token resolves to (see auth-cache.ts). Each change that affects what a
 * token may do must show on the VERY NEXT request: every case below uses the token first, so its
 * state is cached, then changes it, then asks once.
 */
describe('authentication never serves a decision a committed change has invalidated', () => {
  const t = useTestServer('auth-freshness');

  const me = (secret: string): Promise<Reply<Me>> => call<Me>(t.url + apiPath('getMe'), { token: secret });
  const warm = async (secret: string): Promise<Me> => {
    // Twice: the first fills the cache, the second is answered from it.
    expect((await me(secret)).status).toBe(200);
    const reply = await me(secret);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const accountUrl = (id: string) => t.url + apiPath('updateServiceAccount', { domain: 'default', id });
  const memberUrl = (id: string) => t.url + apiPath('updateMember', { domain: 'default', id });

  async function accountToken(name: string, roles: ('Viewer' | 'Deployment')[] = ['Viewer']) {
    const account = await sharedAccount(t, name, { roles });
    const { secret } = await createToken(t, account.id, { name: 'ci-run', expiresAt: null, roles });
    return { account, secret };
  }

  it('a suspended token is refused on the next request', async () => {
    const { account, secret } = await accountToken('fresh_suspend');
    await warm(secret);
    expect(
      (await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'ci-run'), { status: 'SUSPENDED' })).status,
    ).toBe(200);
    await expectError(me(secret), 401, 'token_suspended');
  });

  it('a deleted token is refused on the next request', async () => {
    const { account, secret } = await accountToken('fresh_delete');
    await warm(secret);
    expect((await request(t, 'DELETE', tokenUrl(t, 'domain', account.id, 'ci-run'))).status).toBe(204);
    await expectError(me(secret), 401, 'token_deleted');
  });

  it('a token rotated without grace is refused on the next request', async () => {
    const { account, secret } = await accountToken('fresh_rotate');
    await warm(secret);
    await rotateToken(t, account.id, 'ci-run', 0);
    await expectError(me(secret), 401, 'token_rotated');
  });

  it('a token of a disabled account is refused on the next request', async () => {
    const { account, secret } = await accountToken('fresh_disable');
    await warm(secret);
    expect((await request(t, 'PATCH', accountUrl(account.id), { enabled: false })).status).toBe(200);
    await expectError(me(secret), 401, 'account_disabled');
  });

  it('a role taken from the account leaves its token on the next request', async () => {
    const { account, secret } = await accountToken('fresh_role', ['Viewer', 'Deployment']);
    expect((await warm(secret)).roles).toEqual(['Deployment', 'Viewer']);
    const listOwnTokens = () => request(t, 'GET', tokensUrl(t, 'domain', account.id), undefined, { token: secret });
    expect((await listOwnTokens()).status).toBe(200);
    expect((await request(t, 'PATCH', accountUrl(account.id), { roles: ['Viewer'] })).status).toBe(200);
    await expectError(listOwnTokens(), 403, 'forbidden');
    const after = await me(secret);
    expect(after.body.roles).toEqual(['Viewer']);
    expect(permissionNames(after.body.permissions)).not.toContain('access_token.manage');
  });

  it('a group the account leaves is gone on the next request', async () => {
    await addGroup(t, 'fresh-team');
    const { account, secret } = await accountToken('fresh_group');
    expect((await request(t, 'PATCH', accountUrl(account.id), { groups: ['admins', 'fresh-team'] })).status).toBe(200);
    expect((await warm(secret)).groups).toEqual(['admins', 'fresh-team']);
    expect((await request(t, 'PATCH', accountUrl(account.id), { groups: ['admins'] })).status).toBe(200);
    expect((await me(secret)).body.groups).toEqual(['admins']);
  });

  it('a deleted group is gone on the next request', async () => {
    await addGroup(t, 'doomed-team');
    const person = await addHumanWithToken(t, { name: 'fresh_doomed', roles: ['Viewer'] });
    expect((await request(t, 'PATCH', memberUrl(person.member.id), { groups: ['doomed-team'] })).status).toBe(200);
    expect((await warm(person.token)).groups).toEqual(['doomed-team']);
    const gone = await request(t, 'DELETE', t.url + apiPath('deleteGroup', { domain: 'default', name: 'doomed-team' }));
    expect(gone.status).toBe(204);
    expect((await me(person.token)).body.groups).toEqual([]);
  });

  it('a person’s role and group changes apply to their personal token on the next request', async () => {
    const person = await addHumanWithToken(t, {
      name: 'fresh_person',
      roles: ['Power User'],
      groupIds: [t.adminsGroupId],
    });
    expect(await warm(person.token)).toMatchObject({ roles: ['Power User'], groups: ['admins'] });
    expect((await request(t, 'PATCH', memberUrl(person.member.id), { roles: ['Viewer'] })).status).toBe(200);
    expect((await me(person.token)).body.roles).toEqual(['Viewer']);
    expect((await request(t, 'PATCH', memberUrl(person.member.id), { groups: [] })).status).toBe(200);
    expect((await me(person.token)).body.groups).toEqual([]);
  });

  it('a disabled person’s personal token is refused on the next request, and so is a deleted person’s', async () => {
    const disabled = await addHumanWithToken(t, { name: 'fresh_disabled_person', roles: ['Viewer'] });
    await warm(disabled.token);
    expect((await request(t, 'PATCH', memberUrl(disabled.member.id), { enabled: false })).status).toBe(200);
    await expectError(me(disabled.token), 401, 'owner_disabled');

    const deleted = await addHumanWithToken(t, { name: 'fresh_deleted_person', roles: ['Viewer'] });
    await warm(deleted.token);
    expect((await request(t, 'DELETE', memberUrl(deleted.member.id))).status).toBe(204);
    await expectError(me(deleted.token), 401, 'owner_disabled');
  });

  it('a token of a deleted account is refused on the next request', async () => {
    const { account, secret } = await accountToken('fresh_account_gone');
    await warm(secret);
    expect((await request(t, 'DELETE', accountUrl(account.id))).status).toBe(204);
    await expectError(me(secret), 401, 'token_unknown');
  });

  it('sees a change another connection commits (another server process on the same database)', async () => {
    const { account, secret } = await accountToken('fresh_elsewhere');
    await warm(secret);
    // t.store is a second connection to the same SQLite file, as another instance or the CLI would be.
    const token = (await t.store.tokens.liveByName(account.id, 'ci-run'))!;
    await t.store.tokens.update(token.id, { status: 'SUSPENDED' });
    await expectError(me(secret), 401, 'token_suspended');
    await t.store.tokens.update(token.id, { status: 'ACTIVE' });
    expect((await me(secret)).status).toBe(200);
    await t.store.sql.run('UPDATE members SET enabled = 0 WHERE id = ?', [account.id]);
    await expectError(me(secret), 401, 'account_disabled');
  });

  it('sees raw role and group deletes by another connection: each table a decision reads has its trigger', async () => {
    const person = await addHumanWithToken(t, { name: 'fresh_raw', roles: ['Viewer', 'Deployment'] });
    const groupId = await addGroup(t, 'raw-team');
    await t.store.members.addToGroup(person.member.id, groupId);
    expect(await warm(person.token)).toMatchObject({ roles: ['Deployment', 'Viewer'], groups: ['raw-team'] });
    await t.store.sql.run("DELETE FROM member_roles WHERE member_id = ? AND role = 'Deployment'", [person.member.id]);
    expect((await me(person.token)).body.roles).toEqual(['Viewer']);
    await t.store.sql.run('DELETE FROM group_members WHERE member_id = ?', [person.member.id]);
    expect((await me(person.token)).body.groups).toEqual([]);
  });

  it('last use is recorded without emptying the cache, and stays recorded once a minute', async () => {
    const { account, secret } = await accountToken('fresh_touch');
    const version = async () => await t.store.authState.version();
    await me(secret);
    const before = await version();
    const firstUse = (await t.store.tokens.liveByName(account.id, 'ci-run'))!.last_used_at;
    expect(firstUse).not.toBeNull();
    t.clock.advance(61_000);
    await me(secret);
    expect((await t.store.tokens.liveByName(account.id, 'ci-run'))!.last_used_at).not.toBe(firstUse);
    expect(await version()).toBe(before);
  });
});
