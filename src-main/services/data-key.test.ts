import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_KEY_FILE, loadDataKey } from './data-key.js';
import { NodeKeyring } from './node-keyring.js';
import { tempDir } from './test-support/temp-dir.js';

describe('data key (random, wrapped by the keychain)', () => {
  let root: { path: string; cleanup: () => void };
  let dataDir: string;
  let keychain: string;
  let cacheDir: string;
  const load = (keyring = new NodeKeyring({ dir: keychain })) =>
    loadDataKey({ dataDir, keyring, encryptedDirs: [cacheDir] });

  beforeEach(() => {
    root = tempDir('datakey');
    dataDir = join(root.path, 'data');
    keychain = join(root.path, 'keychain');
    cacheDir = join(dataDir, 'cache');
  });
  afterEach(() => root.cleanup());

  it('creates a 32-byte key, stores it wrapped in a 0600 file with the backend, and reads it back', async () => {
    const first = await load();
    expect(first).toMatchObject({ persistent: true, reset: null });
    expect(first.key).toHaveLength(32);
    const file = join(dataDir, DATA_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { backend: string; wrapped: string };
    expect(stored.backend).toBe('node_file');
    expect(readFileSync(file, 'utf8')).not.toContain(first.key.toString('base64'));
    const again = await load();
    expect(again.key.equals(first.key)).toBe(true);
    expect(again.reset).toBeNull();
  });

  it('after a keychain reset: sets the old key and caches aside, makes a new key, reports it', async () => {
    const first = await load();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'c.cache'), 'old');
    rmSync(join(keychain, 'master.key'));
    const second = await load();
    expect(second.key.equals(first.key)).toBe(false);
    expect(second.reset).toMatch(/keychain no longer opens the saved key/);
    const names = readdirSync(dataDir);
    expect(names.some((n) => n.startsWith('data-key.json.old-'))).toBe(true);
    expect(names.some((n) => n.startsWith('cache.old-'))).toBe(true);
    expect(existsSync(cacheDir)).toBe(false);
    expect((await load()).reset).toBeNull();
  });

  it('treats a changed backend and a damaged key file as a reset, never a crash', async () => {
    await load();
    const changed = await load(new NodeKeyring({ dir: keychain, posesAsBasicText: true }));
    expect(changed.reset).toMatch(/keychain changed \(from node_file to basic_text\)/);
    writeFileSync(join(dataDir, DATA_KEY_FILE), '{not json');
    expect((await load()).reset).toMatch(/damaged/);
  });

  it('without any keychain keeps the key in memory only', async () => {
    const result = await load(new NodeKeyring({ dir: keychain, unavailable: true }));
    expect(result.persistent).toBe(false);
    expect(existsSync(join(dataDir, DATA_KEY_FILE))).toBe(false);
  });
});
