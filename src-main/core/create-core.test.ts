import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcContract, type Channel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { channelHandlers, createCore, type Core } from '../core.js';
import { lockHandlers } from './lock-handlers.js';
import { confStoreFactory, type StoreFactory } from '../services/conf-store.js';
import { NodeKeyring } from '../services/node-keyring.js';
import { cacheDirOf } from '../services/cache-files.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { tempDir } from '../services/test-support/temp-dir.js';

describe('createCore', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let cores: Core[];
  let events: SyncStatus[];
  let logs: string[];
  const dataDir = () => join(root.path, 'data');

  const start = async (options: { dataDir?: string; storeFactory?: StoreFactory } = {}) => {
    const core = await createCore({
      dataDir: options.dataDir ?? dataDir(),
      keyring: new NodeKeyring({ dir: join(root.path, 'keychain') }),
      emit: (channel, payload) => {
        expect(['sync:status', 'snapshot:changed']).toContain(channel);
        if (channel === 'sync:status') events.push(payload as SyncStatus);
      },
      appVersion: '9.9.9',
      platform: 'test-os',
      storeFactory: options.storeFactory,
      http: { timeoutMs: 5_000 },
      log: (message) => logs.push(message),
    });
    cores.push(core);
    return core;
  };
  const call = async <C extends Channel>(core: Core, channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    // Every answer matches the contract's response schema.
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };
  const input = () => ({ name: 'Fake', url: api.url, domain: 'default', token: api.token });
  const idle = (id: string) =>
    new Promise<SyncStatus>((resolve) => {
      const check = () => {
        const done = events.find((e) => e.connectionId === id && e.phase !== 'syncing');
        if (done) resolve(done);
        else setTimeout(check, 5);
      };
      check();
    });

  beforeEach(async () => {
    root = tempDir('core');
    api = await startFakeApi();
    for (let i = 0; i < 7; i++) api.upsert(makeAccount(i, 2));
    cores = [];
    events = [];
    logs = [];
  });
  afterEach(async () => {
    for (const core of cores) await core.dispose();
    await api.close();
    root.cleanup();
  });

  it('the store factory (electron-store in the app) keeps the settings and the connection list, not the cache', async () => {
    const opened: string[] = [];
    const recording: StoreFactory = (options) => {
      opened.push(options.configName);
      return confStoreFactory(options);
    };
    const core = await start({ storeFactory: recording });
    const { id } = await call(core, 'connections:add', input());
    expect((await idle(id)).phase).toBe('idle');
    await call(core, 'logs:list', { connectionId: id, accountId: 'sa_000001', query: {} });
    await call(core, 'settings:update', { clipboardClearSeconds: 60 });
    expect(existsSync(join(cacheDirOf(dataDir()), `${id}.cache`))).toBe(true);
    expect(existsSync(join(cacheDirOf(dataDir()), `${id}.pages`))).toBe(true);
    expect(opened.sort()).toEqual(['connections', 'settings']);
  });

  it('implements every channel of the contract, and nothing else', async () => {
    const core = await start();
    expect([...Object.keys(channelHandlers), ...Object.keys(lockHandlers)].sort()).toEqual(
      Object.keys(ipcContract).sort(),
    );
    expect([...core.channels].sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('rejects unknown channels and bad payloads with invalid_request naming the field', async () => {
    const core = await start();
    expect(await core.handle('fs:read', {})).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'There is no request called "fs:read".' },
    });
    expect(await core.handle('__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const badUrl = await core.handle('connections:add', { ...input(), url: 'http://example.com' });
    expect(badUrl).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'url: Use https. Plain http is allowed only for this computer (127.0.0.1 or localhost).',
      },
    });
    expect(await core.handle('connections:add', { ...input(), extra: 1 })).toMatchObject({
      error: { message: 'Unexpected field: extra.' },
    });
    expect(await core.handle('connections:test', { ...input(), name: '' })).toMatchObject({
      error: { message: 'name: Give the connection a name.' },
    });
    expect(await core.handle('app:info', { x: 1 })).toMatchObject({
      error: { message: 'This request takes no data.' },
    });
    expect(await core.handle('sync:run', { connectionId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_connection' },
    });
  });

  it('never throws, whatever the renderer sends', async () => {
    const core = await start();
    const channels = [...Object.keys(ipcContract), 'nope', ''];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), fc.anything(), async (channel, payload) => {
        const result = await core.handle(channel, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.message).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 300 },
    );
  });

  it('app:info reports version, platform and the keychain', async () => {
    const core = await start();
    expect(await call(core, 'app:info')).toEqual({
      version: '9.9.9',
      platform: 'test-os',
      keyring: { backend: 'node_file', secure: true, available: true },
    });
  });

  it('add → background sync → snapshot (no tokens) → accounts:get (with tokens)', async () => {
    const core = await start();
    const view = await call(core, 'connections:add', input());
    expect(view).toMatchObject({ name: 'Fake', credential: 'keychain' });
    expect(JSON.stringify(view)).not.toContain(api.token);
    // add does not wait for the sync.
    expect(events.some((e) => e.phase === 'idle')).toBe(false);
    expect((await idle(view.id)).phase).toBe('idle');

    const snapshot = await call(core, 'snapshot:get', { connectionId: view.id });
    expect(snapshot!.accounts).toHaveLength(7);
    expect(snapshot!.accounts.every((a) => !('tokens' in a))).toBe(true);
    expect(snapshot!.me.name).toBe('admin');
    const detail = await call(core, 'accounts:get', { connectionId: view.id, id: 'sa_000003' });
    expect(detail!.tokens).toHaveLength(2);
    expect(await call(core, 'accounts:get', { connectionId: view.id, id: 'missing' })).toBeNull();
    expect(await call(core, 'sync:status', { connectionId: view.id })).toMatchObject({ phase: 'idle', error: null });
    expect((await call(core, 'connections:list'))[0]!.lastSyncedAt).toBe(snapshot!.asOf);
  });

  it('accounts:create, update and delete go to the server and change the snapshot without a sync', async () => {
    const core = await start();
    const { id: connectionId } = await call(core, 'connections:add', input());
    await idle(connectionId);
    // What the sync keeps for offline use (personal tokens, audit, logs) is read after it: let it finish.
    await core.settle();
    const listed = api.log.filter((l) => l.startsWith('GET ')).length;

    const created = await call(core, 'accounts:create', { connectionId, input: { name: 'ci_runner' } });
    expect(created).toMatchObject({ name: 'ci_runner', description: '', tokens: [] });
    const snapshot = await call(core, 'snapshot:get', { connectionId });
    expect(snapshot!.accounts.map((a) => a.name)).toContain('ci_runner');
    expect(snapshot!.groups.map((g) => g.name)).toEqual(['admins', 'data-team']);

    const updated = await call(core, 'accounts:update', {
      connectionId,
      id: 'sa_000003',
      patch: { description: 'Edited here' },
    });
    expect(updated).toMatchObject({ id: 'sa_000003', description: 'Edited here' });
    expect(updated.tokens).toHaveLength(2);
    expect(await call(core, 'accounts:delete', { connectionId, id: 'sa_000003' })).toBeNull();
    expect(await call(core, 'accounts:get', { connectionId, id: 'sa_000003' })).toBeNull();
    expect(api.log.filter((l) => l.startsWith('GET ')).length).toBe(listed);

    // The name cannot be patched: the request is refused before it reaches the server.
    expect(await core.handle('accounts:update', { connectionId, id: 'sa_000001', patch: { name: 'renamed' } })).toEqual(
      { ok: false, error: { code: 'invalid_request', message: 'patch: Unexpected field: name.' } },
    );
    const badName = await core.handle('accounts:create', { connectionId, input: { name: 'Bad Name' } });
    expect(badName.ok ? null : badName.error).toMatchObject({ code: 'invalid_request' });
    expect(badName.ok ? '' : badName.error.message).toMatch(/^input\.name: /);
    expect(await core.handle('accounts:create', { connectionId, input: { name: 'ci_runner' } })).toEqual({
      ok: false,
      error: { code: 'name_taken', message: 'A service account named "ci_runner" already exists.', status: 409 },
    });
  });

  it('sync:run resolves with the final status; a new core reads the cache back', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    await idle(id);
    api.upsert(makeAccount(20, 1));
    const status = await call(core, 'sync:run', { connectionId: id });
    expect(status).toMatchObject({ phase: 'idle', connectionId: id });
    await core.dispose();
    const again = await start();
    expect((await call(again, 'snapshot:get', { connectionId: id }))!.accounts).toHaveLength(8);
  });

  it('connections:test with a stored connection or with input; a bad token gets the server’s words', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    expect(await call(core, 'connections:test', { id })).toMatchObject({
      serverVersion: 'fake-1',
      me: { name: 'admin' },
    });
    expect(await call(core, 'connections:test', input())).toMatchObject({ serverVersion: 'fake-1' });
    const wrong = await core.handle('connections:test', {
      ...input(),
      token: 'tdk_pt_wrongwrongwrongwrongwrongwrong000000',
    });
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'token_unknown', message: 'This token is not known to the server.', status: 401 },
    });
  });

  it('update to another server drops the cache and syncs afresh; remove deletes the cache file', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    await idle(id);
    const file = join(cacheDirOf(dataDir()), `${id}.cache`);
    expect(existsSync(file)).toBe(true);
    expect((await call(core, 'connections:update', { id, patch: { name: 'Renamed' } })).name).toBe('Renamed');

    events.length = 0;
    await call(core, 'connections:update', {
      id,
      patch: { url: api.url.replace('127.0.0.1', 'localhost'), token: api.token },
    });
    expect((await idle(id)).phase).toBe('idle');
    expect(api.log.filter((l) => l.includes('changesSince'))).toEqual([]);

    expect(await call(core, 'connections:remove', { id })).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(await call(core, 'connections:list')).toEqual([]);
    expect(await core.handle('snapshot:get', { connectionId: id })).toMatchObject({
      error: { code: 'unknown_connection' },
    });
  });

  it('a new server address needs the token again: without it nothing changes and nothing goes there', async () => {
    const core = await start();
    const view = await call(core, 'connections:add', input());
    await idle(view.id);
    const saved = await call(core, 'connections:list');
    const elsewhere = await startFakeApi({ token: 'tdk_pt_elsewhereelsewhereelsewhere000000' });
    try {
      const refused = await core.handle('connections:update', { id: view.id, patch: { url: elsewhere.url } });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'token_required',
          message: `The server address changed, so enter the admin token for ${elsewhere.url} too. TokenDesk does not send the saved token to a different address.`,
        },
      });
      // Testing the saved connection still goes to the saved address.
      await call(core, 'connections:test', { id: view.id });
      await call(core, 'sync:run', { connectionId: view.id });
      expect(elsewhere.requests).toEqual([]);
      const { lastSyncedAt: _synced, ...unchanged } = saved[0]!;
      expect((await call(core, 'connections:list'))[0]).toMatchObject(unchanged);

      // With the token for the new address, the change goes through and only that token goes there.
      const moved = await call(core, 'connections:update', {
        id: view.id,
        patch: { url: elsewhere.url, token: elsewhere.token },
      });
      expect(moved.url).toBe(elsewhere.url);
      expect(await call(core, 'sync:run', { connectionId: view.id })).toMatchObject({ phase: 'idle' });
      expect(elsewhere.requests.length).toBeGreaterThan(0);
      for (const request of elsewhere.requests) {
        expect(request.headers.authorization).toBe(`Bearer ${elsewhere.token}`);
      }
    } finally {
      await elsewhere.close();
    }
  });

  it('after a keychain reset: the old key and caches are set aside, reported, and never a crash', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    await idle(id);
    await core.dispose();
    rmSync(join(root.path, 'keychain', 'master.key'));
    const again = await start();
    const status = await call(again, 'sync:status', { connectionId: id });
    expect(status.cacheRecovered).toMatch(/could not be unlocked/);
    expect(await call(again, 'snapshot:get', { connectionId: id })).toBeNull();
    expect((await call(again, 'connections:list'))[0]!.credential).toBe('missing');
    expect(readdirSync(dataDir()).some((n) => n.startsWith('cache.old-'))).toBe(true);
    // Entering the token again brings the data back.
    await call(again, 'connections:update', { id, patch: { token: api.token } });
    expect(await call(again, 'sync:run', { connectionId: id })).toMatchObject({ phase: 'idle' });
    expect((await call(again, 'snapshot:get', { connectionId: id }))!.accounts).toHaveLength(7);
  });

  it('a missing credential is one answer, whichever request finds it: test, sync or a change', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    await idle(id);
    await core.dispose();
    rmSync(join(root.path, 'keychain', 'master.key'));
    const again = await start();
    const missing = {
      code: 'credential_missing',
      message:
        'TokenDesk no longer has the token for "Fake" (it was kept in memory only, or the keychain was reset). Enter it again under Connections.',
    };
    expect(await again.handle('connections:test', { id })).toEqual({ ok: false, error: missing });
    expect(await call(again, 'sync:run', { connectionId: id })).toMatchObject({
      phase: 'idle',
      link: { state: 'auth_failed', code: missing.code, reason: missing.message },
    });
    const change = { connectionId: id, id: 'sa_000001', patch: { description: 'x' } };
    expect(await again.handle('accounts:update', change)).toEqual({ ok: false, error: missing });
  });

  it('dispose stops a sync in flight and refuses later requests', async () => {
    const core = await start();
    const { id } = await call(core, 'connections:add', input());
    await idle(id);
    const release = api.hold();
    const running = core.handle('sync:run', { connectionId: id });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await core.dispose();
    release();
    const result = await running;
    expect(result.ok).toBe(true);
    expect((result as { value: { phase: string } }).value.phase).not.toBe('idle');
    expect(await core.handle('connections:list', undefined)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('an unexpected failure is reported without its text, stack or any secret', async () => {
    const secretish = 'tdk_sa_LEAKLEAKLEAKLEAKLEAKLEAKLEAKLE123456';
    // A file where the cache folder goes, in a data folder whose path looks like a secret: the cache
    // write fails with an error whose text holds that path.
    const dir = join(root.path, secretish);
    mkdirSync(dir, { recursive: true });
    writeFileSync(cacheDirOf(dir), '');
    const core = await start({ dataDir: dir });
    const { id } = await call(core, 'connections:add', input());
    const status = await idle(id);
    expect(status.phase).toBe('error');
    expect(status.error!.message).toBe(
      'The data was downloaded but could not be saved on this computer. Check free disk space and try again.',
    );
    expect(JSON.stringify(events)).not.toContain(secretish);
    expect(JSON.stringify(logs)).not.toContain(secretish);
  });
});
