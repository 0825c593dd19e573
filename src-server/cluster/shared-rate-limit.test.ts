import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { startServer, type RunningServer } from '../server.js';
import { call, startTestServer, type TestServer } from '../test-support.js';
import { createToken, rotateToken, sharedAccount } from '../token-test-support.js';
import { testRedis } from './redis-test-support.js';

/**
 * Two server instances on one database (two processes' worth: two servers on one SQLite folder) and
 * one Redis: a token's max RPS is one cap across both, whichever instance each request reaches, and a
 * rotated token shares its bucket with its replacement there too. The test clock stands still.
 */
const redis = testRedis();

async function twoInstances(redisUrl: string | undefined): Promise<{ a: TestServer; b: RunningServer }> {
  const a = await startTestServer('shared-rate', redisUrl ? { redisUrl } : {});
  const b = await startServer({ dataDir: a.dataDir, port: 0, now: a.clock.now, ...(redisUrl ? { redisUrl } : {}) });
  return { a, b };
}

const me = async (url: string, secret: string) => (await call(url + apiPath('getMe'), { token: secret })).status;

// Skipped (one loud notice per run) without redis-server; under CI=true it fails instead.
describe.skipIf(redis.skip)('max RPS across two instances sharing Redis', () => {
  it('with maxRps 2, requests alternating between the instances get 2 through per second, not 4', async () => {
    const { a, b } = await twoInstances(redis.url());
    try {
      const account = await sharedAccount(a, 'shared_rps');
      const { secret } = await createToken(a, account.id, { name: 'shared', expiresAt: null, maxRps: 2 });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await me(i % 2 === 0 ? a.url : b.url, secret));
      expect(statuses).toEqual([200, 200, 429, 429]);
      a.clock.advance(1_000);
      expect([await me(b.url, secret), await me(a.url, secret), await me(b.url, secret)]).toEqual([200, 200, 429]);

      // A rotation's old and new secret, on different instances, still share one bucket.
      a.clock.advance(1_000);
      const next = await rotateToken(a, account.id, 'shared', 3600);
      expect([await me(a.url, secret), await me(b.url, next.secret), await me(b.url, secret)]).toEqual([200, 200, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('max RPS across two instances without a shared store (the SQLite default)', () => {
  it('each instance keeps its own buckets: this is why several instances need Redis or PostgreSQL', async () => {
    const { a, b } = await twoInstances(undefined);
    try {
      const account = await sharedAccount(a, 'local_rps');
      const { secret } = await createToken(a, account.id, { name: 'local', expiresAt: null, maxRps: 2 });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push(await me(i % 2 === 0 ? a.url : b.url, secret));
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
