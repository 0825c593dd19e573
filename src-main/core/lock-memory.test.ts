import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../src-shared/token-format.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { tempDir } from '../services/test-support/temp-dir.js';

const CHILD = fileURLToPath(new URL('./test-support/lock-memory-child.ts', import.meta.url));

interface Report {
  answeredWhileLocked: string[];
  keys: { use: string; zero: boolean }[];
  secrets: string[];
}

/**
 * Locking drops what it protects from memory: the real core, in a child process of its own, holds
 * a server's data (random names it never saw before), a connection credential and an open reveal;
 * after the lock and a full GC, its heap snapshot holds none of them, every handler answers
 * `locked`, and the keys it encrypted with are zero-filled. The snapshot taken before the lock is
 * the control: the same scan finds every name there.
 */
describe('locking drops secrets from memory', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let report: Report;
  const credential = generateToken('personal');
  const names: string[] = [];
  const accountIds: string[] = [];

  beforeAll(async () => {
    root = tempDir('lock-memory');
    api = await startFakeApi({ token: credential });
    for (let i = 0; i < 20; i++) {
      const account = makeAccount(i, 2);
      account.name = `acct-${randomBytes(8).toString('hex')}`;
      account.description = `about-${randomBytes(8).toString('hex')}`;
      for (const token of account.tokens!) token.name = `tok-${randomBytes(6).toString('hex')}`;
      names.push(account.name, account.description, ...account.tokens!.map((t) => t.name));
      accountIds.push(account.id);
      api.upsert(account);
    }
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end(
      JSON.stringify({
        url: api.url,
        token: credential,
        dataDir: join(root.path, 'data'),
        keychainDir: join(root.path, 'keychain'),
        snapshotsDir: root.path,
        accountIds,
      }),
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Not `out` in the message: it carries the secrets the heap is checked for.
    expect(code).toBe(0);
    report = JSON.parse(out.trim().split('\n').pop()!) as Report;
  }, 120_000);
  afterAll(async () => {
    await api.close();
    root.cleanup();
  });

  const snapshot = (name: string) => readFileSync(join(root.path, `${name}.heapsnapshot`), 'utf8');

  it('the scan finds every name and the credential in the heap before the lock (the control)', () => {
    const before = snapshot('before');
    expect(names.filter((name) => !before.includes(name))).toEqual([]);
    expect(before).toContain(credential);
  });

  it('after the lock and a GC the heap holds no name, no credential, no open secret and no key', () => {
    const after = snapshot('after');
    expect(names.filter((name) => after.includes(name))).toEqual([]);
    expect(after.includes(credential), 'the connection credential').toBe(false);
    expect(report.secrets.length).toBeGreaterThan(2);
    expect(report.secrets.filter((secret) => after.includes(secret))).toEqual([]);
  });

  it('no handler answers but the lock, and the cache and vault keys are zero-filled', () => {
    expect(report.answeredWhileLocked).toEqual([]);
    // The vault key, the key the passphrase gave (vault-key), and the data key (the caches' seals).
    const uses = new Set(report.keys.map((k) => k.use));
    expect(uses.has('vault') && uses.has('vault-key') && (uses.has('pages') || uses.has('snapshot'))).toBe(true);
    expect(report.keys.filter((k) => !k.zero)).toEqual([]);
  });
});
