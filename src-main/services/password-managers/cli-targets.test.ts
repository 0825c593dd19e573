import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src-shared/token-format.js';
import { tempDir } from '../test-support/temp-dir.js';
import { BitwardenTarget } from './bitwarden.js';
import { OnePasswordTarget } from './onepassword.js';
import { runTool } from './run-tool.js';
import { filesHolding } from './test-support/tools.js';

const STAND_IN = fileURLToPath(new URL('./test-support/recording-cli.mjs', import.meta.url));

interface Call {
  tool: string;
  args: string[];
  stdin: string;
}

/**
 * `bw` and `op` are not in Debian: recording stand-ins on PATH answer as the real CLIs do, record
 * every call, and refuse one that carries a token in argv or the environment.
 */
describe('Bitwarden and 1Password CLIs, against recording stand-ins', () => {
  let root: { path: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  const state = () => JSON.parse(readFileSync(env.STANDIN_STATE!, 'utf8')) as { items: Record<string, unknown>[] };
  const calls = () =>
    readFileSync(env.STANDIN_RECORD!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Call);
  const entry = (secret: string) => ({
    title: 'tokendesk/td.example/deploy-bot/ci',
    username: 'ci',
    secret: Buffer.from(secret),
    url: 'https://td.example',
    notes: 'Account: deploy-bot',
  });
  const setState = (value: Record<string, unknown>) =>
    writeFileSync(env.STANDIN_STATE!, JSON.stringify({ items: [], ...value }));

  beforeEach(() => {
    root = tempDir('cli-targets');
    const bin = join(root.path, 'bin');
    mkdirSync(bin);
    symlinkSync(STAND_IN, join(bin, 'bw'));
    symlinkSync(STAND_IN, join(bin, 'op'));
    const tmp = join(root.path, 'tmp');
    mkdirSync(tmp);
    env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: root.path,
      TMPDIR: tmp,
      STANDIN_STATE: join(root.path, 'state.json'),
      STANDIN_RECORD: join(root.path, 'calls.jsonl'),
    };
    writeFileSync(env.STANDIN_RECORD!, '');
  });
  afterEach(() => root.cleanup());

  it('bw: unlocks with the master password in its own environment, then pipes the base64 item to create, then edit', async () => {
    setState({ loggedIn: true, session: 'sess-123', master: 'bw master' });
    const target = new BitwardenTarget({ env });
    expect(await target.availability()).toEqual({ available: true });
    const first = generateToken('serviceAccount');
    expect(await target.save(entry(first), { masterPassword: Buffer.from('bw master') })).toMatchObject({
      updated: false,
    });
    const [item] = state().items as {
      name: string;
      login: { username: string; password: string; uris: { uri: string }[] };
    }[];
    expect(item).toMatchObject({
      name: entry('').title,
      login: { username: 'ci', password: first, uris: [{ uri: 'https://td.example' }] },
    });
    expect(calls().map((c) => c.args.slice(0, 2).join(' '))).toEqual([
      '--version',
      'status',
      'unlock --raw',
      'list items',
      'create item',
    ]);
    expect(Buffer.from(calls().at(-1)!.stdin, 'base64').toString()).toContain(first);

    const second = generateToken('serviceAccount');
    await expect(target.save(entry(second), {})).rejects.toMatchObject({ code: 'password_manager_locked' });
    expect(await target.save(entry(second), { masterPassword: Buffer.from('bw master') })).toMatchObject({
      updated: true,
    });
    expect(calls().at(-1)!.args).toEqual(['edit', 'item', 'bw-1']);
    expect(state().items).toHaveLength(1);
    expect((state().items[0] as { login: { password: string } }).login.password).toBe(second);
    await expect(target.save(entry(second), { masterPassword: Buffer.from('wrong') })).rejects.toMatchObject({
      code: 'wrong_master_password',
    });
    expect(
      filesHolding(
        second,
        [env.TMPDIR!, env.HOME!],
        (path) => path === env.STANDIN_STATE || path === env.STANDIN_RECORD,
      ),
    ).toEqual([]);
  });

  it('bw logged out is said in words; a missing bw is unavailable', async () => {
    setState({ loggedIn: false });
    await expect(new BitwardenTarget({ env }).save(entry('x'), {})).rejects.toMatchObject({
      code: 'password_manager_locked',
    });
    expect(await new BitwardenTarget({ env, command: join(root.path, 'no-bw') }).availability()).toMatchObject({
      available: false,
    });
  });

  it('op: checks the sign-in, pipes the JSON template to item create, then to item edit', async () => {
    setState({ signedIn: true });
    const target = new OnePasswordTarget({ env });
    const first = generateToken('personal');
    expect(await target.save(entry(first))).toMatchObject({ kind: '1password', updated: false });
    const [item] = state().items as {
      title: string;
      fields: { id: string; value: string }[];
      urls: { href: string }[];
    }[];
    expect(item!.title).toBe(entry('').title);
    expect(item!.fields.find((f) => f.id === 'password')!.value).toBe(first);
    expect(item!.fields.find((f) => f.id === 'username')!.value).toBe('ci');
    expect(item!.urls[0]!.href).toBe('https://td.example');
    expect(calls().map((c) => c.args.slice(0, 2).join(' '))).toEqual(['whoami --format', 'item get', 'item create']);

    const second = generateToken('personal');
    expect(await target.save(entry(second))).toMatchObject({ updated: true });
    expect(calls().at(-1)!.args).toEqual(['item', 'edit', 'op-1', '--format', 'json']);
    expect(state().items).toHaveLength(1);

    setState({ signedIn: false });
    await expect(target.save(entry(second))).rejects.toMatchObject({ code: 'password_manager_locked' });
  });

  it('the stand-ins can fail: a token in argv or in the environment is refused', async () => {
    setState({ signedIn: true, loggedIn: true });
    const token = generateToken('personal');
    const op = join(root.path, 'bin', 'op');
    expect(await runTool(op, ['item', 'get', token, '--format', 'json'], { env })).toMatchObject({ code: 97 });
    expect(await runTool(join(root.path, 'bin', 'bw'), ['status'], { env: { ...env, LEAK: token } })).toMatchObject({
      code: 97,
    });
    expect(await runTool(op, ['whoami', '--format', 'json'], { env })).toMatchObject({ code: 0 });
  });
});
