import { afterAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../src-shared/api/directory.js';
import type { Me } from '../src-shared/api/models.js';
import { apiPath } from '../src-shared/api/paths.js';
import { run, startCli } from './cli-test-support.js';
import { call, tempDir } from './test-support.js';

describe('npm run server -- reset-admin', () => {
  const dir = tempDir('reset-admin');
  const data = `${dir.path}/data`;
  afterAll(() => dir.remove());

  it('gives a domain locked out by a leak report a new Admin token, printed once and audited', async () => {
    const { server, url, adminToken } = await startCli('src-server/cli.ts', ['--port', '0', '--data', data]);
    try {
      // The only Admin token is reported as leaked: the domain has no working Admin token left.
      const leaked = await fetch(url + apiPath('reportLeaks'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { token: adminToken, type: 'tokendesk_pt', url: 'https://example.test/x', source: 'content' },
        ]),
      });
      expect(((await leaked.json()) as { result: string }[]).map((r) => r.result)).toEqual(['revoked']);
      expect((await call(url + apiPath('getMe'), { token: adminToken })).status).toBe(401);

      const reset = run('src-server/cli.ts', ['reset-admin', '--data', data]);
      expect(await reset.exited).toBe(0);
      const lines = reset.stdout().trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Issued personal token "reset-admin-\d{14}" for Admin "admin" \(expires \S+\)\.$/);
      expect(lines.filter((line) => line.includes('tdk_'))).toHaveLength(1);
      const token = /^Admin token: (tdk_pt_\S+)$/m.exec(reset.stdout())![1]!;

      // The running server takes it at once.
      const me = await call<Me>(url + apiPath('getMe'), { token });
      expect(me.body).toMatchObject({ name: 'admin', roles: ['Admin'] });
      const audit = await call<AuditPage>(url + apiPath('listAuditEvents', { domain: 'default' }), { token });
      expect(audit.body.items[0]).toMatchObject({ action: 'personal_token.create', actor: 'reset-admin' });
      expect(JSON.stringify(audit.body)).not.toContain(token);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);

  it('never makes a new database, and says plainly when there is no such domain', async () => {
    const missing = run('src-server/cli.ts', ['reset-admin', '--data', `${dir.path}/nothing-here`]);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toContain('has no tokendesk.sqlite');
    const noDomain = run('src-server/cli.ts', ['reset-admin', '--data', data, '--domain', 'elsewhere']);
    expect(await noDomain.exited).toBe(1);
    expect(noDomain.stderr().trim()).toBe('tokendesk-server: There is no domain named "elsewhere".');
    expect(noDomain.stdout()).not.toContain('tdk_');
  }, 60_000);
});
