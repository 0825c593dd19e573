import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcContract, type Channel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { createCore, type Core } from '../core.js';
import { MemoryClipboard } from '../services/clipboard.js';
import { NodeKeyring } from '../services/node-keyring.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { tempDir } from '../services/test-support/temp-dir.js';

/** The token, clipboard and settings channels through the core, as the renderer calls them. */
/** The settings added after these tests were written, at their defaults. */
const LATER_DEFAULTS = {
  attentionUnusedDays: 90,
  notifications: { enabled: true, thresholdsDays: [7, 1], quietHours: null },
};

describe('createCore: tokens, clipboard, settings', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let core: Core;
  let clipboard: MemoryClipboard;
  let events: SyncStatus[];
  let logs: string[];
  let connectionId: string;
  /** Each theme the core applied to the window (Electron's nativeTheme in the app), in order. */
  let themes: string[];

  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };
  const start = async () => {
    clipboard = new MemoryClipboard();
    core = await createCore({
      dataDir: join(root.path, 'data'),
      keyring: new NodeKeyring({ dir: join(root.path, 'keychain') }),
      emit: (_channel, payload) => events.push(payload as SyncStatus),
      appVersion: '9.9.9',
      platform: 'test-os',
      http: { timeoutMs: 5_000, lostAnswerRetryDelayMs: 0 },
      clipboard,
      log: (message) => logs.push(message),
      applyTheme: (theme) => themes.push(theme),
    });
  };

  beforeEach(async () => {
    root = tempDir('core-tokens');
    api = await startFakeApi();
    for (let i = 0; i < 3; i++) api.upsert(makeAccount(i, 1));
    events = [];
    logs = [];
    themes = [];
    await start();
    connectionId = (await call('connections:add', { name: 'Fake', url: api.url, domain: 'default', token: api.token }))
      .id;
    expect(await call('sync:run', { connectionId })).toMatchObject({ phase: 'idle' });
  });
  afterEach(async () => {
    await core.dispose();
    await api.close();
    root.cleanup();
  });

  it('tokens:create answers with the secret once; accounts:get then shows the token without it', async () => {
    const created = await call('tokens:create', {
      connectionId,
      accountId: 'sa_000001',
      input: { name: 'ci-bot', expiresAt: '2031-01-01T00:00:00.000Z' },
    });
    expect(created.secret).toMatch(/^tdk_sa_/);
    const detail = await call('accounts:get', { connectionId, id: 'sa_000001' });
    expect(detail!.tokens!.map((t) => t.name)).toEqual(['token-0', 'ci-bot']);
    expect(detail!.tokenCount).toBe(2);
    expect(detail!.nextExpiry).toBe('2031-01-01T00:00:00.000Z');
    expect(JSON.stringify(detail)).not.toContain(created.secret);
    expect(JSON.stringify(await call('snapshot:get', { connectionId }))).not.toContain(created.secret);
    expect(JSON.stringify(events) + logs.join('\n')).not.toContain(created.secret);

    expect(
      await call('tokens:update', { connectionId, accountId: 'sa_000001', name: 'ci-bot', patch: { maxRps: 7 } }),
    ).toMatchObject({ name: 'ci-bot', maxRps: 7 });
    const rotated = await call('tokens:rotate', {
      connectionId,
      accountId: 'sa_000001',
      name: 'ci-bot',
      graceSeconds: 0,
    });
    if (rotated.storedForConnection) throw new Error('another token was taken for the connection’s own');
    expect(rotated.secret).not.toBe(created.secret);
    expect(await call('tokens:delete', { connectionId, accountId: 'sa_000001', name: 'ci-bot' })).toBeNull();
    expect((await call('accounts:get', { connectionId, id: 'sa_000001' }))!.tokens!.map((t) => t.name)).toEqual([
      'token-0',
      rotated.previous.name,
    ]);
  });

  it('secret_lost reaches the renderer with its code, message and the token as details', async () => {
    api.dropNext(/^POST .*\/tokens$/);
    const result = await core.handle('tokens:create', {
      connectionId,
      accountId: 'sa_000002',
      input: { name: 'lost', expiresAt: null },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'secret_lost', status: 409, details: { token: { name: 'lost' } } });
    expect(result.error.message).toContain('“lost” was created');
  });

  it('clipboard:copy writes concealed and says when it clears; quitting (dispose) clears it', async () => {
    const before = Date.now();
    const { clearsAt } = await call('clipboard:copy', { text: 'tdk_sa_copied' });
    expect(Date.parse(clearsAt) - before).toBeGreaterThanOrEqual(30_000);
    expect(Date.parse(clearsAt) - before).toBeLessThan(31_000);
    expect(clipboard.writes).toEqual([{ text: 'tdk_sa_copied', concealed: true }]);
    await core.dispose();
    expect(await clipboard.readText()).toBe('');
  });

  it('clipboard:copyText copies a name plainly and leaves it there; an empty or oversized text is refused', async () => {
    await call('clipboard:copyText', { text: 'billing_export' });
    expect(clipboard.writes).toEqual([{ text: 'billing_export', concealed: false }]);
    expect((await core.handle('clipboard:copyText', { text: '' })).ok).toBe(false);
    expect((await core.handle('clipboard:copyText', { text: 'x'.repeat(1001) })).ok).toBe(false);
    await core.dispose();
    expect(await clipboard.readText()).toBe('billing_export');
    expect(clipboard.clears).toBe(0);
  });

  it('settings: defaults, validated updates in the field’s words, kept across a restart and used by the clipboard', async () => {
    expect(await call('settings:get')).toEqual({
      clipboardClearSeconds: 30,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(await core.handle('settings:update', { clipboardClearSeconds: 2 })).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'clipboardClearSeconds: Clear the clipboard after 5 seconds at the soonest.',
      },
    });
    expect(await core.handle('settings:update', { syncEveryMinutes: 0 })).toMatchObject({ ok: false });
    expect(await call('settings:update', { clipboardClearSeconds: 45 })).toEqual({
      clipboardClearSeconds: 45,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    const file = JSON.parse(readFileSync(join(root.path, 'data', 'settings.json'), 'utf8')) as unknown;
    expect(file).toEqual({
      clipboardClearSeconds: 45,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });

    const before = Date.now();
    const { clearsAt } = await call('clipboard:copy', { text: 'x' });
    expect(Date.parse(clearsAt) - before).toBeGreaterThanOrEqual(45_000);

    await core.dispose();
    await start();
    expect(await call('settings:get')).toEqual({
      clipboardClearSeconds: 45,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
  });

  it('theme: the window follows the setting from the start and on each change; only System, Light or Dark is taken', async () => {
    // Applied once as the core starts (the default, System: the operating system decides).
    expect(themes).toEqual(['system']);
    expect(await core.handle('settings:update', { theme: 'sepia' })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'theme: Choose System, Light or Dark.' },
    });
    expect(themes).toEqual(['system']);

    expect(await call('settings:update', { theme: 'dark' })).toEqual({
      clipboardClearSeconds: 30,
      syncEveryMinutes: 5,
      theme: 'dark',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(themes).toEqual(['system', 'dark']);

    // Kept with the other settings, and applied again at the next start.
    await core.dispose();
    themes = [];
    await start();
    expect(themes).toEqual(['dark']);
    expect(await call('settings:get')).toMatchObject({ theme: 'dark' });
  });
});
