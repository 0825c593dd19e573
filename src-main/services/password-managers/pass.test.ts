import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src-shared/token-format.js';
import { tempDir } from '../test-support/temp-dir.js';
import { passName, PassTarget } from './pass.js';
import { filesHolding, hasTool } from './test-support/tools.js';

describe('passName', () => {
  it('keeps the title as folders, with nothing that climbs out of the store', () => {
    expect(passName('tokendesk/td.example:8443/deploy-bot/ci')).toBe('tokendesk/td.example_8443/deploy-bot/ci');
    expect(passName('tokendesk/../../etc/.hidden')).toBe('tokendesk/etc/_hidden');
  });
});

/**
 * These run the real pass and gpg. Without them the block is skipped, with the reason printed once, on
 * a developer's machine only: in CI (CI=true) hasTool adds a failing test instead, since .ci/run
 * installs pass and gnupg. passName's tests above run regardless.
 */
const usable = hasTool('pass', ['version'], 'pass') && hasTool('gpg', ['--version'], 'gnupg');

describe.runIf(usable)('pass: a throwaway store and GnuPG key, read back with pass show', () => {
  let root: { path: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  let store: string;

  beforeAll(() => {
    root = tempDir('pass');
    const gnupg = join(root.path, 'gnupg');
    store = join(root.path, 'store');
    mkdirSync(gnupg, { mode: 0o700 });
    // TMPDIR and HOME inside the test's folder too, so the scan below sees every file the tools wrote.
    const home = join(root.path, 'home');
    const tmp = join(root.path, 'tmp');
    mkdirSync(home);
    mkdirSync(tmp);
    env = { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, GNUPGHOME: gnupg, PASSWORD_STORE_DIR: store };
    const key = spawnSync(
      'gpg',
      [
        '--batch',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        '--quick-gen-key',
        'TokenDesk Test <test@example.invalid>',
        'default',
        'default',
        'never',
      ],
      { env, encoding: 'utf8' },
    );
    if (key.status !== 0) throw new Error(`gpg: ${key.stderr}`);
    const init = spawnSync('pass', ['init', 'test@example.invalid'], { env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pass init: ${init.stderr}`);
  }, 60_000);
  afterAll(() => {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
    root.cleanup();
  });

  const entry = (secret: string) => ({
    title: 'tokendesk/127.0.0.1:8787/deploy-bot/ci',
    username: 'ci',
    secret: Buffer.from(secret),
    url: 'http://127.0.0.1:8787',
    notes: 'Account: deploy-bot\nRoles: Deployment',
  });
  const show = (name: string) => spawnSync('pass', ['show', name], { env, encoding: 'utf8' }).stdout;

  it('saves the secret on the first line, then updates the same entry', async () => {
    const target = new PassTarget({ env });
    expect(await target.availability()).toEqual({ available: true });
    const first = generateToken('serviceAccount');
    const saved = await target.save(entry(first));
    expect(saved).toEqual({ kind: 'pass', entryTitle: 'tokendesk/127.0.0.1_8787/deploy-bot/ci', updated: false });
    const lines = show(saved.entryTitle).split('\n');
    expect(lines[0]).toBe(first);
    expect(lines).toContain('login: ci');
    expect(lines).toContain('url: http://127.0.0.1:8787');

    const second = generateToken('serviceAccount');
    expect(await target.save(entry(second))).toMatchObject({ updated: true });
    expect(show(saved.entryTitle).split('\n')[0]).toBe(second);
    // Only the encrypted entry holds it: no other file in the store, the home, the temp folder or GnuPG's.
    expect(filesHolding(second, [root.path], () => false)).toEqual([]);
    // The scan can fail: a copy left in the temp folder, plain or base64, is found.
    writeFileSync(join(env.TMPDIR!, 'left'), Buffer.from(second).toString('base64'));
    expect(filesHolding(second, [root.path], () => false)).toEqual([join(env.TMPDIR!, 'left')]);
  }, 30_000);

  it('a store that was never set up says what to run', async () => {
    const target = new PassTarget({ env: { ...env, PASSWORD_STORE_DIR: join(root.path, 'nowhere') } });
    const availability = await target.availability();
    expect(availability.available).toBe(false);
    expect(JSON.stringify(availability)).toMatch(/pass init/);
  });
});
