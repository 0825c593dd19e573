import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINS_GROUP, DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import { openStore } from '../../src-server/store/store.js';
import { addHumanWithToken } from '../../src-server/test-support.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { SAME_GROUP_CHANGE_MESSAGE, canCreateServiceAccount } from '../../src-shared/authz.js';

import { permissionNames } from '../../src-shared/permissions.js';
import { permissionsOf } from '../../src-shared/roles.js';
import { connectAndSync, makeRoot, sendToServer, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

const ACCOUNTS = 8;
const TOKENS = 2;

/**
 * accounts:create / update / delete through the main-process core against the REAL server: the
 * cached snapshot follows each change without a sync, and every refusal arrives in the server's own
 * code, words and status. The tests run in order and share one server and one app data folder.
 */
describe('account changes: core ↔ real server', () => {
  const root = makeRoot('account-changes');
  let server: RunningServer;
  let adminToken: string;
  let viewerToken: string;
  let outsiderToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let createdId: string;

  /** The same request straight to the server, to compare the app's answer with the server's own. */
  const direct = (token: string, method: string, path: string, body?: unknown) =>
    sendToServer<{ error?: Record<string, unknown> }>(server.url, token, method, path, body);
  const refused = async (channel: string, payload: unknown) => {
    const result = await app.core.handle(channel, payload);
    if (result.ok) throw new Error(`${channel} was expected to fail`);
    return result.error;
  };
  const addConnection = async (name: string, token: string) =>
    (await connectAndSync(app, { name, url: server.url, token })).id;

  beforeAll(async () => {
    const seed = { accounts: ACCOUNTS, tokensPerAccount: TOKENS, seed: 3 };
    ({ server, adminToken } = await serveDemo(root.path, seed, async (serverDir) => {
      const store = await openStore(serverDir);
      try {
        const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
        const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!;
        const dataTeam = (await store.groups.byName(domain.id, 'data-team'))!;
        // In the admin's group but without service_account.manage.
        viewerToken = (
          await addHumanWithToken({ store, domain }, { name: 'vic', roles: ['Viewer'], groupIds: [admins.id] })
        ).token;
        // May manage service accounts, but shares no group with those only in "admins".
        outsiderToken = (
          await addHumanWithToken({ store, domain }, { name: 'olga', roles: ['Power User'], groupIds: [dataTeam.id] })
        ).token;
      } finally {
        await store.close();
      }
    }));
    app = await startApp(root.path);
    connectionId = await addConnection('Admin', adminToken);
  });

  afterAll(() => shutDown(app, [server], root));

  it('the first sync brought the domain’s groups along', async () => {
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    expect(snapshot.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['admins', 'data-team']));
    const admins = snapshot.groups.find((g) => g.name === 'admins')!;
    expect(admins.memberCount).toBeGreaterThanOrEqual(2);
  });

  it('create: the snapshot has the new account without a sync, with no tokens', async () => {
    const before = (await app.call('snapshot:get', { connectionId }))!;
    const events = app.events.length;
    const created = await app.call('accounts:create', {
      connectionId,
      input: { name: 'release_bot', description: 'Cuts releases', copyPermissionsFrom: { role: 'Deployment' } },
    });
    createdId = created.id;
    expect(created).toMatchObject({
      name: 'release_bot',
      description: 'Cuts releases',
      roles: ['Deployment'],
      groups: ['admins'],
      createdBy: 'admin',
      tokenCount: 0,
      tokens: [],
    });
    // The server has it as the app does.
    const { tokens: _tokens, ...createdRow } = created;
    const onServer = await direct(
      adminToken,
      'GET',
      apiPath('getServiceAccount', { domain: DEFAULT_DOMAIN, id: created.id }),
    );
    expect(onServer.status).toBe(200);
    expect(onServer.body).toEqual(createdRow);

    const after = (await app.call('snapshot:get', { connectionId }))!;
    expect(after.accounts).toHaveLength(ACCOUNTS + 1);
    expect(after.accounts.find((a) => a.id === created.id)).toStrictEqual(createdRow);
    // No sync ran: no status event, the same "as of" time.
    expect(app.events.length).toBe(events);
    expect(after.asOf).toBe(before.asOf);
    expect(await app.call('accounts:get', { connectionId, id: created.id })).toEqual(created);
  });

  it('update: the row changes in the snapshot, its tokens stay', async () => {
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    const target = snapshot.accounts.find((a) => a.groups.includes('admins') && a.tokenCount > 0)!;
    const before = (await app.call('accounts:get', { connectionId, id: target.id }))!;
    expect(before.tokens).toHaveLength(TOKENS);

    const updated = await app.call('accounts:update', {
      connectionId,
      id: target.id,
      patch: { description: 'Changed from the app', enabled: !target.enabled, roles: ['Viewer'] },
    });
    expect(updated).toMatchObject({
      id: target.id,
      name: target.name,
      description: 'Changed from the app',
      enabled: !target.enabled,
      roles: ['Viewer'],
      updatedBy: 'admin',
    });
    expect(updated.tokens).toEqual(before.tokens);
    const row = (await app.call('snapshot:get', { connectionId }))!.accounts.find((a) => a.id === target.id);
    const { tokens: _tokens, ...updatedRow } = updated;
    expect(row).toStrictEqual(updatedRow);
    expect(await app.call('accounts:get', { connectionId, id: target.id })).toEqual(updated);
  });

  it('delete: gone from the snapshot, accounts:get answers null, and the server no longer has it', async () => {
    expect(await app.call('accounts:delete', { connectionId, id: createdId })).toBeNull();
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.accounts.find((a) => a.id === createdId)).toBeUndefined();
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    expect(await app.call('accounts:get', { connectionId, id: createdId })).toBeNull();
    expect(
      (await direct(adminToken, 'GET', apiPath('getServiceAccount', { domain: DEFAULT_DOMAIN, id: createdId }))).status,
    ).toBe(404);
    // Deleting it again is the server's 404, in its words.
    const again = await refused('accounts:delete', { connectionId, id: createdId });
    expect(again).toMatchObject({ code: 'not_found', status: 404 });
    expect(again.message).toContain(createdId);
  });

  it('a taken name: 409 name_taken with the server’s message', async () => {
    const taken = (await app.call('snapshot:get', { connectionId }))!.accounts[0]!.name;
    const error = await refused('accounts:create', { connectionId, input: { name: taken, roles: ['Viewer'] } });
    const server409 = await direct(adminToken, 'POST', apiPath('createServiceAccount', { domain: DEFAULT_DOMAIN }), {
      name: taken,
      roles: ['Viewer'],
    });
    expect(server409.status).toBe(409);
    expect(error).toEqual({
      code: 'name_taken',
      message: server409.body.error!.message,
      status: 409,
      details: server409.body.error!.details,
    });
    expect(error.message).toContain(`"${taken}"`);
    expect((await app.call('snapshot:get', { connectionId }))!.accounts).toHaveLength(ACCOUNTS);
  });

  it('a Viewer may not create, change or delete: 403 forbidden in the server’s words', async () => {
    const viewerConnection = await addConnection('Viewer', viewerToken);
    const before = (await app.call('snapshot:get', { connectionId: viewerConnection }))!;
    expect(permissionNames(before.me.permissions)).not.toContain('service_account.manage');
    const some = before.accounts.find((a) => a.groups.includes('admins'))!;

    const create = await refused('accounts:create', {
      connectionId: viewerConnection,
      input: { name: 'not_allowed', roles: ['Viewer'] },
    });
    const expected = canCreateServiceAccount({ roles: ['Viewer'], permissions: permissionsOf(['Viewer']), groups: [] });
    expect(expected.allowed).toBe(false);
    expect(create).toEqual({
      code: 'forbidden',
      message: expected.allowed ? '' : expected.reason,
      status: 403,
    });
    const update = await refused('accounts:update', {
      connectionId: viewerConnection,
      id: some.id,
      patch: { enabled: false },
    });
    expect(update).toMatchObject({ code: 'forbidden', status: 403 });
    expect(update.message).toMatch(/service_account\.manage/);
    const remove = await refused('accounts:delete', { connectionId: viewerConnection, id: some.id });
    expect(remove).toEqual(update);
    // Word for word what the server says to the same request.
    const server403 = await direct(
      viewerToken,
      'DELETE',
      apiPath('deleteServiceAccount', { domain: DEFAULT_DOMAIN, id: some.id }),
    );
    expect(server403.status).toBe(403);
    expect(remove.message).toBe(server403.body.error!.message);

    expect(await app.call('snapshot:get', { connectionId: viewerConnection })).toEqual(before);
    expect(await app.call('connections:remove', { id: viewerConnection })).toBeNull();
  });

  it('an admin without a group in common: 403 not_same_group with the server’s message', async () => {
    const outsider = await addConnection('Outsider', outsiderToken);
    const adminsOnly = (await app.call('snapshot:get', { connectionId: outsider }))!.accounts.find(
      (a) => a.groups.length === 1 && a.groups[0] === 'admins',
    )!;
    const error = await refused('accounts:update', {
      connectionId: outsider,
      id: adminsOnly.id,
      patch: { description: 'Not mine to change' },
    });
    expect(error).toEqual({ code: 'not_same_group', message: SAME_GROUP_CHANGE_MESSAGE, status: 403 });
    expect(await app.call('connections:remove', { id: outsider })).toBeNull();
  });

  it('the next incremental sync merges the changes to the same rows', async () => {
    const before = (await app.call('snapshot:get', { connectionId }))!;
    const status = await app.call('sync:run', { connectionId });
    expect(status).toMatchObject({ phase: 'idle', error: null });
    const after = (await app.call('snapshot:get', { connectionId }))!;
    expect(after.accounts).toEqual(before.accounts);
  });

  it('server stopped: a change fails with network_unreachable and the snapshot is left as it was', async () => {
    const before = (await app.call('snapshot:get', { connectionId }))!;
    await server.close();
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ link: { state: 'offline' } });
    const error = await refused('accounts:create', {
      connectionId,
      input: { name: 'while_offline', roles: ['Viewer'] },
    });
    expect(error).toEqual({
      code: 'network_unreachable',
      message: `Can't reach ${server.url}. Check that the server is running.`,
    });
    const remove = await refused('accounts:delete', { connectionId, id: before.accounts[0]!.id });
    expect(remove.code).toBe('network_unreachable');
    expect(await app.call('snapshot:get', { connectionId })).toEqual(before);
  });
});
