import { afterAll, describe, expect, it, vi } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { run, waitFor } from './cli-test-support.js';
import { startServer } from './server.js';
import { call, tempDir } from './test-support.js';

describe('server CLI', () => {
  const dir = tempDir('cli');
  const data = `${dir.path}/data`;
  afterAll(() => dir.remove());

  it('prints the listening line and, on first start only, exactly one Admin token line', async () => {
    const first = run('src-server/cli.ts', ['--port', '0', '--data', data]);
    const [, url] = await waitFor(first, /^TokenDesk server listening on (http:\/\/127\.0\.0\.1:\d+) \(data: (.+)\)$/m);
    const lines = (await waitFor(first, /^Admin token: .*\n/m)).input!.split('\n');
    const tokenLines = lines.filter((l) => l.includes('tdk_'));
    expect(tokenLines).toHaveLength(1);
    expect(tokenLines[0]).toMatch(/^Admin token: tdk_pt_[0-9A-Za-z]{36}$/);
    const token = tokenLines[0]!.slice('Admin token: '.length);
    const me = await call<{ name: string }>(url! + apiPath('getMe'), { token });
    expect(me.body.name).toBe('admin');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = run('src-server/cli.ts', ['--port', '0', '--data', data]);
    const [, url2] = await waitFor(second, /listening on (http:\/\/\S+)/);
    expect((await call(url2! + apiPath('getMe'), { token })).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.stdout()).not.toContain('Admin token');
    expect(second.stdout()).not.toContain('tdk_');
  }, 60_000);

  it('--help prints usage and exits 0', async () => {
    const help = run('src-server/cli.ts', ['--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: npm run server -- /);
    expect(help.stdout()).toContain('--data DIR');
    expect(help.stdout()).toContain('--log-retention-days N');
    expect(help.stdout()).toContain('--log-retention-count N');
    for (const flag of [
      '--headers-timeout S',
      '--request-timeout S',
      '--keep-alive-timeout S',
      '--max-connections N',
      '--shutdown-timeout S',
      '--tls-cert FILE',
      '--tls-key FILE',
      '--redis-url URL',
    ]) {
      expect(help.stdout()).toContain(flag);
    }
  }, 30_000);

  it.each([
    [['--prot', '1']],
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--data']],
    [['extra']],
    [['--log-retention-days', '0']],
    [['--log-retention-count', 'many']],
    [['--headers-timeout', '0']],
    [['--request-timeout', '1.5']],
    [['--max-connections', '-1']],
    [['--shutdown-timeout', 'soon']],
    [['--headers-timeout', '60', '--request-timeout', '30']],
    [['--redis-url', 'localhost:6379']],
  ])(
    'bad flags %j: one line on stderr, exit 2',
    async (args) => {
      const bad = run('src-server/cli.ts', args);
      expect(await bad.exited).toBe(2);
      const err = bad.stderr().trimEnd();
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toMatch(/^tokendesk-server: .+ Run with --help for usage\.$/);
    },
    30_000,
  );
});

describe('startServer', () => {
  it('returns the admin token on first start without printing it, and null afterwards', async () => {
    const dir = tempDir('start');
    const writes = vi.spyOn(process.stdout, 'write');
    const logs = vi.spyOn(console, 'log');
    try {
      const first = await startServer({ dataDir: dir.path, port: 0 });
      expect(first.adminToken).toMatch(/^tdk_pt_/);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const printed = [...writes.mock.calls, ...logs.mock.calls].map((c) => String(c[0])).join('');
      expect(printed).not.toContain(first.adminToken!);
      await first.close();
      const second = await startServer({ dataDir: dir.path, port: 0 });
      expect(second.adminToken).toBeNull();
      await second.close();
    } finally {
      writes.mockRestore();
      logs.mockRestore();
      dir.remove();
    }
  });

  it('fails cleanly when the port is taken', async () => {
    const dir = tempDir('taken');
    const first = await startServer({ dataDir: dir.path, port: 0 });
    try {
      await expect(startServer({ dataDir: `${dir.path}/other`, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
      dir.remove();
    }
  });
});
