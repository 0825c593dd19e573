import { STARTUP_WATCH_MS } from '../../src-main/core/session.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import { manualTimers } from '../../src-main/services/test-support/manual-timers.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import {
  makeRoot,
  serveDemo,
  shutDown,
  startApp,
  startLocalServer,
  waitUntil,
  inDays,
  type AppUnderTest,
} from './helpers.js';

const CHECK_EVERY = 30_000;

/**
 * The connection is live (issue 10 § 3), through the real core against the REAL server, with the
 * monitor's timers moved by hand: a stopped server is noticed by the background check without any
 * request from the user, checked again with backoff, and when it answers again the app syncs and is
 * online by itself. A failed user action flips the state at once; a token the server rejects is
 * "auth failed"; Save refuses such a token; the schedule runs incremental syncs and can be turned off.
 */
describe('live connection ↔ real server', () => {
  const root = makeRoot('live');
  let serverDir: string;
  const timers = manualTimers(Date.now());
  let server: RunningServer | null;
  let port: number;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;

  const status = () => app.events.filter((e) => e.connectionId === connectionId).at(-1)!;
  const linkOf = (id: string): SyncStatus['link'] | undefined =>
    app.events.filter((e) => e.connectionId === id).at(-1)?.link;
  const syncsStarted = () =>
    app.events.filter(
      (e, i, all) => e.connectionId === connectionId && e.phase === 'syncing' && all[i - 1]?.phase !== 'syncing',
    ).length;
  const serve = async () => {
    server = await startLocalServer(serverDir, port);
  };
  const stop = async () => {
    await server?.close();
    server = null;
  };

  beforeAll(async () => {
    ({ server, serverDir, adminToken } = await serveDemo(root.path, { accounts: 12, tokensPerAccount: 2, seed: 3 }));
    port = server.port;
    app = await startApp(root.path, {}, { live: { timers, timing: { checkEveryMs: CHECK_EVERY } } });
    // These tests count the monitor's timers: the token notifications (which hold one while a token's
    // window is ahead) are off, and their start-up read of the caches is done.
    await app.call('settings:update', { notifications: { enabled: false, thresholdsDays: [7, 1], quietHours: null } });
    await timers.advance(STARTUP_WATCH_MS);
  });

  afterAll(() => shutDown(app, [server], root));

  it('Save refuses a token the server rejects, and saves nothing', async () => {
    const bogus = `${adminToken.slice(0, -8)}AAAAAAAA`;
    const refused = await app.core.handle('connections:add', {
      name: 'Bad',
      url: server!.url,
      domain: 'default',
      token: bogus,
    });
    expect(refused).toMatchObject({ ok: false, error: { status: 401 } });
    expect(!refused.ok && refused.error.message).toMatch(/^The server rejected this token: .+ Nothing was saved\./);
    expect(await app.call('connections:list')).toEqual([]);
  });

  it('selecting a connection syncs it and keeps it live', async () => {
    connectionId = (
      await app.call('connections:add', { name: 'Local', url: server!.url, domain: 'default', token: adminToken })
    ).id;
    const selected = await app.call('connections:select', { id: connectionId });
    expect(selected!.link.state).toBe('online');
    await app.core.settle();
    expect(status()).toMatchObject({ phase: 'idle', link: { state: 'online' } });
    // The monitor waits for its next check, and the scheduled sync.
    expect(timers.nextDueIn()).toBe(CHECK_EVERY);
  });

  it('a stopped server is noticed by the background check, with no click, and checked again with backoff', async () => {
    await stop();
    const syncs = syncsStarted();
    await timers.advance(CHECK_EVERY);
    await waitUntil('offline', () => status().link.state === 'offline');
    const link = status().link;
    expect(link).toMatchObject({ state: 'offline', code: 'network_unreachable' });
    expect(link.reason).toContain("Can't reach");
    expect(Date.parse(link.since!)).toBe(timers.now());
    // No sync ran to find it out: the check did.
    expect(syncsStarted()).toBe(syncs);
    // Then 5 s, 10 s, 20 s … between checks.
    expect(timers.nextDueIn()).toBe(5_000);
    expect(Date.parse(link.nextCheckAt!)).toBe(timers.now() + 5_000);
    for (const wait of [5_000, 10_000, 20_000]) {
      expect(timers.nextDueIn()).toBe(wait);
      await timers.advance(wait);
      await waitUntil(`the next check after ${wait} ms`, () => timers.nextDueIn() === wait * 2);
    }
    expect(status().link.since).toBe(link.since);
  });

  it('when the server answers again, the app syncs and is online by itself', async () => {
    await serve();
    const syncs = syncsStarted();
    await timers.advance(timers.nextDueIn()!);
    await waitUntil(
      'online and synced',
      () => status().link.state === 'online' && syncsStarted() > syncs && status().phase === 'idle',
    );
    expect(status()).toMatchObject({
      phase: 'idle',
      error: null,
      link: { state: 'online', since: null, reason: null },
    });
    expect(timers.nextDueIn()).toBe(CHECK_EVERY);
  });

  it('a failed user action flips the state to offline at once', async () => {
    await app.core.settle();
    await stop();
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    const account = snapshot.accounts[0]!;
    const result = await app.core.handle('accounts:update', {
      connectionId,
      id: account.id,
      patch: { enabled: !account.enabled },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'network_unreachable' } });
    // Already so when the answer came back: no timer moved.
    expect(status().link).toMatchObject({ state: 'offline', code: 'network_unreachable' });
    await serve();
    await timers.advance(timers.nextDueIn()!);
    await waitUntil('online', () => status().link.state === 'online');
    await app.core.settle();
  });

  it('the schedule runs an incremental sync every 5 minutes, and not at all when turned off', async () => {
    const syncs = syncsStarted();
    for (let t = 0; t < 5 * 60_000; t += CHECK_EVERY) await timers.advance(CHECK_EVERY);
    await waitUntil('a scheduled sync', () => syncsStarted() === syncs + 1 && status().phase === 'idle');
    await app.core.settle();

    await app.call('settings:update', { syncEveryMinutes: 'off' });
    for (let t = 0; t < 11 * 60_000; t += CHECK_EVERY) await timers.advance(CHECK_EVERY);
    await app.core.settle();
    expect(syncsStarted()).toBe(syncs + 1);
    await app.call('settings:update', { syncEveryMinutes: 5 });
  });

  it('a token the server stops taking is "auth failed", with the server’s reason', async () => {
    const created = await app.call('personalTokens:create', {
      connectionId,
      input: { name: 'second-desk', expiresAt: inDays(30) },
    });
    const second = (
      await app.call('connections:add', { name: 'Second', url: server!.url, domain: 'default', token: created.secret })
    ).id;
    // As the reveal dialog does when it closes: main drops the secret, and its fallback timer with it.
    await app.call('reveal:close', { revealId: created.revealId });
    await app.call('connections:select', { id: second });
    await app.core.settle();
    await app.call('personalTokens:update', { connectionId, name: 'second-desk', patch: { status: 'SUSPENDED' } });
    await timers.advance(CHECK_EVERY);
    await waitUntil('auth failed', () => linkOf(second)?.state === 'auth_failed');
    expect(linkOf(second)!.reason).toMatch(
      /^The server rejected this connection's token: .+ Enter a valid token under Connections\.$/,
    );
    // The connection shown before is no longer checked: only the new one's timers run.
    expect(timers.pending()).toBe(2);
  });
});
