import { beforeEach, describe, expect, it } from 'vitest';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { failure } from './test-support/failure.js';
import { findAtRest } from './test-support/secrets-at-rest.js';

describe('PersonalTokenService', () => {
  const env = useRigEnv('personal-tokens');
  let r: SyncRig;
  let id: string;

  const posts = () => env.api.requests.filter((q) => q.method === 'POST');

  beforeEach(async () => {
    r = await env.rig();
    id = await env.connect(r);
  });

  it('creates, lists, suspends and deletes; the secret is only in the answer', async () => {
    const created = await r.personalTokens.create(id, { name: 'laptop', expiresAt: null });
    expect(created.secret).toMatch(/^tdk_pt_/);
    expect(created.token).toMatchObject({ name: 'laptop', status: 'ACTIVE' });
    expect((await r.personalTokens.list(id)).items.map((t) => t.name)).toEqual(['laptop']);
    expect(await r.personalTokens.update(id, 'laptop', { status: 'SUSPENDED' })).toMatchObject({ status: 'SUSPENDED' });
    await r.personalTokens.remove(id, 'laptop');
    expect((await r.personalTokens.list(id)).items).toEqual([]);
    expect(findAtRest(r.dataDir, r.key, [created.secret])).toEqual([]);
  });

  it('a refusal comes back as the server said it, and is not sent again', async () => {
    await r.personalTokens.create(id, { name: 'laptop', expiresAt: null });
    expect(await failure(r.personalTokens.create(id, { name: 'laptop', expiresAt: null }))).toMatchObject({
      code: 'name_taken',
      status: 409,
    });
    expect(posts()).toHaveLength(2);
  });

  it('a create whose answer was lost is not sent again; the error says to check the list', async () => {
    env.api.dropNext(/^POST \/api\/v1\/auth\/personal-tokens$/);
    const error = await failure(r.personalTokens.create(id, { name: 'desk', expiresAt: null }));
    expect(error.code).toBe('network_unreachable');
    expect(error.message).toContain('“desk” may have been created');
    expect(posts()).toHaveLength(1);
    expect(env.api.personalTokens).toHaveLength(1);
  });

  it('PATCH is never retried; a missing token on the first DELETE is not_found', async () => {
    await r.personalTokens.create(id, { name: 'desk', expiresAt: null });
    env.api.dropNext(/^PATCH /);
    await failure(r.personalTokens.update(id, 'desk', { status: 'SUSPENDED' }));
    expect(env.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    expect(await failure(r.personalTokens.remove(id, 'nope'))).toMatchObject({ code: 'not_found' });
  });

  it('a retried DELETE that finds the token gone counts as done', async () => {
    await r.personalTokens.create(id, { name: 'desk', expiresAt: null });
    env.api.dropNext(/^DELETE /);
    await r.personalTokens.remove(id, 'desk');
    expect(env.api.personalTokens).toEqual([]);
    expect(env.api.requests.filter((q) => q.method === 'DELETE')).toHaveLength(2);
  });

  it('offline, the list is the copy kept when it was last read, with its age; never read, it says so', async () => {
    const listPath = /^GET \/api\/v1\/auth\/personal-tokens$/;
    env.api.dropNext(listPath, 4);
    const never = await failure(r.personalTokens.list(id));
    expect(never.code).toBe('network_unreachable');
    expect(never.message).toContain('have not been saved for offline use yet');

    await r.personalTokens.create(id, { name: 'laptop', expiresAt: null });
    const online = await r.personalTokens.list(id);
    expect(online).toMatchObject({ fromCache: false, items: [{ name: 'laptop' }] });
    const writes = r.pagesWritten();
    // Read again unchanged: nothing is written (its age in memory moves on).
    const again = await r.personalTokens.list(id);
    expect(r.pagesWritten()).toBe(writes);

    env.api.dropNext(listPath, 4);
    const offline = await r.personalTokens.list(id);
    expect(offline).toEqual({ items: online.items, asOf: again.asOf, fromCache: true });
  });

  it('a sync keeps the offline copy: the pages it trims to what the rights allow include the own tokens', async () => {
    await r.personalTokens.create(id, { name: 'laptop', expiresAt: null });
    await r.personalTokens.list(id);
    await r.sync.run(id, { full: true });
    env.api.dropNext(/^GET \/api\/v1\/auth\/personal-tokens$/, 4);
    expect(await r.personalTokens.list(id)).toMatchObject({ fromCache: true, items: [{ name: 'laptop' }] });
  });
});
