import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LeakReportResults, LookupResults, RevokeLeakedResults } from '../../src-shared/api/leaks.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { generateToken } from '../../src-shared/token-format.js';
import { LEAK_REPORTS_PER_SECOND } from './leaks.js';
import { addGroup, addHumanWithToken, addServiceAccount, call, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, listTokens, me, request, sharedAccount, tokenUrl } from '../token-test-support.js';

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** The same token with its last checksum character changed: a near miss. */
const nearMiss = (secret: string) => secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

function report(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url + apiPath('reportLeaks'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  }));
}

describe('POST /api/v1/leaks', () => {
  const t = useTestServer('leaks');

  it('revokes every live token reported, at once and for good; the rest say why not', async () => {
    const account = await sharedAccount(t, 'leaky_bot');
    const live = await createToken(t, account.id, { name: 'live', expiresAt: null });
    const sleeping = await createToken(t, account.id, { name: 'sleeping', expiresAt: null });
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'sleeping'), { status: 'SUSPENDED' });
    const earlier = await createToken(t, account.id, { name: 'earlier', expiresAt: null });
    const person = await addHumanWithToken(t, { name: 'lee.leaky', roles: ['Viewer'] });
    expect((await report(t.url, [{ token: earlier.secret }])).body).toEqual([
      { token_hint: earlier.token.hint, result: 'revoked' },
    ]);

    const unknown = generateToken('serviceAccount');
    const items = [
      {
        token: live.secret,
        type: 'tokendesk_sa',
        url: 'https://github.com/acme/app/blob/main/.env#L3',
        source: 'content',
      },
      { token: sleeping.secret, type: 'tokendesk_sa', url: 'https://example.test/paste', source: 'paste' },
      { token: earlier.secret, type: 'tokendesk_sa', url: 'https://example.test/again', source: 'content' },
      { token: unknown, type: 'tokendesk_sa', url: 'https://example.test/x', source: 'content' },
      { token: 'hello world', type: 'tokendesk_sa', url: 'https://example.test/y', source: 'content' },
      { token: nearMiss(live.secret), type: 'tokendesk_sa', url: 'https://example.test/z', source: 'content' },
      {
        token: person.token,
        type: 'tokendesk_pt',
        url: '<a href="javascript:alert(1)">x</a>\u202e\n',
        source: 'x'.repeat(900),
      },
      { token: live.secret, type: 'tokendesk_sa', url: 'https://example.test/dup', source: 'content' },
    ];
    t.clock.advance(1000);
    const answer = await report(t.url, items);
    expect(answer.status).toBe(200);
    expect(LeakReportResults.parse(answer.body)).toEqual([
      { token_hint: live.token.hint, result: 'revoked' },
      { token_hint: sleeping.token.hint, result: 'revoked' },
      { token_hint: earlier.token.hint, result: 'already_revoked' },
      { token_hint: `${unknown.slice(0, 7)}…${unknown.slice(-4)}`, result: 'unknown' },
      // Whether a string that fails its checksum was close to a real token is never told, not even by a hint.
      { token_hint: '…', result: 'malformed' },
      { token_hint: '…', result: 'malformed' },
      { token_hint: `${person.token.slice(0, 7)}…${person.token.slice(-4)}`, result: 'revoked' },
      { token_hint: live.token.hint, result: 'already_revoked' },
    ]);

    for (const secret of [live.secret, sleeping.secret, person.token]) {
      const refused = await expectError(me(t, `Bearer ${secret}`), 401, 'token_leaked');
      expect(refused.error.message).toContain('reported as leaked');
    }
    const listed = Object.fromEntries((await listTokens(t, account.id)).map((token) => [token.name, token]));
    expect(listed.live).toMatchObject({
      status: 'REVOKED_LEAKED',
      leak: { reportedBy: 'leak report', source: 'content', url: 'https://github.com/acme/app/blob/main/.env#L3' },
    });
    expect(listed.sleeping!.status).toBe('REVOKED_LEAKED');

    // Final: no reactivation, no rotation, no new expiry; deleting is still allowed.
    for (const [method, path, body] of [
      ['PATCH', '', { status: 'ACTIVE' }],
      ['PATCH', '', { expiresAt: t.clock.inDays(1) }],
      ['POST', '/rotate', { graceSeconds: 0 }],
    ] as const) {
      await expectError(request(t, method, tokenUrl(t, 'domain', account.id, 'live') + path, body), 409, 'conflict');
    }

    // Audited as the report, with url and source as plain text, capped.
    const events = (await t.store.audit.list(t.domain.id, 50)).filter((e) => e.action.endsWith('.revoke_leaked'));
    expect(events.map((e) => [e.action, e.actor, e.resourceName])).toEqual(
      expect.arrayContaining([
        ['token.revoke_leaked', 'leak report', 'leaky_bot/live'],
        ['personal_token.revoke_leaked', 'leak report', 'lee.leaky/personal'],
      ]),
    );
    const personal = events.find((e) => e.action === 'personal_token.revoke_leaked')!;
    const leak = (personal.after as { leak: { url: string; source: string } }).leak;
    expect(leak.url).toBe('<a href="javascript:alert(1)">x</a>');
    expect(leak.source).toHaveLength(200);
    for (const event of events) {
      for (const secret of [live.secret, sleeping.secret, person.token])
        expect(JSON.stringify(event)).not.toContain(secret);
    }
  });

  it('takes a bare array of at most 100 items, each in the partner shape', async () => {
    const many = Array.from({ length: 101 }, () => ({ token: 'x' }));
    for (const [body, code] of [
      [{ token: 'x' }, 'validation_failed'],
      [[], 'validation_failed'],
      [many, 'validation_failed'],
      [[{ token: 'x', secret: 'y' }], 'unknown_fields'],
    ] as const) {
      t.clock.advance(1000); // past the rate limit, which this test is not about
      await expectError(report(t.url, body), 400, code);
    }
  });
});

describe('POST /api/v1/leaks rate limit', () => {
  const t = useTestServer('leaks-rate', { trustProxy: ['127.0.0.1'] });

  it('limits reports per client address, across the X-Forwarded-For of a trusted proxy', async () => {
    const body = [{ token: 'not a token' }];
    for (let i = 0; i < LEAK_REPORTS_PER_SECOND; i++) {
      expect((await report(t.url, body, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    }
    const limited = await report(t.url, body, { 'x-forwarded-for': '203.0.113.7' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((limited.body as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another client behind the same proxy has its own allowance.
    expect((await report(t.url, body, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    // A second later the first may report again.
    t.clock.advance(1000);
    expect((await report(t.url, body, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  });
});

describe('POST /api/v1/leaks without a trusted proxy', () => {
  const t = useTestServer('leaks-direct');

  it('ignores X-Forwarded-For from anyone not named: the connection’s address is the client', async () => {
    const body = [{ token: 'not a token' }];
    for (let i = 0; i < LEAK_REPORTS_PER_SECOND; i++) {
      expect((await report(t.url, body, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    }
    expect((await report(t.url, body, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });
});

describe('revoke-leaked and lookup by digest', () => {
  const t = useTestServer('leaks-digest');
  const revokeUrl = () => t.url + apiPath('revokeLeakedTokens', { domain: 'default' });
  const lookupUrl = () => t.url + apiPath('lookupTokens', { domain: 'default' });

  it('finds and revokes only tokens the caller manages; the audit names the caller and the source', async () => {
    const ours = await sharedAccount(t, 'our_bot');
    const theirs = await addServiceAccount(t, { name: 'their_bot', groupIds: [await addGroup(t, 'theirs')] });
    const live = await createToken(t, ours.id, { name: 'live', expiresAt: null });
    const gone = await createToken(t, ours.id, { name: 'gone', expiresAt: null });
    await request(t, 'DELETE', tokenUrl(t, 'domain', ours.id, 'gone'));
    const foreign = await t.store.tokens.create({
      memberId: theirs.id,
      kind: 'sa',
      name: 'foreign',
      roles: ['Viewer'],
      expiresAt: null,
      by: 'admin',
    });
    const deployer = await addHumanWithToken(t, {
      name: 'dot.deploy',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    const stranger = generateToken('serviceAccount');
    const digests = [live.secret, gone.secret, foreign.secret, stranger, t.adminToken, deployer.token].map(digest);

    const looked = LookupResults.parse((await send(lookupUrl(), 'POST', deployer.token, { digests })).body).items;
    expect(looked.map((item) => item.state)).toEqual(['live', 'deleted', 'unknown', 'unknown', 'unknown', 'live']);
    expect(looked[0]).toMatchObject({ kind: 'serviceAccount', accountName: 'our_bot', token: { name: 'live' } });
    expect(looked[5]).toMatchObject({ kind: 'personal', accountName: 'dot.deploy', token: { name: 'personal' } });
    expect(JSON.stringify(looked)).not.toContain(foreign.row.name);

    const viewer = await addHumanWithToken(t, { name: 'vi.viewer', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    await expectError(send(lookupUrl(), 'POST', viewer.token, { digests }), 403, 'forbidden');
    await expectError(send(revokeUrl(), 'POST', viewer.token, { digests }), 403, 'forbidden');

    const revoked = await send(revokeUrl(), 'POST', deployer.token, {
      digests: digests.slice(0, 4),
      source: '/home/dot/src/app/.env',
    });
    expect(revoked.status).toBe(200);
    expect(RevokeLeakedResults.parse(revoked.body).items.map((item) => item.result)).toEqual([
      'revoked',
      'already_revoked',
      'unknown',
      'unknown',
    ]);
    await expectError(me(t, `Bearer ${live.secret}`), 401, 'token_leaked');
    expect((await me(t, `Bearer ${foreign.secret}`)).status).toBe(200);
    const listed = (await listTokens(t, ours.id)).find((token) => token.name === 'live') as TokenMeta;
    expect(listed.leak).toMatchObject({ reportedBy: 'dot.deploy', source: '/home/dot/src/app/.env', url: null });
    const [event] = (await t.store.audit.list(t.domain.id, 5)).filter((e) => e.action === 'token.revoke_leaked');
    expect(event).toMatchObject({ actor: 'dot.deploy', resourceName: 'our_bot/live' });

    // Looked up again, it is revoked.
    const again = LookupResults.parse(
      (await send(lookupUrl(), 'POST', deployer.token, { digests: [digest(live.secret)] })).body,
    );
    expect(again.items[0]).toMatchObject({ state: 'revoked', token: { status: 'REVOKED_LEAKED' } });
  });

  it('takes up to 1,000 digests (a body over the default limit), each a SHA-256 in hex, once', async () => {
    const hex = (i: number) => digest(`token ${i}`);
    const thousand = Array.from({ length: 1000 }, (_, i) => hex(i));
    const reply = await send(lookupUrl(), 'POST', t.adminToken, { digests: thousand });
    expect(reply.status).toBe(200);
    expect(LookupResults.parse(reply.body).items).toHaveLength(1000);
    await expectError(
      send(lookupUrl(), 'POST', t.adminToken, { digests: [...thousand, hex(1000)] }),
      400,
      'validation_failed',
    );
    await expectError(send(lookupUrl(), 'POST', t.adminToken, { digests: [hex(1), hex(1)] }), 400, 'validation_failed');
    await expectError(send(lookupUrl(), 'POST', t.adminToken, { digests: ['ABC'] }), 400, 'validation_failed');
    const huge = await call(lookupUrl(), {
      method: 'POST',
      token: t.adminToken,
      contentType: 'application/json',
      body: JSON.stringify({ digests: thousand.concat(thousand) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).toContain(`${128 * 1024} bytes`);
  });
});
