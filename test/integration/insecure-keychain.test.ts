import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import { DATA_KEY_FILE } from '../../src-main/services/data-key.js';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import { cacheDirOf } from '../../src-main/services/cache-files.js';
import { filesUnder } from '../../src-main/services/test-support/files.js';
import { connectAndSync, makeRoot, serveDemo, startApp, type AppUnderTest } from './helpers.js';

const ACCOUNTS = 5;

/**
 * Linux without a keychain: Electron's `basic_text` backend wraps with a hard-coded password, so
 * whatever it wraps is as good as plaintext. Through the main-process core against the real server,
 * with a stand-in keychain that reports `secure: false`: the token and the cache's data key stay in
 * memory, nothing secret or cached is written, and a restart starts from nothing.
 */
describe('insecure keychain (basic_text): core ↔ real server', () => {
  const serverRoot = makeRoot('basic-text-server');
  let server: RunningServer;
  let adminToken: string;
  let root: { path: string; cleanup: () => void };
  let apps: AppUnderTest[] = [];

  const start = async (keychain: { posesAsBasicText?: boolean } = { posesAsBasicText: true }) => {
    const app = await startApp(root.path, keychain);
    apps.push(app);
    return app;
  };
  const input = () => ({ name: 'Local', url: server.url, domain: DEFAULT_DOMAIN, token: adminToken });
  const dataDir = () => join(root.path, 'app-data');

  /** No credential (as it is, or base64), cache file or data-key file anywhere under the data folder. */
  const expectNothingAtRest = (): string[] => {
    const files = filesUnder(dataDir()).map((path) => ({ path, bytes: readFileSync(path) }));
    const names = files.map((file) => file.path.slice(dataDir().length + 1));
    expect(names.filter((name) => name.includes(DATA_KEY_FILE))).toEqual([]);
    expect(names.filter((name) => /\.(cache|pages)$/.test(name))).toEqual([]);
    for (const file of files) {
      for (const needle of [adminToken, adminToken.slice(7, 37), Buffer.from(adminToken).toString('base64')]) {
        expect(file.bytes.includes(Buffer.from(needle)), file.path).toBe(false);
      }
    }
    return names;
  };

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(serverRoot.path, { accounts: ACCOUNTS, tokensPerAccount: 2, seed: 11 }));
  });
  afterAll(async () => {
    await server.close();
    serverRoot.cleanup();
  });
  afterEach(async () => {
    for (const app of apps) await app.core.dispose();
    apps = [];
    root.cleanup();
  });

  it('keeps the token and the cached data in memory only; after a restart neither is there', async () => {
    root = makeRoot('basic-text');
    const app = await start();
    expect((await app.call('app:info')).keyring).toEqual({ backend: 'basic_text', secure: false, available: true });
    const view = await connectAndSync(app, input());
    expect(view.credential).toBe('memory');
    const snapshot = (await app.call('snapshot:get', { connectionId: view.id }))!;
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    // First pages of a log and of the audit trail are cached as well (in memory here).
    await app.call('logs:list', {
      connectionId: view.id,
      accountId: snapshot.accounts.find((a) => a.groups.includes('admins'))!.id,
      query: {},
    });
    await app.call('audit:list', { connectionId: view.id, query: {} });

    expect(expectNothingAtRest()).toContain('connections.json');
    const stored = JSON.parse(readFileSync(join(dataDir(), 'connections.json'), 'utf8')) as {
      connections: { credential: unknown }[];
    };
    expect(stored.connections.map((c) => c.credential)).toEqual([null]);

    await app.core.dispose();
    const again = await start();
    expect((await again.call('connections:list'))[0]!.credential).toBe('missing');
    expect(await again.call('snapshot:get', { connectionId: view.id })).toBeNull();
    expect(await again.call('sync:run', { connectionId: view.id })).toMatchObject({
      phase: 'idle',
      link: { state: 'auth_failed', code: 'credential_missing' },
    });
    // Entering the token again brings the data back, again in memory only.
    await again.call('connections:update', { id: view.id, patch: { token: adminToken } });
    expect(await again.call('sync:run', { connectionId: view.id })).toMatchObject({
      phase: 'idle',
      error: null,
      link: { state: 'online' },
    });
    expect((await again.call('snapshot:get', { connectionId: view.id }))!.accounts).toHaveLength(ACCOUNTS);
    expectNothingAtRest();
  });

  it('offers no way to store the token on disk without a keychain', async () => {
    root = makeRoot('basic-text-optin');
    const app = await start();
    const refused = await app.core.handle('connections:add', { ...input(), storeOnDiskWithoutKeychain: true });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'Unexpected field: storeOnDiskWithoutKeychain.' },
    });
    expect(existsSync(join(dataDir(), 'connections.json'))).toBe(false);
  });

  it('what an older version stored under basic_text is read once, then removed from the disk', async () => {
    root = makeRoot('basic-text-legacy');
    // An older version's leftovers: the token "stored on disk without keychain protection", a data
    // key wrapped by basic_text, and a cache encrypted with that key.
    const keyring = new NodeKeyring({ dir: join(root.path, 'keychain'), posesAsBasicText: true });
    const wrappedToken = (await keyring.encrypt(adminToken)).toString('base64');
    mkdirSync(cacheDirOf(dataDir()), { recursive: true });
    writeFileSync(
      join(dataDir(), 'connections.json'),
      JSON.stringify({
        version: 1,
        connections: [
          {
            id: 'c-old',
            name: 'Old',
            url: server.url,
            domain: DEFAULT_DOMAIN,
            createdAt: '2026-01-01T00:00:00.000Z',
            lastSyncedAt: '2026-01-01T00:00:00.000Z',
            credential: { storage: 'disk-insecure', data: wrappedToken },
          },
        ],
      }),
    );
    const wrappedKey = (await keyring.encrypt(Buffer.alloc(32, 7).toString('base64'))).toString('base64');
    writeFileSync(join(dataDir(), DATA_KEY_FILE), JSON.stringify({ backend: 'basic_text', wrapped: wrappedKey }));
    writeFileSync(join(cacheDirOf(dataDir()), 'c-old.cache'), '{"v":1,"iv":"","tag":"","data":""}');

    const app = await start();
    // Not locked out: the old token works this once, from memory.
    expect((await app.call('connections:list'))[0]!.credential).toBe('memory');
    expect(await app.call('sync:run', { connectionId: 'c-old' })).toMatchObject({ phase: 'idle', error: null });
    expect(expectNothingAtRest()).not.toContain('cache');
    expect(readFileSync(join(dataDir(), 'connections.json'), 'utf8')).not.toContain(wrappedToken);

    await app.core.dispose();
    const again = await start();
    expect((await again.call('connections:list'))[0]!.credential).toBe('missing');
  });

  it('a secure keychain’s key file is left alone while only basic_text is there, and used again after', async () => {
    root = makeRoot('basic-text-return');
    const first = await start({});
    const { id } = await first.call('connections:add', input());
    await first.settled(id);
    await first.core.dispose();
    const keyFile = readFileSync(join(dataDir(), DATA_KEY_FILE), 'utf8');

    const insecure = await start();
    expect(await insecure.call('snapshot:get', { connectionId: id })).toBeNull();
    await insecure.core.dispose();
    expect(readFileSync(join(dataDir(), DATA_KEY_FILE), 'utf8')).toBe(keyFile);

    const back = await start({});
    expect((await back.call('snapshot:get', { connectionId: id }))!.accounts).toHaveLength(ACCOUNTS);
  });
});
