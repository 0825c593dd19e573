import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINS_GROUP, DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import { openStore } from '../../src-server/store/store.js';
import { addHumanWithToken } from '../../src-server/test-support.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { canGrantPermissions } from '../../src-shared/authz.js';
import { effectivePermissions, permissionNames } from '../../src-shared/permissions.js';
import { connectAndSync, makeRoot, sendToServer, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

/**
 * A service account's grants and denies through the main-process core against the REAL server: the
 * account answered and cached carries them, an existing token follows a deny at once, and a change
 * beyond the caller's own permissions (the ceiling) is the server's 403 with the cache left as it was.
 * The tests run in order and share one server and one app data folder.
 */
describe('account permissions: core ↔ real server', () => {
  const root = makeRoot('account-permissions');
  let server: RunningServer;
  let adminToken: string;
  let powerToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let accountId: string;
  let secret: string;

  const direct = (token: string, method: string, path: string, body?: unknown) =>
    sendToServer<{ error?: Record<string, unknown>; permissions?: unknown }>(server.url, token, method, path, body);
  const snapshotRow = async (connection: string, id: string) =>
    (await app.call('snapshot:get', { connectionId: connection }))!.accounts.find((a) => a.id === id);
  const refused = async (channel: string, payload: unknown) => {
    const result = await app.core.handle(channel, payload);
    if (result.ok) throw new Error(`${channel} was expected to fail`);
    return result.error;
  };

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 3, tokensPerAccount: 1, seed: 5 }, async (dir) => {
      const store = await openStore(dir);
      try {
        const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
        const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!;
        // Shares the admins group and may change its accounts, but holds no member.manage.
        powerToken = (
          await addHumanWithToken({ store, domain }, { name: 'pia', roles: ['Power User'], groupIds: [admins.id] })
        ).token;
      } finally {
        await store.close();
      }
    }));
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
  });

  afterAll(() => shutDown(app, [server], root));

  it('create from scratch: no role, grants only; cached and on the server alike', async () => {
    const created = await app.call('accounts:create', {
      connectionId,
      input: { name: 'audit_reader', roles: [], grants: ['audit.read'] },
    });
    expect(created).toMatchObject({ name: 'audit_reader', roles: [], grants: ['audit.read'], denies: [] });
    const { tokens: _tokens, ...row } = created;
    expect(await snapshotRow(connectionId, created.id)).toStrictEqual(row);
    const onServer = await direct(
      adminToken,
      'GET',
      apiPath('getServiceAccount', { domain: DEFAULT_DOMAIN, id: created.id }),
    );
    expect(onServer.body).toEqual(row);
  });

  it('update grants and denies: the cache follows, and an existing token is refused at once', async () => {
    const created = await app.call('accounts:create', {
      connectionId,
      input: { name: 'release_bot', copyPermissionsFrom: { role: 'Deployment' } },
    });
    accountId = created.id;
    const issued = await app.call('tokens:create', {
      connectionId,
      accountId,
      input: { name: 'pipeline', expiresAt: null },
    });
    secret = issued.secret;
    const logsPath = apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN });
    expect((await direct(secret, 'GET', logsPath)).status).toBe(200);

    const updated = await app.call('accounts:update', {
      connectionId,
      id: accountId,
      patch: { grants: ['audit.read'], denies: ['service_account.read'] },
    });
    expect(updated).toMatchObject({ roles: ['Deployment'], grants: ['audit.read'], denies: ['service_account.read'] });
    const { tokens: _tokens, ...row } = updated;
    expect(await snapshotRow(connectionId, accountId)).toStrictEqual(row);
    // The same token, not re-issued: refused what the deny took, holding what the grant gave.
    expect((await direct(secret, 'GET', logsPath)).status).toBe(403);
    const me = await direct(secret, 'GET', apiPath('getMe'));
    expect(me.status).toBe(200);
    const names = permissionNames(me.body.permissions as Parameters<typeof permissionNames>[0]);
    expect(names).toContain('audit.read');
    expect(names).not.toContain('service_account.read');
  });

  it('the ceiling: a grant beyond the caller’s own is the server’s 403, and the cache is left as it was', async () => {
    const power = (await connectAndSync(app, { name: 'Power', url: server.url, token: powerToken })).id;
    const before = (await app.call('snapshot:get', { connectionId: power }))!;
    expect(before.accounts.find((a) => a.id === accountId)).toBeDefined();

    const error = await refused('accounts:update', {
      connectionId: power,
      id: accountId,
      patch: { grants: ['audit.read', 'member.manage'], denies: ['service_account.read'] },
    });
    const expected = canGrantPermissions(
      {
        roles: ['Power User'],
        permissions: permissionNames(effectivePermissions({ roles: ['Power User'] })),
        groups: [],
      },
      [{ kind: 'grant', permission: 'member.manage' }],
    );
    expect(expected.allowed).toBe(false);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, message: expected.allowed ? '' : expected.reason });
    expect(await app.call('snapshot:get', { connectionId: power })).toEqual(before);
    const onServer = await direct(
      adminToken,
      'GET',
      apiPath('getServiceAccount', { domain: DEFAULT_DOMAIN, id: accountId }),
    );
    expect(onServer.body).toMatchObject({ grants: ['audit.read'], denies: ['service_account.read'] });

    // Taking a permission away needs no more than the right to change the account.
    const narrowed = await app.call('accounts:update', {
      connectionId: power,
      id: accountId,
      patch: { grants: [], denies: ['service_account.read'] },
    });
    expect(narrowed.grants).toEqual([]);
    expect((await snapshotRow(power, accountId))?.grants).toEqual([]);
    expect(await app.call('connections:remove', { id: power })).toBeNull();
  });

  it('the next sync keeps the same rows', async () => {
    const before = (await app.call('snapshot:get', { connectionId }))!;
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ phase: 'idle', error: null });
    const after = (await app.call('snapshot:get', { connectionId }))!;
    const strip = (accounts: typeof before.accounts) => accounts.filter((a) => a.id !== accountId);
    // The account changed from the other connection comes in with the sync; the rest stay.
    expect(strip(after.accounts)).toEqual(strip(before.accounts));
    expect(after.accounts.find((a) => a.id === accountId)?.grants).toEqual([]);
    expect(secret.length).toBeGreaterThan(0);
  });
});
