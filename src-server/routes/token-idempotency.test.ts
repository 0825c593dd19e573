import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { IdempotentReplayDetails } from '../../src-shared/api/tokens.js';
import { type TestServer } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  createToken,
  expectError,
  request,
  rotateToken,
  sharedAccount,
  tokensUrl,
  tokenUrl,
} from '../token-test-support.js';

const tokenRows = async (t: TestServer, memberId: string) =>
  (await t.store.sql.get('SELECT count(*) AS n FROM tokens WHERE member_id = ?', [memberId])) as { n: number };

describe('Idempotency-Key on token create and rotate', () => {
  const t = useTestServer('token-idempotency');

  it('a replay with the same key is 409 idempotent_replay with the metadata, no secret, and no second token', async () => {
    const account = await sharedAccount(t, 'idem_bot');
    const body = { name: 'pipeline', expiresAt: null, maxRps: 10 };
    const first = await createToken(t, account.id, body, { idempotencyKey: 'key-0001' });
    const replay = request(t, 'POST', tokensUrl(t, 'domain', account.id), body, { idempotencyKey: 'key-0001' });
    const error = await expectError(replay, 409, 'idempotent_replay');
    expect(error.error.message).toMatch(/already created/);
    expect(error.error.message).toMatch(/cannot be shown again/);
    const details = IdempotentReplayDetails.strict().parse(error.error.details);
    expect(details.token).toEqual(first.token);
    const text = JSON.stringify((await replay).body);
    expect(text).not.toContain(first.secret);
    expect(text).not.toMatch(/"secret"/);
    expect(text).not.toMatch(/tdk_sa_[0-9A-Za-z]{36}/);
    expect((await tokenRows(t, account.id)).n).toBe(1);

    const stored = await t.store.sql.all('SELECT response, request_hash, path FROM idempotency_keys');
    expect(JSON.stringify(stored)).not.toContain(first.secret);
  });

  it('the same key with a different body is 422, and makes nothing', async () => {
    const account = await sharedAccount(t, 'idem_diff');
    await createToken(t, account.id, { name: 'one-token', expiresAt: null }, { idempotencyKey: 'key-0002' });
    await expectError(
      request(
        t,
        'POST',
        tokensUrl(t, 'domain', account.id),
        { name: 'two-token', expiresAt: null },
        { idempotencyKey: 'key-0002' },
      ),
      422,
      'unprocessable',
    );
    // Same body at the other level is another request too.
    await expectError(
      request(
        t,
        'POST',
        tokensUrl(t, 'admin', account.id),
        { name: 'one-token', expiresAt: null },
        { idempotencyKey: 'key-0002' },
      ),
      422,
      'unprocessable',
    );
    expect((await tokenRows(t, account.id)).n).toBe(1);
  });

  it('field order does not matter; without a key, or with a new key, a repeat is a new request', async () => {
    const account = await sharedAccount(t, 'idem_order');
    const url = tokensUrl(t, 'domain', account.id);
    await createToken(t, account.id, { name: 'ordered', expiresAt: null, maxRps: 2 }, { idempotencyKey: 'key-0003' });
    const reordered = request(
      t,
      'POST',
      url,
      { maxRps: 2, expiresAt: null, name: 'ordered' },
      { idempotencyKey: 'key-0003' },
    );
    await expectError(reordered, 409, 'idempotent_replay');
    await expectError(request(t, 'POST', url, { name: 'ordered', expiresAt: null, maxRps: 2 }), 409, 'name_taken');
  });

  it('keys expire after 24 hours', async () => {
    const account = await sharedAccount(t, 'idem_expiry');
    await createToken(t, account.id, { name: 'day-one', expiresAt: null }, { idempotencyKey: 'key-0004' });
    t.clock.advance(24 * 3600 * 1000 + 1);
    await createToken(t, account.id, { name: 'day-two', expiresAt: null }, { idempotencyKey: 'key-0004' });
    expect((await tokenRows(t, account.id)).n).toBe(2);
  });

  it('covers rotate and the deprecated create as well', async () => {
    const account = await sharedAccount(t, 'idem_rotate');
    await createToken(t, account.id, { name: 'rolling', expiresAt: null });
    const rotated = await rotateToken(t, account.id, 'rolling', 60, { idempotencyKey: 'key-0005' });
    const replay = request(
      t,
      'POST',
      `${tokenUrl(t, 'domain', account.id, 'rolling')}/rotate`,
      { graceSeconds: 60 },
      {
        idempotencyKey: 'key-0005',
      },
    );
    const error = await expectError(replay, 409, 'idempotent_replay');
    expect(IdempotentReplayDetails.parse(error.error.details).token.id).toBe(rotated.token.id);
    expect(JSON.stringify((await replay).body)).not.toContain(rotated.secret);
    expect((await tokenRows(t, account.id)).n).toBe(2);

    const body = { serviceAccountId: account.id, name: 'legacy', expiresAt: null };
    const first = await request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), body, {
      idempotencyKey: 'key-0006',
    });
    expect(first.status).toBe(201);
    await expectError(
      request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), body, { idempotencyKey: 'key-0006' }),
      409,
      'idempotent_replay',
    );
    expect((await tokenRows(t, account.id)).n).toBe(3);
  });

  it('refuses a malformed key with 400', async () => {
    const account = await sharedAccount(t, 'idem_bad');
    const long = 'k'.repeat(256);
    await expectError(
      request(
        t,
        'POST',
        tokensUrl(t, 'domain', account.id),
        { name: 'bad-key', expiresAt: null },
        { idempotencyKey: long },
      ),
      400,
      'validation_failed',
    );
    expect((await tokenRows(t, account.id)).n).toBe(0);
  });
});
