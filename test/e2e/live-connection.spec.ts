import { apiPath } from '../../src-shared/api/paths.js';
import { connect } from './connect.js';
import { expect, inDays, test } from './fixtures.js';
import { shot } from './screens.js';

/** Checks every second, and after a failure every half second up to two: a stopped server shows in seconds. */
const QUICK = { timing: { checkEveryMs: 1_000, retryFirstMs: 500, retryMaxMs: 2_000 } };
/** No background check within a test's time: whatever flips the state, it is not the monitor. */
const SLOW = { timing: { checkEveryMs: 600_000, retryFirstMs: 600_000, retryMaxMs: 600_000 } };

test('a server stopped and started again during a session: offline by itself, back online by itself', async ({
  server,
  openApp,
}) => {
  const app = await openApp({ live: QUICK });
  const { page } = app;
  await connect(app, server);
  const bar = page.getByRole('group', { name: 'Connection status' });
  await expect(bar).toContainText('Synced');
  const create = page.getByRole('button', { name: 'New service account' });
  await expect(create).toBeEnabled();

  await server.stop();
  app.traffic.clear();
  // No click: the background check finds it.
  await expect(bar).toContainText(/Offline since/, { timeout: 15_000 });
  const banner = page.getByRole('status').filter({ hasText: 'read-only' });
  await expect(banner).toContainText(/^Offline since .+ — read-only, showing data as of /);
  await expect(banner).toContainText("Can't reach");
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute('title', 'Unavailable offline');
  await expect(bar.getByRole('button')).toHaveText('Retry now');
  expect(app.traffic.calls.filter((c) => c === 'sync:run')).toEqual([]);
  await shot(page, 'live-offline');

  await server.start();
  await expect(bar).toContainText('Synced', { timeout: 15_000 });
  await expect(banner).toBeHidden();
  await expect(create).toBeEnabled();
  await expect(bar.getByRole('button')).toHaveText('Sync now');
  expect(app.traffic.calls.filter((c) => c === 'sync:run')).toEqual([]);
  await shot(page, 'live-back-online');
});

test('a toggle that gets no answer flips the app to offline at once', async ({ server, openApp }) => {
  const app = await openApp({ live: SLOW });
  const { page } = app;
  await connect(app, server);
  const bar = page.getByRole('group', { name: 'Connection status' });
  await expect(bar).toContainText('Synced');
  const row = page.getByRole('grid', { name: 'Service accounts' }).locator('[data-account-id]').first();
  const toggle = row.getByRole('switch');
  await expect(toggle).toBeEnabled();
  // Quiet first: what the first sync keeps for offline use is read after it, and a read cut off by
  // the stop below would flip the state before the toggle does.
  await app.core.settle();

  await server.stop();
  await toggle.click();
  await expect(bar).toContainText(/Offline since/);
  await expect(page.getByRole('status').filter({ hasText: 'read-only' })).toBeVisible();
  await expect(toggle).toBeDisabled();
  await shot(page, 'live-toggle-offline');

  // The one retry button brings it back once the server answers.
  await server.start();
  await bar.getByRole('button', { name: 'Retry now' }).click();
  await expect(bar).toContainText('Synced');
  await expect(toggle).toBeEnabled();
});

test('Logs, Audit and Personal tokens answer from the cache after a fresh start offline, with their age', async ({
  server,
  openApp,
}) => {
  const app = await openApp();
  const connectionId = await connect(app, server);
  // Each sync keeps the logs of the accounts whose tokens were used last (as the synced list says):
  // take the first of them, and make a request with a new token of it.
  const snapshot = (await app.call('snapshot:get', { connectionId })) as { accounts: { id: string; name: string }[] };
  let account = snapshot.accounts[0]!;
  let newest = 0;
  for (const candidate of snapshot.accounts) {
    const detail = (await app.call('accounts:get', { connectionId, id: candidate.id })) as {
      tokens: { lastUsedAt: string | null }[] | null;
    };
    for (const token of detail.tokens ?? []) {
      const at = token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0;
      if (at > newest) [newest, account] = [at, candidate];
    }
  }
  const created = (await app.call('tokens:create', {
    connectionId,
    accountId: account.id,
    input: { name: 'offline-proof', expiresAt: inDays(30) },
  })) as { secret: string };
  const used = await fetch(server.url + apiPath('getMe'), { headers: { authorization: `Bearer ${created.secret}` } });
  expect(used.status).toBe(200);
  // A sync (full, as the first one is, so it sees the token just used) keeps what the screens need.
  await app.call('sync:run', { connectionId, full: true });
  await app.core.settle();

  await server.stop();
  await app.close();
  const again = await openApp();
  const { page } = again;
  await expect(page.getByText(/^Offline since .+ — read-only/)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('button', { name: 'Personal tokens' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'personal tokens' })).toHaveText(
    /^Offline — showing your personal tokens as of /,
  );
  await expect(page.getByRole('table', { name: 'Personal tokens' }).getByRole('row')).not.toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create token' }).first()).toBeDisabled();
  await shot(page, 'offline-personal-tokens');

  await nav.getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'events' })).toHaveText(/^Offline — showing events as of /);
  await expect(page.getByRole('table', { name: 'Audit events' })).toContainText('offline-proof');
  await shot(page, 'offline-audit');

  await nav.getByRole('button', { name: 'Service accounts' }).click();
  await page.getByLabel('Search service accounts').fill(account.name);
  await page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${account.name}"]`).click();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'requests' })).toHaveText(
    /^Offline — showing requests as of /,
  );
  await expect(page.getByRole('table', { name: 'Requests' })).toContainText('/api/v1/me');
  await shot(page, 'offline-logs');
});
