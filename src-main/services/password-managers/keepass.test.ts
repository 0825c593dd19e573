import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src-shared/token-format.js';
import { tempDir } from '../test-support/temp-dir.js';
import { KeepassTarget } from './keepass.js';
import { filesHolding, hasTool } from './test-support/tools.js';

const MASTER = 'master password of this test';
const TITLE = 'tokendesk/td.example:8443/deploy-bot/ci';

/** What Debian's keepassxc-cli reads from the file: the entry's fields, one `Name: value` per line. */
function readBack(file: string, path: string): Record<string, string> {
  const out = spawnSync('keepassxc-cli', ['show', '-s', '-q', file, path], { input: `${MASTER}\n`, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`keepassxc-cli show failed: ${out.stderr}`);
  return Object.fromEntries(
    out.stdout
      .split('\n')
      .map((line) => /^(\w+): ?(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/**
 * Only the read-back needs Debian's keepassxc-cli. Without it the read-back test is skipped, with the
 * reason printed once, on a developer's machine only: in CI (CI=true) hasTool adds a failing test
 * instead, since .ci/run installs keepassxc. Every other test here runs regardless.
 */
const keepassCli = hasTool('keepassxc-cli', ['--version'], 'keepassxc');

describe('KeePass: written by kdbxweb, read by keepassxc-cli', () => {
  let root: { path: string; cleanup: () => void };
  const target = new KeepassTarget();
  const entry = (secret: string) => ({
    title: TITLE,
    username: 'ci',
    secret: Buffer.from(secret),
    url: 'https://td.example:8443',
    notes: 'Account: deploy-bot\nRoles: Deployment',
  });
  const options = (file: string, extra: { createIfMissing?: boolean; master?: string } = {}) => ({
    file,
    group: 'TokenDesk/prod',
    masterPassword: Buffer.from(extra.master ?? MASTER),
    createIfMissing: extra.createIfMissing,
  });

  beforeEach(() => {
    root = tempDir('keepass');
  });
  afterEach(() => root.cleanup());

  // Skipped only without keepassxc-cli outside CI (see keepassCli above).
  it.runIf(keepassCli)(
    'a fresh database holds the entry (title, username, password, URL), and a second save updates it',
    async () => {
      const file = join(root.path, 'vault.kdbx');
      const first = generateToken('serviceAccount');
      expect(await target.save(entry(first), options(file, { createIfMissing: true }))).toEqual({
        kind: 'keepass',
        entryTitle: TITLE,
        updated: false,
      });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const path = `TokenDesk/prod/${TITLE}`;
      expect(readBack(file, path)).toMatchObject({
        Title: TITLE,
        UserName: 'ci',
        Password: first,
        URL: 'https://td.example:8443',
      });

      const second = generateToken('serviceAccount');
      expect(await target.save(entry(second), options(file))).toMatchObject({ updated: true });
      expect(readBack(file, path).Password).toBe(second);
      const list = spawnSync('keepassxc-cli', ['ls', '-R', '-f', '-q', file], {
        input: `${MASTER}\n`,
        encoding: 'utf8',
      });
      expect(list.stdout.split('\n').filter((line) => line.endsWith(TITLE))).toHaveLength(1);
      // The secret is in no other file: not beside the database, not left in a temporary file.
      expect(filesHolding(second, [root.path], () => false)).toEqual([]);
    },
  );

  it('a wrong master password is said in words, and the database is left as it was', async () => {
    const file = join(root.path, 'vault.kdbx');
    await target.save(entry(generateToken('serviceAccount')), options(file, { createIfMissing: true }));
    const before = statSync(file).mtimeMs;
    await expect(target.save(entry('tdk_x'), options(file, { master: 'not it' }))).rejects.toMatchObject({
      code: 'wrong_master_password',
    });
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('a missing file is made only when asked; a file that is not KeePass is refused', async () => {
    const missing = join(root.path, 'none.kdbx');
    await expect(target.save(entry('tdk_x'), options(missing))).rejects.toMatchObject({
      code: 'password_manager_failed',
    });
    expect(existsSync(missing)).toBe(false);
    const junk = join(root.path, 'junk.kdbx');
    writeFileSync(junk, 'not a database');
    await expect(target.save(entry('tdk_x'), options(junk))).rejects.toMatchObject({
      code: 'password_manager_failed',
    });
  });
});
