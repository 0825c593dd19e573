import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import { ROLE_NAMES } from '../../src-shared/roles.js';
import { describe, expect, it } from 'vitest';
import type { PersonalTokenList } from '../../src-shared/api/personal-tokens.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { CreatedToken, IdempotentReplayDetails, MAX_GRACE_SECONDS, RotatedToken } from '../../src-shared/api/tokens.js';
import { compactUtc } from '../store/rotated-name.js';
import { addHumanWithToken, call, databaseFingerprint, send, type TestServer } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, me, request, sharedAccount } from '../token-test-support.js';

const listUrl = (t: TestServer) => t.url + apiPath('listPersonalTokens');
const rotateUrl = (t: TestServer, name: string) => t.url + apiPath('rotatePersonalToken', { name });

async function createPersonal(
  t: TestServer,
  name: string,
  expiresAt: string | null = t.clock.inDays(365),
  token = t.adminToken,
) {
  const reply = await send<CreatedToken>(listUrl(t), 'POST', token, { name, expiresAt });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return CreatedToken.parse(reply.body);
}

async function listNames(t: TestServer, token = t.adminToken): Promise<string[]> {
  const reply = await call<PersonalTokenList>(listUrl(t), { token });
  expect(reply.status).toBe(200);
  return reply.body.items.map((item) => item.name).sort();
}

const rotationCount = async (t: TestServer) =>
  await t.store.sql.value("SELECT count(*) FROM audit_events WHERE action = 'personal_token.rotate'");

describe('POST /api/v1/auth/personal-tokens/{name}/rotate', () => {
  const t = useTestServer('personal-token-rotate');

  it('grace 0: the new token takes the name and expiry, the old one stops at once; audited without the secret', async () => {
    const expiresAt = new Date(t.clock.now() + 7 * 86_400_000).toISOString();
    const old = await createPersonal(t, 'laptop-cli', expiresAt);
    const reply = await request(t, 'POST', rotateUrl(t, 'laptop-cli'), { graceSeconds: 0 });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.headers.get('location')).toBe(apiPath('updatePersonalToken', { name: 'laptop-cli' }));
    const rotated = RotatedToken.parse(reply.body);
    expect(rotated.secret).toMatch(/^tdk_pt_/);
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.token).toMatchObject({ name: 'laptop-cli', expiresAt, status: 'ACTIVE', roles: ['Admin'] });
    expect(rotated.token.id).not.toBe(old.token.id);
    expect(rotated.previous).toMatchObject({
      id: old.token.id,
      name: `laptop-cli.rotated-${compactUtc(t.clock.now())}`,
      replacedBy: rotated.token.id,
      expiresAt: new Date(t.clock.now()).toISOString(),
    });
    await expectError(me(t, `Bearer ${old.secret}`), 401, 'token_rotated');
    expect((await me(t, `Bearer ${rotated.secret}`)).status).toBe(200);
    expect(await listNames(t)).not.toContain(rotated.previous.name);
    expect(await listNames(t)).toContain('laptop-cli');

    const rows = await t.store.sql.all<{ details: string }>(
      "SELECT action, details FROM audit_events WHERE action = 'personal_token.rotate'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toContain('laptop-cli');
    expect(rows[0]!.details).not.toContain(rotated.secret);
    expect(rows[0]!.details).not.toContain(old.secret);
  });

  it('with grace: the old secret works until the grace ends, then answers 401 token_rotated', async () => {
    // Unlimited Admin tokens are refused by the default policy; this domain allows them.
    const policy = { ...DEFAULT_TOKEN_POLICY, neverExpiring: { allowedFor: [...ROLE_NAMES] } };
    await t.store.policies.set(t.domain.id, policy, 'admin');
    const old = await createPersonal(t, 'ci-runner', null);
    const reply = await request<RotatedToken>(t, 'POST', rotateUrl(t, 'ci-runner'), { graceSeconds: 600 });
    expect(reply.status).toBe(201);
    expect(reply.body.token.expiresAt).toBeNull(); // unlimited stays unlimited
    expect(reply.body.previous.expiresAt).toBe(new Date(t.clock.now() + 600_000).toISOString());
    expect((await me(t, `Bearer ${old.secret}`)).status).toBe(200);
    expect(await listNames(t)).toEqual(expect.arrayContaining(['ci-runner', reply.body.previous.name]));

    t.clock.advance(599_000);
    expect((await me(t, `Bearer ${old.secret}`)).status).toBe(200);
    t.clock.advance(1_000);
    await expectError(me(t, `Bearer ${old.secret}`), 401, 'token_rotated');
    expect((await me(t, `Bearer ${reply.body.secret}`)).status).toBe(200);
    expect(await listNames(t)).not.toContain(reply.body.previous.name);
  });

  it('the connection’s own token can rotate itself: the new secret carries on, the old one stops after its grace', async () => {
    const person = await addHumanWithToken(t, { name: 'rita', roles: ['Viewer'] });
    const reply = await send<RotatedToken>(rotateUrl(t, 'personal'), 'POST', person.token, { graceSeconds: 0 });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await expectError(me(t, `Bearer ${person.token}`), 401, 'token_rotated');
    expect((await me(t, `Bearer ${reply.body.secret}`)).status).toBe(200);
    expect(await listNames(t, reply.body.secret)).toEqual(['personal']);
  });

  it('only the owner rotates: another person’s token is 404 to them, and a service-account token is 403', async () => {
    await createPersonal(t, 'admins-own');
    const other = await addHumanWithToken(t, { name: 'otto', roles: ['Admin'], groupIds: [t.adminsGroupId] });
    await call(t.url + apiPath('getMe'), { token: other.token }); // its first use is recorded before the fingerprint
    const before = await databaseFingerprint(t.store);
    await expectError(send(rotateUrl(t, 'admins-own'), 'POST', other.token, { graceSeconds: 0 }), 404, 'not_found');
    expect(await databaseFingerprint(t.store)).toEqual(before);

    // A service-account token's requests are logged, so only the token and audit rows are compared here.
    const account = await sharedAccount(t, 'rotate_probe', { roles: ['Admin'] });
    const robot = await createToken(t, account.id, { name: 'probe', expiresAt: t.clock.inDays(365) });
    const { counts } = await databaseFingerprint(t.store);
    await expectError(send(rotateUrl(t, 'probe'), 'POST', robot.secret, { graceSeconds: 0 }), 403, 'forbidden');
    const after = (await databaseFingerprint(t.store)).counts;
    expect([after.tokens, after.audit_events]).toEqual([counts.tokens, counts.audit_events]);
    expect(await listNames(t)).toContain('admins-own');
  });

  it('grace bounds: 0 to 30 days, whole seconds; anything else is 400 and writes nothing', async () => {
    await createPersonal(t, 'bounds-token');
    const before = await databaseFingerprint(t.store);
    for (const graceSeconds of [-1, MAX_GRACE_SECONDS + 1, 1.5, '60']) {
      await expectError(request(t, 'POST', rotateUrl(t, 'bounds-token'), { graceSeconds }), 400, 'validation_failed');
    }
    await expectError(request(t, 'POST', rotateUrl(t, 'bounds-token'), {}), 400, 'validation_failed');
    await expectError(
      request(t, 'POST', rotateUrl(t, 'bounds-token'), { graceSeconds: 0, extra: true }),
      400,
      'unknown_fields',
    );
    expect(await databaseFingerprint(t.store)).toEqual(before);
    const longest = await request<RotatedToken>(t, 'POST', rotateUrl(t, 'bounds-token'), {
      graceSeconds: MAX_GRACE_SECONDS,
    });
    expect(longest.status).toBe(201);
    expect(longest.body.previous.expiresAt).toBe(new Date(t.clock.now() + MAX_GRACE_SECONDS * 1000).toISOString());
  });

  it('refuses a rotated-out token and an expired one (409) and an unknown name (404)', async () => {
    await createPersonal(t, 'twice');
    const first = await request<RotatedToken>(t, 'POST', rotateUrl(t, 'twice'), { graceSeconds: 300 });
    expect(first.status).toBe(201);
    const audits = await rotationCount(t);
    await expectError(request(t, 'POST', rotateUrl(t, first.body.previous.name), { graceSeconds: 0 }), 409, 'conflict');
    await expectError(request(t, 'POST', rotateUrl(t, 'no-such-token'), { graceSeconds: 0 }), 404, 'not_found');
    await createPersonal(t, 'short-lived', new Date(t.clock.now() + 1000).toISOString());
    t.clock.advance(1000);
    await expectError(request(t, 'POST', rotateUrl(t, 'short-lived'), { graceSeconds: 0 }), 409, 'conflict');
    expect(await rotationCount(t)).toBe(audits);
  });

  it('Idempotency-Key: a replay answers 409 idempotent_replay with the same token and no secret, and rotates nothing', async () => {
    await createPersonal(t, 'keyed');
    const key = { idempotencyKey: 'pt-rotate-0001' };
    const first = await request<RotatedToken>(t, 'POST', rotateUrl(t, 'keyed'), { graceSeconds: 60 }, key);
    expect(first.status).toBe(201);
    const tokens = await t.store.sql.value('SELECT count(*) FROM tokens');
    const audits = await rotationCount(t);

    const replies = [];
    for (let i = 0; i < 2; i++) {
      const replay = await request(t, 'POST', rotateUrl(t, 'keyed'), { graceSeconds: 60 }, key);
      const error = await expectError(replay, 409, 'idempotent_replay');
      expect(IdempotentReplayDetails.strict().parse(error.error.details).token).toEqual(first.body.token);
      expect(JSON.stringify(replay.body)).not.toContain(first.body.secret);
      expect(JSON.stringify(replay.body)).not.toMatch(/"secret"/);
      replies.push(replay.body);
    }
    expect(replies[1]).toEqual(replies[0]);
    expect(await t.store.sql.value('SELECT count(*) FROM tokens')).toBe(tokens);
    expect(await rotationCount(t)).toBe(audits);
    expect((await me(t, `Bearer ${first.body.secret}`)).status).toBe(200);

    // The same key with another request is 422; the stored answer never holds the secret.
    await expectError(request(t, 'POST', rotateUrl(t, 'keyed'), { graceSeconds: 0 }, key), 422, 'unprocessable');
    const stored = (await t.store.sql.column('SELECT response FROM idempotency_keys')).join('\n');
    expect(stored).not.toContain(first.body.secret);
  });
});
