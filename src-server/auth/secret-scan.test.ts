import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import type { CreatedToken, RotatedToken } from '../../src-shared/api/tokens.js';
import { ADMIN_MEMBER, DEFAULT_DOMAIN, ADMINS_GROUP } from '../bootstrap.js';
import { DATABASE_FILE } from '../db/open.js';
import { digestOf } from '../store/digest.js';
import { startServer, type RunningServer } from '../server.js';
import { openStore, type Store } from '../store/store.js';
import { call, TestClock, tempDir } from '../test-support.js';

/**
 * Secrets leave the server once, in the answer that makes them. After a run that creates, rotates,
 * replays and uses tokens, no secret may be found in the SQLite file, its WAL, or the server's log.
 */
describe('secret scan of the database files and the server log', () => {
  const dir = tempDir('secret-scan');
  const clock = new TestClock();
  const log: string[] = [];
  let server: RunningServer;
  let store: Store;
  const secrets: string[] = [];
  const digests: string[] = [];

  const post = async <T>(path: string, body: unknown, headers: Record<string, string> = {}) => {
    const reply = await call<T>(server.url + path, {
      method: 'POST',
      token: server.adminToken!,
      body: JSON.stringify(body),
      contentType: 'application/json',
      headers,
    });
    return reply;
  };

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    server = await startServer({ dataDir: dir.path, port: 0, now: clock.now, log: true, logStream: stream });
    store = await openStore(dir.path, { now: clock.now });
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!;
    const account = await store.members.create({
      domainId: domain.id,
      type: 'SERVICE_ACCOUNT',
      name: 'scanned_bot',
      roles: ['Viewer'],
      groupIds: [admins.id],
      basicAuthEnabled: true,
      by: ADMIN_MEMBER,
    });

    for (let i = 0; i < 4; i++) {
      const body = { name: `token-${i}`, expiresAt: null, maxRps: 1 };
      const path =
        i % 2
          ? apiPath('adminListServiceAccountTokens', { id: account.id })
          : apiPath('listServiceAccountTokens', { domain: 'default', id: account.id });
      const created = await post<CreatedToken>(path, body, { 'idempotency-key': `scan-${i}` });
      expect(created.status).toBe(201);
      secrets.push(created.body.secret);
      expect((await post(path, body, { 'idempotency-key': `scan-${i}` })).status).toBe(409);
    }
    const legacy = await post<CreatedToken>(apiPath('deprecatedCreateServiceAccountToken'), {
      serviceAccountId: account.id,
      name: 'legacy',
      expiresAt: null,
    });
    secrets.push(legacy.body.secret);
    for (const [name, grace] of [
      ['token-0', 0],
      ['token-1', 3600],
      ['token-1', 60],
    ] as const) {
      const rotated = await post<RotatedToken>(
        apiPath('rotateServiceAccountToken', { domain: 'default', id: account.id, name }),
        {
          graceSeconds: grace,
        },
      );
      expect(rotated.status).toBe(201);
      secrets.push(rotated.body.secret);
    }
    // Use every secret: Bearer, Basic, twice (the second is over maxRps 1), and refused ones.
    for (const secret of secrets) {
      await call(server.url + apiPath('getMe'), { token: secret });
      await call(server.url + apiPath('getMe'), { token: secret });
      const basic = Buffer.from(`token-2:${secret}`).toString('base64');
      await call(server.url + apiPath('getMe'), { authorization: `Basic ${basic}` });
      clock.advance(61_000);
    }
    digests.push(...secrets.map(digestOf));
    await server.flushRequestLog(); // the queued request-log rows, before the scan reads the files
  });
  afterAll(async () => {
    await store.close();
    await server.close();
    dir.remove();
  });

  const contents = (file: string) => (existsSync(file) ? readFileSync(file).toString('latin1') : '');

  it('made a real run: 8 distinct secrets, each stored as its digest', async () => {
    expect(new Set(secrets).size).toBe(8);
    const db = contents(join(dir.path, DATABASE_FILE)) + contents(join(dir.path, `${DATABASE_FILE}-wal`));
    // The scan reads the right bytes: every digest is there, and the request log is written.
    for (const digest of digests) expect(db).toContain(digest);
    const logged = (await store.sql.get('SELECT count(*) AS n FROM request_logs')) as { n: number };
    expect(logged.n).toBeGreaterThanOrEqual(secrets.length * 2);
  });

  it('no secret in the SQLite file or its WAL', () => {
    const main = contents(join(dir.path, DATABASE_FILE));
    const wal = contents(join(dir.path, `${DATABASE_FILE}-wal`));
    expect(main.length + wal.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(main.includes(secret), 'main file').toBe(false);
      expect(wal.includes(secret), 'WAL').toBe(false);
      // Nor the random part alone, which is what identifies the token.
      expect(main.includes(secret.slice(7, 37)) || wal.includes(secret.slice(7, 37))).toBe(false);
    }
  });

  it('no secret in the server log, which did log the requests', () => {
    const text = log.join('');
    expect(text).toContain('/api/v1/me');
    expect(text).toContain('/rotate');
    for (const secret of secrets) expect(text.includes(secret.slice(7, 37)), 'log').toBe(false);
    expect(text).not.toMatch(/tdk_(sa|pt)_[0-9A-Za-z]{36}/);
  });
});
