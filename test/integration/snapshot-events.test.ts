import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import type { SnapshotChanged } from '../../src-shared/ipc/models.js';
import { connectAndSync, makeRoot, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

/**
 * `snapshot:changed` through the main-process core against the REAL server: every change of the
 * cached snapshot is announced once, with the ids that changed (or null when everything may have),
 * numbered without gaps, small, and never with a secret. The tests run in order.
 */
describe('snapshot:changed: core ↔ real server', () => {
  const root = makeRoot('snapshot-events');
  let server: RunningServer;
  let app: AppUnderTest;
  let connectionId: string;
  let accountId: string;

  /** Runs a call and gives the snapshot:changed events it caused (they are sent before its answer). */
  const changesOf = async (run: () => Promise<unknown>): Promise<SnapshotChanged[]> => {
    const from = app.changes.length;
    await run();
    return app.changes.slice(from);
  };

  beforeAll(async () => {
    let adminToken: string;
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 6, tokensPerAccount: 1, seed: 9 }));
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
    accountId = (await app.call('snapshot:get', { connectionId }))!.accounts.find((a) =>
      a.groups.includes('admins'),
    )!.id;
  }, 60_000);

  afterAll(() => shutDown(app, [server], root));

  it('the first sync announced the whole snapshot', () => {
    expect(app.changes.filter((c) => c.connectionId === connectionId)).toEqual([
      { connectionId, version: 1, changedIds: null, directoryChanged: true },
    ]);
  });

  it('one enable toggle: one small event naming the account, before the answer', async () => {
    const before = app.changes.length;
    let seenAtAnswer = -1;
    const changes = await changesOf(async () => {
      await app.call('accounts:update', { connectionId, id: accountId, patch: { enabled: false } });
      seenAtAnswer = app.changes.length - before;
    });
    expect(seenAtAnswer).toBe(1);
    expect(changes).toEqual([{ connectionId, version: 2, changedIds: [accountId], directoryChanged: false }]);
    expect(JSON.stringify(changes[0]).length).toBeLessThan(200);
  });

  it('token changes name their account; the secret is in no event', async () => {
    let secret = '';
    const created = await changesOf(async () => {
      secret = (
        await app.call('tokens:create', { connectionId, accountId, input: { name: 'ev-token', expiresAt: null } })
      ).secret;
    });
    expect(created).toEqual([{ connectionId, version: 3, changedIds: [accountId], directoryChanged: false }]);
    const removed = await changesOf(() => app.call('tokens:delete', { connectionId, accountId, name: 'ev-token' }));
    expect(removed).toEqual([{ connectionId, version: 4, changedIds: [accountId], directoryChanged: false }]);
    expect(JSON.stringify(app.changes)).not.toContain(secret);
  });

  it('create and delete name the account; a refused change announces nothing', async () => {
    let newId = '';
    const created = await changesOf(async () => {
      newId = (await app.call('accounts:create', { connectionId, input: { name: 'ev_bot', roles: ['Viewer'] } })).id;
    });
    expect(created).toEqual([{ connectionId, version: 5, changedIds: [newId], directoryChanged: false }]);
    const refused = await changesOf(() =>
      app.core.handle('accounts:create', { connectionId, input: { name: 'ev_bot', roles: ['Viewer'] } }),
    );
    expect(refused).toEqual([]);
    const deleted = await changesOf(() => app.call('accounts:delete', { connectionId, id: newId }));
    expect(deleted).toEqual([{ connectionId, version: 6, changedIds: [newId], directoryChanged: false }]);
  });

  it('a member change: one event for the member and the group counts read after it', async () => {
    let secret = '';
    const changes = await changesOf(async () => {
      secret = (
        await app.call('members:create', {
          connectionId,
          input: { name: 'eve', roles: ['Viewer'], groups: ['admins'] },
        })
      ).secret;
    });
    // The groups' counts are re-read from the server, and go to the cache with the member: one change.
    expect(changes).toEqual([{ connectionId, version: 7, changedIds: [], directoryChanged: true }]);
    expect(JSON.stringify(app.changes)).not.toContain(secret);
    const groups = await changesOf(() =>
      app.call('groups:create', { connectionId, input: { name: 'ev-group', description: '' } }),
    );
    expect(groups).toEqual([{ connectionId, version: 8, changedIds: [], directoryChanged: true }]);
    expect((await app.call('groups:list', { connectionId })).map((g) => g.name)).toContain('ev-group');
  });

  it('a sync that finds nothing new announces nothing; one that saves a snapshot announces all of it again', async () => {
    // The edits above kept the cursor, so the next sync brings their accounts again and saves them.
    expect(await changesOf(() => app.call('sync:run', { connectionId }))).toEqual([
      { connectionId, version: 9, changedIds: null, directoryChanged: true },
    ]);
    expect(await changesOf(() => app.call('sync:run', { connectionId }))).toEqual([]);
    const changes = await changesOf(() => app.call('sync:run', { connectionId, full: true }));
    expect(changes).toEqual([{ connectionId, version: 10, changedIds: null, directoryChanged: true }]);
  });

  it('removing the connection announces that its snapshot is gone', async () => {
    const changes = await changesOf(() => app.call('connections:remove', { id: connectionId }));
    expect(changes).toEqual([{ connectionId, version: 11, changedIds: null, directoryChanged: true }]);
  });
});
