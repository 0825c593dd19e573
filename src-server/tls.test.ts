import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { makeCa, makeKey, makeServerCert } from '../test/tls/certificates.js';
import { run, startCli } from './cli-test-support.js';
import { tempDir } from './test-support.js';

/** A throwaway CA, a server certificate it signed (for 127.0.0.1 and localhost), and a stray key. */
async function makeCertificates(dir: string): Promise<void> {
  await makeCa(dir, 'ca');
  await makeServerCert(dir, 'server', 'ca');
  // A second key, for a certificate and key that do not belong together.
  await makeKey(dir, 'other');
}

/** A GET over HTTPS trusting only `ca` (or, without it, Node's default store). */
function httpsGet(url: string, options: { ca?: Buffer; token?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ...(options.ca ? { ca: options.ca } : {}),
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('--tls-cert / --tls-key: HTTPS on the server itself', () => {
  const dir = tempDir('tls');
  const file = (name: string) => join(dir.path, name);
  beforeAll(() => makeCertificates(dir.path), 60_000);
  afterAll(() => dir.remove());

  it('serves HTTPS to a client trusting the CA; plain HTTP and a client without the CA are refused', async () => {
    const { server, url, adminToken } = await startCli('src-server/cli.ts', [
      '--port',
      '0',
      '--data',
      file('data'),
      '--tls-cert',
      file('server.crt'),
      '--tls-key',
      file('server.key'),
    ]);
    try {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(file('ca.crt'));
      const me = await httpsGet(url + apiPath('getMe'), { ca, token: adminToken });
      expect(me.status).toBe(200);
      expect(JSON.parse(me.body)).toMatchObject({ name: 'admin' });

      await expect(httpsGet(url + apiPath('getHealth'), {})).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      const plain = await fetch(url.replace('https:', 'http:') + apiPath('getHealth')).then(
        (response) => response.status,
        (error: unknown) => error,
      );
      expect(plain).toBeInstanceOf(Error);
      // The server is still healthy after both refusals.
      expect((await httpsGet(url + apiPath('getHealth'), { ca })).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  }, 60_000);

  it.each([
    ['only --tls-cert', () => ['--tls-cert', file('server.crt')], /--tls-cert needs --tls-key too\./],
    ['only --tls-key', () => ['--tls-key', file('server.key')], /--tls-key needs --tls-cert too\./],
    [
      'an unreadable certificate',
      () => ['--tls-cert', file('missing.crt'), '--tls-key', file('server.key')],
      /--tls-cert .*missing\.crt cannot be read \(ENOENT\)\./,
    ],
    [
      'a key that is not the certificate’s',
      () => ['--tls-cert', file('server.crt'), '--tls-key', file('other.key')],
      /not a usable certificate and key/,
    ],
  ])(
    '%s: one line on stderr, exit 2',
    async (_what, args, message) => {
      const bad = run('src-server/cli.ts', ['--port', '0', '--data', file('never'), ...args()]);
      expect(await bad.exited).toBe(2);
      const err = bad.stderr().trimEnd();
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toMatch(/^tokendesk-server: .+ Run with --help for usage\.$/);
      expect(err).toMatch(message);
    },
    30_000,
  );
});
