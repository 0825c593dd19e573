import { beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.js';
import { serializeSnapshot } from './snapshot.js';
import { makeAccount } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { TokenService } from './tokens.js';
import { failure } from './test-support/failure.js';

const ACCOUNT = 'sa_000002';
const TOKENS_PATH = `/api/v1/domains/default/auth/service-accounts/${ACCOUNT}/tokens`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * TokenService over the real client, sync and encrypted cache, against the scripted HTTP server
 * (lost answers, timeouts, refusals). The same flows against the real server: test/integration.
 */
describe('TokenService', () => {
  const env = useRigEnv('tokens', (api) => {
    for (let i = 0; i < 4; i++) api.upsert(makeAccount(i, 2));
  });
  let r: SyncRig;
  let id: string;

  const posts = () => env.api.requests.filter((q) => q.method === 'POST');
  const keyOf = (q: { headers: Record<string, unknown> }) => q.headers['idempotency-key'];
  const listGets = () => env.api.log.filter((line) => line.startsWith('GET /api/v1/domains/default/service-accounts?'));
  const cached = () => r.sync.account(id, ACCOUNT)!;
  /** Everything the snapshot would write to disk, in plaintext. */
  const snapshotText = () => serializeSnapshot(r.sync.snapshot(id)!);
  const input = { name: 'deploy-bot', expiresAt: null, maxRps: null };

  beforeEach(async () => {
    r = await env.rig();
    id = await env.connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle' });
  });

  it('create: one POST to the domain endpoint with a fresh Idempotency-Key; the secret is returned, never cached', async () => {
    const listed = listGets().length;
    const created = await r.tokens.create(id, ACCOUNT, input);
    expect(created.secret).toMatch(/^tdk_sa_[0-9A-Za-z]{36}$/);
    expect(created.token).toMatchObject({ name: 'deploy-bot', status: 'ACTIVE' });
    expect(posts().map((q) => q.path)).toEqual([TOKENS_PATH]);
    expect(keyOf(posts()[0]!)).toMatch(UUID);

    // The snapshot follows without a sync: the account's row (tokenCount) and its tokens.
    expect(listGets()).toHaveLength(listed);
    expect(cached().tokenCount).toBe(3);
    expect(cached().tokens!.map((t) => t.name)).toEqual(['token-0', 'token-1', 'deploy-bot']);
    expect(snapshotText()).not.toContain(created.secret);
    expect(JSON.stringify(r.events)).not.toContain(created.secret);

    await r.tokens.create(id, ACCOUNT, { ...input, name: 'second' });
    expect(keyOf(posts()[1]!)).toMatch(UUID);
    expect(keyOf(posts()[1]!)).not.toBe(keyOf(posts()[0]!));
  });

  it('create whose answer was lost: the same request, same key, once more; the replay is secret_lost with the token', async () => {
    env.api.dropNext(/^POST .*\/tokens$/);
    const error = await failure(r.tokens.create(id, ACCOUNT, input));
    expect(error.code).toBe('secret_lost');
    expect(error.message).toBe(
      "The token “deploy-bot” was created, but the server's answer was lost on the way, so its secret can't be shown. Revoke it and create a new one.",
    );
    expect(error.details).toMatchObject({ token: { name: 'deploy-bot', status: 'ACTIVE' } });
    expect(posts()).toHaveLength(2);
    expect(keyOf(posts()[1]!)).toBe(keyOf(posts()[0]!));
    expect(JSON.stringify(posts()[1]!.headers)).toContain(String(keyOf(posts()[0]!)));
    // The server made exactly one token, and the app shows it, so the user can revoke it.
    expect(env.api.accounts.get(ACCOUNT)!.account.tokens!.filter((t) => t.name === 'deploy-bot')).toHaveLength(1);
    expect(cached().tokens!.map((t) => t.name)).toContain('deploy-bot');
  });

  it('create that never reached the server: the resend creates it and the secret is shown as usual', async () => {
    env.api.cutNext(/^POST .*\/tokens$/);
    const created = await r.tokens.create(id, ACCOUNT, input);
    expect(created.secret).toMatch(/^tdk_sa_/);
    expect(posts()).toHaveLength(2);
    expect(keyOf(posts()[1]!)).toBe(keyOf(posts()[0]!));
    expect(cached().tokenCount).toBe(3);
  });

  it('create lost twice: the network error is reported, and there is no third try', async () => {
    env.api.cutNext(/^POST .*\/tokens$/, 2);
    const error = await failure(r.tokens.create(id, ACCOUNT, input));
    expect(error.code).toBe('network_unreachable');
    expect(posts()).toHaveLength(2);
  });

  it('a timed-out create is resent with the same key too', async () => {
    const client = new ApiClient({ timeoutMs: 300, sleep: () => Promise.resolve() });
    const tokens = new TokenService({
      api: client,
      connections: r.connections,
      sync: r.sync,
      lostAnswerRetryDelayMs: 0,
    });
    env.api.stallNext(/^POST .*\/tokens$/);
    try {
      const error = await failure(tokens.create(id, ACCOUNT, input));
      expect(error.code).toBe('secret_lost');
      expect(posts()).toHaveLength(2);
      expect(keyOf(posts()[1]!)).toBe(keyOf(posts()[0]!));
    } finally {
      await client.close();
    }
  });

  it('any answer from the server is final: a POST is not retried on 503 or a refusal', async () => {
    env.api.failNext(1, 503, {
      match: /\/tokens$/,
      body: { error: { code: 'internal', message: 'Down for a moment' } },
    });
    const error = await failure(r.tokens.create(id, ACCOUNT, input));
    expect(error).toMatchObject({ code: 'internal', status: 503, message: 'Down for a moment' });
    expect(posts()).toHaveLength(1);

    await r.tokens.create(id, ACCOUNT, input);
    const taken = await failure(r.tokens.create(id, ACCOUNT, input));
    expect(taken).toMatchObject({ code: 'name_taken', status: 409 });
    expect(posts()).toHaveLength(3);
  });

  it('rotate: a new secret with the same name, the old one kept as previous; both in the snapshot, no secret', async () => {
    const rotated = await r.tokens.rotate(id, ACCOUNT, 'token-0', 3600);
    if (rotated.storedForConnection) throw new Error('another token was taken for the connection’s own');
    expect(rotated.secret).toMatch(/^tdk_sa_/);
    expect(rotated.token.name).toBe('token-0');
    expect(rotated.previous.replacedBy).toBe(rotated.token.id);
    expect(posts().map((q) => q.path)).toEqual([`${TOKENS_PATH}/token-0/rotate`]);
    expect(keyOf(posts()[0]!)).toMatch(UUID);
    expect(cached().tokens!.map((t) => t.name)).toEqual(['token-1', rotated.previous.name, 'token-0']);
    expect(snapshotText()).not.toContain(rotated.secret);
  });

  it('rotate whose answer was lost: resent with the same key; the replay is secret_lost', async () => {
    env.api.dropNext(/^POST .*\/rotate$/);
    const error = await failure(r.tokens.rotate(id, ACCOUNT, 'token-0', 0));
    expect(error.code).toBe('secret_lost');
    expect(error.message).toContain('“token-0” was rotated');
    expect(posts()).toHaveLength(2);
    expect(keyOf(posts()[1]!)).toBe(keyOf(posts()[0]!));
    expect(cached().tokens!.some((t) => t.name.startsWith('token-0.rotated-'))).toBe(true);
  });

  it('update (suspend) and delete change the cached tokens and the row', async () => {
    const suspended = await r.tokens.update(id, ACCOUNT, 'token-0', { status: 'SUSPENDED' });
    expect(suspended.status).toBe('SUSPENDED');
    expect(env.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    expect(cached().tokens!.find((t) => t.name === 'token-0')!.status).toBe('SUSPENDED');

    await r.tokens.remove(id, ACCOUNT, 'token-1');
    expect(cached().tokens!.map((t) => t.name)).toEqual(['token-0']);
    expect(cached().tokenCount).toBe(1);
    expect(cached().nextExpiry).toBeNull();
  });

  it('a refusal comes back in the server’s words and leaves the cache as it was', async () => {
    const before = snapshotText();
    const error = await failure(r.tokens.update(id, ACCOUNT, 'nope', { maxRps: 5 }));
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(snapshotText()).toBe(before);
  });

  it('when the re-read after a change fails, the change still succeeds and the next sync brings it', async () => {
    env.api.failNext(1, 500, { match: new RegExp(`/service-accounts/${ACCOUNT}$`) });
    const created = await r.tokens.create(id, ACCOUNT, input);
    expect(created.token.name).toBe('deploy-bot');
    expect(cached().tokenCount).toBe(2);
    await r.sync.run(id);
    expect(cached().tokenCount).toBe(3);
  });
});
