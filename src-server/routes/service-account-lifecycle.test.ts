import { describe, expect, it } from 'vitest';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ServiceAccountListResponse, TokenListResponse } from '../../src-shared/api/service-accounts.js';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../src-shared/authz.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { addGroup, addHumanWithToken, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

type Answer = ServiceAccount & ErrorBody;

/** Create → use → disable → enable → delete over HTTP, as the app drives it, with sync and audit alongside. */
describe('service-account lifecycle', () => {
  const t = useTestServer('sa-lifecycle');
  const url = (id?: string) =>
    t.url +
    (id
      ? apiPath('getServiceAccount', { domain: 'default', id })
      : apiPath('listServiceAccounts', { domain: 'default' }));
  const create = async (name: string, extra: Record<string, unknown> = {}) => {
    const reply = await send<Answer>(url(), 'POST', t.adminToken, { name, roles: ['Viewer'], ...extra });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return ServiceAccount.parse(reply.body);
  };
  const tokenFor = async (accountId: string, name = 'ci') =>
    await t.store.tokens.create({
      memberId: accountId,
      kind: 'sa',
      name,
      roles: ['Viewer'],
      expiresAt: null,
      by: 'admin',
    });
  const me = (token: string) => send<ErrorBody>(t.url + apiPath('getMe'), 'GET', token);
  const changesSince = async (cursor: string) => {
    const reply = await send(`${url()}?changesSince=${cursor}`, 'GET', t.adminToken);
    return ServiceAccountListResponse.parse(reply.body);
  };
  const syncCursor = async () =>
    ServiceAccountListResponse.parse((await send(url(), 'GET', t.adminToken)).body).syncCursor;

  it('a disabled account’s tokens answer 401 account_disabled and keep their own status; enabling restores them', async () => {
    const account = await create('disable_me');
    const active = await tokenFor(account.id, 'active');
    const paused = await tokenFor(account.id, 'paused');
    await t.store.tokens.update(paused.row.id, { status: 'SUSPENDED' });
    expect((await me(active.secret)).status).toBe(200);

    const off = await send<Answer>(url(account.id), 'PATCH', t.adminToken, { enabled: false });
    expect([off.status, off.body.enabled]).toEqual([200, false]);
    const refused = await me(active.secret);
    expect(refused.status).toBe(401);
    expect(ErrorBody.parse(refused.body).error).toEqual({
      code: 'account_disabled',
      message: 'The service account this token belongs to is disabled.',
    });
    // The tokens themselves are untouched: listed with their own statuses while the account is off.
    const listed = TokenListResponse.parse(
      (
        await send(
          t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: account.id }),
          'GET',
          t.adminToken,
        )
      ).body,
    );
    expect(listed.items.map((tk) => [tk.name, tk.status]).sort()).toEqual([
      ['active', 'ACTIVE'],
      ['paused', 'SUSPENDED'],
    ]);

    expect((await send(url(account.id), 'PATCH', t.adminToken, { enabled: true })).status).toBe(200);
    expect((await me(active.secret)).status).toBe(200);
    expect((await me(paused.secret)).body.error.code).toBe('token_suspended');
  });

  it('delete: 204, the account, its tokens and request logs gone, a tombstone sync reports, an audit row', async () => {
    const account = await create('delete_me', { description: 'short-lived' });
    const { secret, row: token } = await tokenFor(account.id);
    await t.store.sql.run(
      "INSERT INTO request_logs (member_id, token_id, at, method, path, status) VALUES (?, ?, '2026-03-01T12:00:00.000Z', 'GET', '/api/v1/me', 200)",
      [account.id, token.id],
    );
    expect((await me(secret)).status).toBe(200);
    const cursor = await syncCursor();

    const reply = await send(url(account.id), 'DELETE', t.adminToken);
    expect(reply.status).toBe(204);
    expect(
      await (
        await fetch(url(account.id), { method: 'GET', headers: { authorization: `Bearer ${t.adminToken}` } })
      ).json(),
    ).toMatchObject({ error: { code: 'not_found' } });
    const count = async (sql: string) => await t.store.sql.value(sql, [account.id]);
    expect(await count('SELECT count(*) FROM tokens WHERE member_id = ?')).toBe(0);
    expect(await count('SELECT count(*) FROM request_logs WHERE member_id = ?')).toBe(0);
    expect(await count('SELECT count(*) FROM group_members WHERE member_id = ?')).toBe(0);
    expect(await count('SELECT count(*) FROM sa_tombstones WHERE id = ?')).toBe(1);

    // Its tokens: the server no longer holds them, so they are unknown (documented in the route).
    const after = await me(secret);
    expect([after.status, after.body.error.code]).toEqual([401, 'token_unknown']);

    const changes = await changesSince(cursor);
    expect(changes.deleted).toEqual([account.id]);
    expect(changes.items).toEqual([]);

    const [event] = await t.store.audit.list(t.domain.id, 1);
    expect(event).toMatchObject({
      action: 'service_account.delete',
      actor: 'admin',
      resourceId: account.id,
      resourceName: 'delete_me',
      before: { description: 'short-lived', roles: ['Viewer'], groups: ['admins'], enabled: true },
      after: null,
    });
    const again = await send<ErrorBody>(url(account.id), 'DELETE', t.adminToken);
    expect([again.status, again.body.error.code]).toEqual([404, 'not_found']);
  });

  it('delete refused: 403 not_same_group for an outsider, 403 forbidden for a Deployment member; nothing changes', async () => {
    const account = await create('keep_me');
    const teamB = await addGroup(t, 'team-b');
    const outsider = await addHumanWithToken(t, { name: 'outsider', roles: ['Power User'], groupIds: [teamB] });
    const deployer = await addHumanWithToken(t, {
      name: 'deployer',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    await me(outsider.token);
    await me(deployer.token);
    const before = await databaseFingerprint(t.store);
    const notSame = await send<ErrorBody>(url(account.id), 'DELETE', outsider.token);
    expect(notSame.body.error).toEqual({ code: 'not_same_group', message: SAME_GROUP_CHANGE_MESSAGE });
    const forbidden = await send<ErrorBody>(url(account.id), 'DELETE', deployer.token);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });

  it('incremental sync sees a create, a patch and a delete, in change order', async () => {
    const cursor = await syncCursor();
    const a = await create('sync_created');
    const b = await create('sync_patched');
    const c = await create('sync_deleted');
    const moreCursor = await syncCursor();
    await send(url(b.id), 'PATCH', t.adminToken, { description: 'patched' });
    await send(url(c.id), 'DELETE', t.adminToken);
    const all = await changesSince(cursor);
    expect(all.items.map((x) => x.name)).toEqual(['sync_created', 'sync_patched']);
    expect(all.deleted).toEqual([c.id]);
    const later = await changesSince(moreCursor);
    expect(later.items.map((x) => [x.id, x.description])).toEqual([[b.id, 'patched']]);
    expect(later.deleted).toEqual([c.id]);
    expect(a.id).toBeTruthy();
  });

  it('a change and its audit row commit together: if the audit write fails, the change is not made', async () => {
    await t.store.sql.exec(
      t.store.sql.dialect === 'sqlite'
        ? "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit is down'); END"
        : `CREATE FUNCTION audit_is_down() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'audit is down'; END $$;
           CREATE TRIGGER audit_fails BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_is_down()`,
    );
    try {
      const before = await databaseFingerprint(t.store);
      const created = await send<ErrorBody>(url(), 'POST', t.adminToken, { name: 'not_audited', roles: ['Viewer'] });
      expect([created.status, created.body.error.code]).toEqual([500, 'internal']);
      expect(JSON.stringify(created.body)).not.toMatch(/audit is down/);
      const existing = (await t.store.members.byName(t.domain.id, 'keep_me'))!;
      const patched = await send<ErrorBody>(url(existing.id), 'PATCH', t.adminToken, { description: 'lost' });
      expect(patched.status).toBe(500);
      const deleted = await send<ErrorBody>(url(existing.id), 'DELETE', t.adminToken);
      expect(deleted.status).toBe(500);
      expect(await databaseFingerprint(t.store)).toEqual(before);
    } finally {
      await t.store.sql.exec(
        t.store.sql.dialect === 'sqlite'
          ? 'DROP TRIGGER audit_fails'
          : 'DROP TRIGGER audit_fails ON audit_events; DROP FUNCTION audit_is_down()',
      );
    }
  });

  it('audit rows never hold a secret, even one pasted into a description', async () => {
    const { secret } = await tokenFor((await t.store.members.byName(t.domain.id, 'keep_me'))!.id, 'leaky');
    const account = await create('leaky_desc', { description: `oops ${secret} pasted` });
    expect(account.description).toContain(secret); // the account keeps what it was given
    const rows = await t.store.sql.column<string>('SELECT details FROM audit_events');
    expect(rows.join('\n')).not.toContain(secret);
    expect((await t.store.audit.list(t.domain.id, 1))[0]!.after!.description).toBe('oops [redacted] pasted');
  });
});
