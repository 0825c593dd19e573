import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import type { Me } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { OWN_TOKEN_MIN_GRACE_SECONDS } from '../../src-shared/api/tokens.js';
import { TokenRotation } from '../../src-shared/ipc/models.js';
import {
  connectAndSync,
  connectionOf,
  makeRoot,
  secretsAtRest,
  sendToServer,
  serveDemo,
  shutDown,
  startApp,
  storedCredential,
  inDays,
  type AppUnderTest,
} from './helpers.js';
import { startLossyProxy } from './lossy-proxy.js';

/**
 * Rotating personal tokens through the main-process core against the REAL server. Another token's new
 * secret comes back for the one reveal; the connection's OWN token's new secret never reaches the
 * renderer: main stores it as the connection's credential (through the keychain) and the app keeps
 * working, also after a restart. Tests run in order.
 */
describe('personal token rotate: core ↔ real server', () => {
  const root = makeRoot('pt-rotate');
  let server: RunningServer;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;

  const getMe = (token: string) => sendToServer<Me>(server.url, token, 'GET', apiPath('getMe'));
  const connectionView = () => connectionOf(app, connectionId);

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 2, tokensPerAccount: 1, seed: 10 }));
    app = await startApp(root.path);
    const view = await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken });
    connectionId = view.id;
    // What connections:add answered, before the first sync learnt the token's id.
    expect(view.tokenId).toBeNull();
  }, 60_000);

  afterAll(() => shutDown(app, [server], root));

  it('after a sync the connection knows which token it uses (the /me tokenId), never its secret', async () => {
    const me = (await getMe(adminToken)).body;
    const view = await connectionView();
    expect(view.tokenId).toBe(me.tokenId);
    expect(JSON.stringify(view)).not.toContain(adminToken);
    const listed = await app.call('personalTokens:list', { connectionId });
    expect(listed.items.map((t) => t.id)).toContain(view.tokenId);
  });

  it('rotating another personal token answers its new secret for the reveal; the connection keeps its own', async () => {
    const before = (await connectionView()).tokenId;
    await app.call('personalTokens:create', { connectionId, input: { name: 'terraform', expiresAt: inDays(30) } });
    const rotated = await app.call('personalTokens:rotate', { connectionId, name: 'terraform', graceSeconds: 0 });
    if (rotated.storedForConnection) throw new Error('another token was taken for the connection’s own');
    expect(rotated.secret).toMatch(/^tdk_pt_/);
    expect(rotated.token.name).toBe('terraform');
    expect((await getMe(rotated.secret)).status).toBe(200);
    expect((await connectionView()).tokenId).toBe(before);
    expect(await storedCredential(app, connectionId)).toBe(adminToken);
  });

  it('rotating the connection’s own token stores the new secret for it, answers none, and the app keeps working', async () => {
    const own = (await connectionView()).tokenId!;
    const ownName = (await app.call('personalTokens:list', { connectionId })).items.find((t) => t.id === own)!.name;
    // The bootstrap token never expires, which the default policy no longer allows an Admin token: the
    // new one gets an expiry (as the rotate dialog offers).
    const result = await app.core.handle('personalTokens:rotate', {
      connectionId,
      name: ownName,
      graceSeconds: 0,
      expiresAt: inDays(30),
    });
    if (!result.ok) throw new Error(result.error.message);
    const answer = JSON.stringify(result.value);
    expect(answer).not.toMatch(/tdk_pt_[0-9A-Za-z]{36}/);
    expect(result.value).not.toHaveProperty('secret');
    const rotated = TokenRotation.parse(result.value);
    expect(rotated).toMatchObject({ storedForConnection: true, token: { name: ownName } });

    // Grace 0 was asked, but the own token gets at least a minute: the old secret still works (a
    // resend after a lost answer carries it); the stored one is the new token, and it works.
    expect((await getMe(adminToken)).status).toBe(200);
    expect(Date.parse(rotated.previous.expiresAt!) - Date.now()).toBeGreaterThan(
      (OWN_TOKEN_MIN_GRACE_SECONDS - 10) * 1000,
    );
    const stored = await storedCredential(app, connectionId);
    expect(stored).not.toBe(adminToken);
    const me = (await getMe(stored)).body;
    expect(me.tokenId).toBe(rotated.token.id);
    expect((await connectionView()).tokenId).toBe(rotated.token.id);

    // The app carries on: a sync and a read both succeed with the new credential.
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ phase: 'idle', error: null });
    expect((await app.call('personalTokens:list', { connectionId })).items.map((t) => t.id)).toContain(me.tokenId);
    // Wrapped by the keychain on disk, never in the clear.
    expect(await secretsAtRest(app, [stored, stored.slice(7, 37)])).toEqual([]);
  });

  it('after a restart the app still works with the rotated credential', async () => {
    await app.core.dispose();
    app = await startApp(root.path);
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ phase: 'idle', error: null });
    expect((await connectionView()).credential).toBe('keychain');
  });
});

/**
 * The own token's rotate answer is lost on the way back. The app can only resend with the OLD secret;
 * with grace 0 the server would refuse it and the app would be locked out. The app's minimum grace keeps
 * the old secret working, the resend learns the rotation happened, and the app rotates the new token
 * once more to get a secret it can keep.
 */
describe('personal token rotate: the own token’s answer is lost', () => {
  const root = makeRoot('pt-rotate-lost');

  it('the app asks for grace 0, loses the answer, and still ends up working with a new secret', async () => {
    const { server, adminToken } = await serveDemo(root.path, { accounts: 1, tokensPerAccount: 1, seed: 11 });
    const proxy = await startLossyProxy(server.url, {
      dropResponseOf: (method, path) => method === 'POST' && path.endsWith('/rotate'),
    });
    const app = await startApp(root.path);
    try {
      const view = await connectAndSync(app, { name: 'Admin', url: proxy.url, token: adminToken });
      const own = (await connectionOf(app, view.id)).tokenId!;
      const ownName = (await app.call('personalTokens:list', { connectionId: view.id })).items.find(
        (t) => t.id === own,
      )!.name;

      const rotated = await app.call('personalTokens:rotate', {
        connectionId: view.id,
        name: ownName,
        graceSeconds: 0,
        expiresAt: inDays(30),
      });
      expect(rotated).toMatchObject({ storedForConnection: true, token: { name: ownName }, previous: { id: own } });
      expect(proxy.seen.filter((r) => r.path.endsWith('/rotate')).map((r) => r.dropped)).toEqual([true, false, false]);

      // The app carries on with the newest token; the one whose secret was lost is gone at once.
      expect(await app.call('sync:run', { connectionId: view.id })).toMatchObject({ phase: 'idle', error: null });
      const connection = await connectionOf(app, view.id);
      expect(connection.tokenId).toBe(rotated.token.id);
      const ids = (await app.call('personalTokens:list', { connectionId: view.id })).items.map((t) => t.id);
      expect(ids).toContain(rotated.token.id);
    } finally {
      await shutDown(app, [proxy, server], root);
    }
  }, 60_000);
});
