import { afterAll, describe, expect, it, vi } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { run, waitFor } from './cli-test-support.js';
import { testPostgres } from './db/pg-test-support.js';
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
    expect(help.stdout()).toContain('--database-url URL');
    expect(help.stdout()).toContain('--log-retention-days N');
    expect(help.stdout()).toContain('--log-retention-count N');
    for (const flag of [
      '--log-prune-interval S',
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
    [['--log-prune-interval', '0']],
    [['--headers-timeout', '0']],
    [['--request-timeout', '1.5']],
    [['--max-connections', '-1']],
    [['--shutdown-timeout', 'soon']],
    [['--headers-timeout', '60', '--request-timeout', '30']],
    [['--data', '/tmp/td', '--database-url', 'postgres://td:hunter2@127.0.0.1:1/td']],
    [['--database-url', 'mysql://td:hunter2@127.0.0.1/td']],
    [['--database-url', '']],
    [['--redis-url', 'localhost:6379']],
  ])(
    'bad flags %j: one line on stderr, exit 2',
    async (args) => {
      const bad = run('src-server/cli.ts', args);
      expect(await bad.exited).toBe(2);
      const err = bad.stderr().trimEnd();
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toMatch(/^tokendesk-server: .+ Run with --help for usage\.$/);
      expect(err).not.toContain('hunter2');
    },
    30_000,
  );

  it('refuses --data when DATABASE_URL is set: one line, exit 2, no password', async () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://td:hunter2@127.0.0.1:1/td' };
    const bad = run('src-server/cli.ts', ['--port', '0', '--data', data], { env });
    expect(await bad.exited).toBe(2);
    expect(bad.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr()).toContain('DATABASE_URL');
    expect(bad.stderr()).not.toContain('hunter2');
  }, 30_000);

  it('a database it cannot reach: exit 1, and the password is not in the message', async () => {
    const bad = run('src-server/cli.ts', ['--port', '0', '--database-url', 'postgres://td:hunter2@127.0.0.1:1/td']);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/^tokendesk-server: /);
    expect(bad.stdout() + bad.stderr()).not.toContain('hunter2');
  }, 30_000);
});

describe('server CLI on PostgreSQL', () => {
  const pg = testPostgres();

  // The throwaway cluster trusts local connections, so any password is accepted: it is only looked for.
  it.skipIf(pg.skip)(
    'starts with --database-url, bootstraps once, and never prints the password',
    async () => {
      const url = new URL(pg.url());
      url.password = 'hunter2-secret';
      const first = run('src-server/cli.ts', ['--port', '0', '--database-url', url.toString()]);
      const [, serverUrl, where] = await waitFor(first, /^TokenDesk server listening on (http:\S+) \(data: (.+)\)$/m);
      expect(where).toBe(url.toString().replace('hunter2-secret', '***'));
      const [, token] = await waitFor(first, /^Admin token: (\S+)$/m);
      expect((await call<{ name: string }>(serverUrl! + apiPath('getMe'), { token: token! })).body.name).toBe('admin');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.stdout() + first.stderr()).not.toContain('hunter2');

      // DATABASE_URL names the same database: the data is there, and no second admin token.
      const second = run('src-server/cli.ts', ['--port', '0'], {
        env: { ...process.env, DATABASE_URL: url.toString() },
      });
      const [, url2] = await waitFor(second, /listening on (http:\/\/\S+)/);
      expect((await call(url2! + apiPath('getMe'), { token: token! })).status).toBe(200);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(second.stdout()).not.toContain('Admin token');
      expect(second.stdout() + second.stderr()).not.toContain('hunter2');
    },
    60_000,
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
