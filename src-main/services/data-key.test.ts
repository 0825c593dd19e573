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
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, DATA_KEY_FILE), JSON.stringify({ backend: 'kwallet5', wrapped: 'AAAA' }));
    const changed = await load();
    expect(changed.reset).toMatch(/keychain changed \(from kwallet5 to node_file\)/);
    writeFileSync(join(dataDir, DATA_KEY_FILE), '{not json');
    expect((await load()).reset).toMatch(/damaged/);
  });

  it('without any keychain keeps the key in memory only', async () => {
    const result = await load(new NodeKeyring({ dir: keychain, unavailable: true }));
    expect(result.persistent).toBe(false);
    expect(existsSync(join(dataDir, DATA_KEY_FILE))).toBe(false);
  });

  it('with basic_text keeps the key in memory only and leaves a secure keychain’s key file alone', async () => {
    const basicText = new NodeKeyring({ dir: keychain, posesAsBasicText: true });
    const fresh = await load(basicText);
    expect(fresh).toMatchObject({ persistent: false, reset: null });
    expect(existsSync(join(dataDir, DATA_KEY_FILE))).toBe(false);

    const secure = await load();
    const keyFile = readFileSync(join(dataDir, DATA_KEY_FILE), 'utf8');
    expect((await load(basicText)).persistent).toBe(false);
    expect(readFileSync(join(dataDir, DATA_KEY_FILE), 'utf8')).toBe(keyFile);
    expect((await load()).key.equals(secure.key)).toBe(true);
  });

  it('deletes a key file basic_text wrapped, with the caches it opens, whatever the keychain is now', async () => {
    for (const keyring of [
      new NodeKeyring({ dir: keychain, posesAsBasicText: true }),
      new NodeKeyring({ dir: keychain }),
    ]) {
      const wrapped = (await keyring.encrypt(Buffer.alloc(32, 1).toString('base64'))).toString('base64');
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(join(cacheDir, 'c.cache'), 'readable with that key');
      writeFileSync(join(dataDir, DATA_KEY_FILE), JSON.stringify({ backend: 'basic_text', wrapped }));
      const result = await load(keyring);
      expect(result.reset).toBeNull();
      expect(existsSync(cacheDir)).toBe(false);
      expect(readdirSync(dataDir).filter((name) => name.includes('.old-'))).toEqual([]);
      const stored = existsSync(join(dataDir, DATA_KEY_FILE))
        ? (JSON.parse(readFileSync(join(dataDir, DATA_KEY_FILE), 'utf8')) as { backend: string }).backend
        : null;
      expect(stored).toBe(result.persistent ? 'node_file' : null);
    }
  });
});
