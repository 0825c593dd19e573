import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import { openStore } from '../../src-server/store/store.js';
import { makeRoot, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

const ACCOUNTS = 10_000;
const TOKENS = 5;

/**
 * End to end with the real server: a full sync of 10,000 accounts × 5 tokens (many pages), then an
 * incremental sync that brings one change. How long they take is measured by `npm run bench`, away
 * from the other test files that share the CPU here.
 */
describe(`real server: sync of ${ACCOUNTS} accounts × ${TOKENS} tokens`, () => {
  const root = makeRoot('sync-10k');
  let serverDir: string;
  let server: RunningServer;
  let app: AppUnderTest;
  let adminToken: string;

  beforeAll(async () => {
    ({ server, serverDir, adminToken } = await serveDemo(root.path, {
      accounts: ACCOUNTS,
      tokensPerAccount: TOKENS,
      seed: 3,
    }));
    app = await startApp(root.path);
  }, 120_000);

  afterAll(() => shutDown(app, [server], root));

  it('a full sync of every account, then an incremental sync of one change', { timeout: 120_000 }, async () => {
    const { id: connectionId } = await app.call('connections:add', {
      name: 'Big',
      url: server.url,
      domain: 'default',
      token: adminToken,
    });
    expect((await app.settled(connectionId)).phase).toBe('idle');
    expect((await app.call('sync:run', { connectionId, full: true })).phase).toBe('idle');
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    const detail = (await app.call('accounts:get', { connectionId, id: snapshot.accounts[1234]!.id }))!;
    expect(detail.tokens === null || detail.tokens.length === TOKENS).toBe(true);

    const store = await openStore(serverDir);
    try {
      await store.members.updateServiceAccount(snapshot.accounts[42]!.id, { description: 'one change' }, SYSTEM_ACTOR);
    } finally {
      await store.close();
    }
    expect((await app.call('sync:run', { connectionId })).phase).toBe('idle');
    const after = (await app.call('snapshot:get', { connectionId }))!;
    expect(after.accounts.find((a) => a.id === snapshot.accounts[42]!.id)!.description).toBe('one change');
  });
});
