import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { checkToken } from '../../src-shared/token-format.js';
import {
  connectAndSync,
  makeRoot,
  plantInSnapshot,
  secretsAtRest,
  sendToServer,
  serveDemo,
  shutDown,
  startApp,
  type AppUnderTest,
} from './helpers.js';
import { startLossyProxy, type LossyProxy } from './lossy-proxy.js';

const ACCOUNTS = 4;
const TOKENS = 1;

/**
 * The token lifecycle through the main-process core against the REAL server: create (the secret
 * once, and nowhere in the app's data folder), suspend, rotate, delete, each reflected in the
 * cached snapshot without a sync; and a create whose answer is lost on the way back (a proxy that
 * drops it) ending in secret_lost with the one token the server made. Tests run in order.
 */
describe('token lifecycle: core ↔ real server', () => {
  const root = makeRoot('token-lifecycle');
  let server: RunningServer;
  let proxy: LossyProxy;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let accountId: string;
  /** Every secret the app was given, to look for afterwards. */
  const secrets: string[] = [];

  /** The server's own answer for the account, asked with the admin's token. */
  const fromServer = async <T>(operation: 'listServiceAccountTokens' | 'getServiceAccount') =>
    (
      await sendToServer<T>(
        server.url,
        adminToken,
        'GET',
        apiPath(operation, { domain: DEFAULT_DOMAIN, id: accountId }),
      )
    ).body;
  const serverTokens = async () => (await fromServer<{ items: TokenMeta[] }>('listServiceAccountTokens')).items;
  const serverRow = () => fromServer<Record<string, unknown>>('getServiceAccount');
  const cached = async (connection = connectionId) =>
    (await app.call('accounts:get', { connectionId: connection, id: accountId }))!;
  /** The cached account agrees with the server: its row (tokenCount, nextExpiry) and its tokens. */
  const expectCacheMatchesServer = async (connection = connectionId) => {
    const { tokens, ...row } = await cached(connection);
    expect(row).toEqual(await serverRow());
    // Using a secret (as these tests do) moves its lastUsed fields on the server after the re-read.
    const comparable = (list: TokenMeta[] | null) =>
      list?.map(({ lastUsedAt: _at, lastUsedFrom: _from, ...rest }) => rest);
    expect(comparable(tokens)).toEqual(comparable(await serverTokens()));
  };
  /** Each secret, and its random part alone (in case something re-encoded the prefix). */
  const needles = () => secrets.flatMap((secret) => [secret, secret.slice(7, 37)]);
  const expectNoSecretOnDisk = async () => {
    expect(await secretsAtRest(app, needles())).toEqual([]);
  };

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: ACCOUNTS, tokensPerAccount: TOKENS, seed: 4 }));
    // The first create's answer and the first rotate's answer are lost; their resends get through.
    const lost = new Set<string>();
    proxy = await startLossyProxy(server.url, {
      dropResponseOf: (method, path) => {
        const kind =
          method !== 'POST' ? null : path.endsWith('/rotate') ? 'rotate' : path.endsWith('/tokens') ? 'create' : null;
        if (kind === null || lost.has(kind)) return false;
        lost.add(kind);
        return true;
      },
      times: 2,
    });
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    accountId = snapshot.accounts.find((a) => a.groups.includes('admins') && a.enabled)!.id;
  }, 60_000);

  afterAll(() => shutDown(app, [proxy, server], root));

  it('create: the secret comes back once and works; the snapshot has the token, without a sync', async () => {
    const events = app.events.length;
    const created = await app.call('tokens:create', {
      connectionId,
      accountId,
      input: { name: 'deploy-bot', expiresAt: '2035-01-01T00:00:00.000Z', maxRps: 50 },
    });
    secrets.push(created.secret);
    expect(checkToken(created.secret)).toEqual({ ok: true, kind: 'serviceAccount' });
    expect(created.token).toMatchObject({ name: 'deploy-bot', status: 'ACTIVE', maxRps: 50 });
    expect((await sendToServer(server.url, created.secret, 'GET', apiPath('getMe'))).status).toBe(200);

    expect((await cached()).tokens!.map((t) => t.name)).toContain('deploy-bot');
    expect((await cached()).tokenCount).toBe(TOKENS + 1);
    await expectCacheMatchesServer();
    expect(app.events.length).toBe(events);
    expect(JSON.stringify(await app.call('snapshot:get', { connectionId }))).not.toContain(created.secret);
    expect(JSON.stringify(await cached())).not.toContain(created.secret);
    await expectNoSecretOnDisk();
  });

  it('suspend and activate: the cache follows, and the server refuses the suspended token', async () => {
    const suspended = await app.call('tokens:update', {
      connectionId,
      accountId,
      name: 'deploy-bot',
      patch: { status: 'SUSPENDED' },
    });
    expect(suspended.status).toBe('SUSPENDED');
    expect((await cached()).tokens!.find((t) => t.name === 'deploy-bot')!.status).toBe('SUSPENDED');
    const refused = await sendToServer(server.url, secrets[0]!, 'GET', apiPath('getMe'));
    expect(refused.status).toBe(401);
    expect((refused.body.error as { code: string }).code).toBe('token_suspended');
    await app.call('tokens:update', { connectionId, accountId, name: 'deploy-bot', patch: { status: 'ACTIVE' } });
    expect((await sendToServer(server.url, secrets[0]!, 'GET', apiPath('getMe'))).status).toBe(200);
    await expectCacheMatchesServer();
  });

  it('rotate: a new secret that works, the old one revoked (grace 0); both tokens in the cache', async () => {
    const rotated = await app.call('tokens:rotate', { connectionId, accountId, name: 'deploy-bot', graceSeconds: 0 });
    if (rotated.storedForConnection) throw new Error('another token was taken for the connection’s own');
    secrets.push(rotated.secret);
    expect(rotated.secret).not.toBe(secrets[0]);
    expect(rotated.token.name).toBe('deploy-bot');
    expect(rotated.previous.name).toMatch(/^deploy-bot\.rotated-/);
    expect((await sendToServer(server.url, rotated.secret, 'GET', apiPath('getMe'))).status).toBe(200);
    const old = await sendToServer(server.url, secrets[0]!, 'GET', apiPath('getMe'));
    expect(old.status).toBe(401);
    expect((old.body.error as { code: string }).code).toBe('token_rotated');
    await expectCacheMatchesServer();
    await expectNoSecretOnDisk();
  });

  it('delete: the token is gone from the server and the cache; the count follows', async () => {
    expect(await app.call('tokens:delete', { connectionId, accountId, name: 'deploy-bot' })).toBeNull();
    expect((await serverTokens()).map((t) => t.name)).not.toContain('deploy-bot');
    expect((await cached()).tokens!.map((t) => t.name)).not.toContain('deploy-bot');
    await expectCacheMatchesServer();
  });

  it('a refusal arrives in the server’s words; the cache is unchanged', async () => {
    const before = await cached();
    const result = await app.core.handle('tokens:create', {
      connectionId,
      accountId,
      input: { name: 'past', expiresAt: '2001-01-01T00:00:00.000Z' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.status).toBe(400);
    expect(await cached()).toEqual(before);
  });

  describe('through a proxy that loses the answer', () => {
    let viaProxy: string;

    beforeAll(async () => {
      const view = await app.call('connections:add', {
        name: 'Lossy',
        url: proxy.url,
        domain: DEFAULT_DOMAIN,
        token: adminToken,
      });
      viaProxy = view.id;
      expect(await app.settled(viaProxy)).toMatchObject({ phase: 'idle' });
    });

    it('create: sent twice with one key; the server made one token; secret_lost with it; the cache shows it', async () => {
      const result = await app.core.handle('tokens:create', {
        connectionId: viaProxy,
        accountId,
        input: { name: 'lost-answer', expiresAt: null },
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('secret_lost');
      expect(result.error.message).toBe(
        "The token “lost-answer” was created, but the server's answer was lost on the way, so its secret can't be shown. Revoke it and create a new one.",
      );
      const { token } = result.error.details as { token: TokenMeta };
      expect(token.name).toBe('lost-answer');
      expect(JSON.stringify(result)).not.toMatch(/tdk_sa_[0-9A-Za-z]{36}/);

      const posts = proxy.seen.filter((s) => s.method === 'POST');
      expect(posts.map((p) => p.dropped)).toEqual([true, false]);
      expect((await serverTokens()).filter((t) => t.name === 'lost-answer')).toHaveLength(1);
      expect((await cached(viaProxy)).tokens!.map((t) => t.id)).toContain(token.id);
      await expectCacheMatchesServer(viaProxy);
    });

    it('rotate: the same; the rotated token is in the cache, its secret never shown', async () => {
      const result = await app.core.handle('tokens:rotate', {
        connectionId: viaProxy,
        accountId,
        name: 'lost-answer',
        graceSeconds: 60,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('secret_lost');
      expect(result.error.message).toContain('“lost-answer” was rotated');
      const rotates = proxy.seen.filter((s) => s.path.endsWith('/rotate'));
      expect(rotates.map((p) => p.dropped)).toEqual([true, false]);
      const onServer = await serverTokens();
      expect(onServer.filter((t) => t.name.startsWith('lost-answer.rotated-'))).toHaveLength(1);
      await expectCacheMatchesServer(viaProxy);
    });

    it('later requests pass through; no secret was ever written to the data folder', async () => {
      const created = await app.call('tokens:create', {
        connectionId: viaProxy,
        accountId,
        input: { name: 'after-loss', expiresAt: null },
      });
      secrets.push(created.secret);
      expect((await sendToServer(server.url, created.secret, 'GET', apiPath('getMe'))).status).toBe(200);
      await expectNoSecretOnDisk();
    });
  });

  it('the scan catches a secret planted in a sealed cache file, which the bytes alone never show', async () => {
    const secret = secrets[0]!;
    const undo = await plantInSnapshot(app, connectionId, secret);
    try {
      expect(await secretsAtRest(app, [secret])).toEqual([`cache/${connectionId}.cache (decrypted) holds needle #0`]);
    } finally {
      undo();
    }
    await expectNoSecretOnDisk();
  });
});
