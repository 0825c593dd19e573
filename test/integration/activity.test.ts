import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import { apiPath } from '../../src-shared/api/paths.js';
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

/**
 * Request logs and audit through the main-process core against the REAL server: a service-account
 * token the app created is used for a few requests, the Logs page shows them; then the server goes
 * away and the cached first page is answered, marked as such. No secret lands in the data folder.
 * Tests run in order.
 */
describe('request logs and audit: core ↔ real server', () => {
  const root = makeRoot('activity');
  let server: RunningServer;
  let serverOpen = true;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let accountId: string;
  let secret: string;
  let tokenId: string;

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 3, tokensPerAccount: 0, seed: 5 }));
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    accountId = snapshot.accounts.find((a) => a.groups.includes('admins') && a.enabled)!.id;
    const created = await app.call('tokens:create', {
      connectionId,
      accountId,
      input: { name: 'log-maker', expiresAt: null },
    });
    secret = created.secret;
    tokenId = created.token.id;
  }, 60_000);

  afterAll(() => shutDown(app, serverOpen ? [server] : [], root));

  it('the logs page shows the requests made with the account’s token, newest first, filterable', async () => {
    for (const path of [
      apiPath('getMe'),
      apiPath('getMe'),
      `${apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}/nope`,
    ]) {
      await sendToServer(server.url, secret, 'GET', path);
    }
    // Refused requests of one token with one status in one second share a row with a count (the row
    // shows the first one's path), so four 404s are one or two rows.
    const nope = `${apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}/nope-again`;
    await Promise.all([1, 2, 3].map(() => sendToServer(server.url, secret, 'GET', nope)));
    const page = await app.call('logs:list', { connectionId, accountId, query: {} });
    const notFound = page.items.filter((e) => e.tokenId === tokenId && e.status === 404);
    expect(notFound.reduce((sum, e) => sum + e.count, 0)).toBe(4);
    expect(notFound.length).toBeLessThanOrEqual(2);
    expect(page.fromCache).toBe(false);
    const mine = page.items.filter((e) => e.tokenId === tokenId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((e) => e.tokenName === 'log-maker')).toBe(true);
    const times = page.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const errors = await app.call('logs:list', { connectionId, accountId, query: { status: '4xx' } });
    expect(errors.items.length).toBeGreaterThanOrEqual(1);
    expect(errors.items.every((e) => e.status >= 400 && e.status < 500)).toBe(true);
  });

  it('the audit page shows the token the app created', async () => {
    const page = await app.call('audit:list', { connectionId, query: {} });
    expect(page.fromCache).toBe(false);
    expect(
      page.items.some((e) => e.resourceName.includes('log-maker') || JSON.stringify(e.after).includes('log-maker')),
    ).toBe(true);
  });

  it('offline: the cached first pages are answered with fromCache, and filters apply to them', async () => {
    const online = await app.call('logs:list', { connectionId, accountId, query: {} });
    const audit = await app.call('audit:list', { connectionId, query: {} });
    await server.close();
    serverOpen = false;
    const offline = await app.call('logs:list', { connectionId, accountId, query: {} });
    expect(offline).toEqual({ ...online, fromCache: true });
    expect(await app.call('audit:list', { connectionId, query: {} })).toEqual({ ...audit, fromCache: true });
    const filtered = await app.call('logs:list', { connectionId, accountId, query: { status: '2xx' } });
    expect(filtered.fromCache).toBe(true);
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((e) => e.status >= 200 && e.status < 300)).toBe(true);
    const result = await app.core.handle('logs:list', { connectionId, accountId, query: { cursor: 'x' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'network_unreachable' } });
  }, 60_000);

  it('no secret in any file of the app data folder (sealed cache files read decrypted), no log row in plaintext', async () => {
    expect(await secretsAtRest(app, [secret, secret.slice(7, 37)])).toEqual([]);
    // The cached log rows name the token; on disk they are sealed.
    const rows = await secretsAtRest(app, ['log-maker']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((line) => line.includes('(decrypted)'))).toBe(true);
  });

  it('the scan catches a secret planted in a sealed cache file, which the bytes alone never show', async () => {
    const undo = await plantInSnapshot(app, connectionId, secret);
    try {
      expect(await secretsAtRest(app, [secret])).toEqual([`cache/${connectionId}.cache (decrypted) holds needle #0`]);
    } finally {
      undo();
    }
    expect(await secretsAtRest(app, [secret])).toEqual([]);
  });
});
