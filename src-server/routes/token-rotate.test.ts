import { describe, expect, it } from 'vitest';
import { RotatedToken } from '../../src-shared/api/tokens.js';
import { compactUtc } from '../store/rotated-name.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  createToken,
  expectError,
  listTokens,
  me,
  request,
  rotateToken,
  sharedAccount,
  tokenUrl,
} from '../token-test-support.js';

describe('POST …/tokens/{name}/rotate', () => {
  const t = useTestServer('token-rotate');

  it('grace 0: the new token takes the name and settings, the old one stops at once and leaves the list', async () => {
    const account = await sharedAccount(t, 'rotate_now', { roles: ['Deployment', 'Viewer'] });
    const expiresAt = new Date(t.clock.now() + 7 * 86_400_000).toISOString();
    const old = await createToken(t, account.id, { name: 'deploy', expiresAt, roles: ['Viewer'], maxRps: 7 });
    const reply = await request(t, 'POST', `${tokenUrl(t, 'domain', account.id, 'deploy')}/rotate`, {
      graceSeconds: 0,
    });
    expect(reply.status).toBe(201);
    const rotated = RotatedToken.parse(reply.body);
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.token).toMatchObject({ name: 'deploy', roles: ['Viewer'], expiresAt, maxRps: 7, status: 'ACTIVE' });
    expect(rotated.token.id).not.toBe(old.token.id);
    expect(rotated.previous).toMatchObject({
      id: old.token.id,
      name: 'deploy.rotated-20260301120000',
      replacedBy: rotated.token.id,
      expiresAt: new Date(t.clock.now()).toISOString(),
    });
    await expectError(me(t, `Bearer ${old.secret}`), 401, 'token_rotated');
    expect((await me(t, `Bearer ${rotated.secret}`)).status).toBe(200);
    expect((await listTokens(t, account.id)).map((tk) => tk.name)).toEqual(['deploy']);
    expect((await t.store.members.get(account.id))!.token_count).toBe(1);
  });

  it('with grace: the old token works until the grace ends, then 401 token_rotated, and drops out of the list', async () => {
    const account = await sharedAccount(t, 'rotate_grace');
    const old = await createToken(t, account.id, { name: 'service', expiresAt: null });
    const rotated = await rotateToken(t, account.id, 'service', 3600, { level: 'admin' });
    expect(rotated.token.expiresAt).toBeNull(); // unlimited stays unlimited
    const graceEnd = new Date(t.clock.now() + 3600_000).toISOString();
    expect(rotated.previous.expiresAt).toBe(graceEnd);
    expect((await me(t, `Bearer ${old.secret}`)).status).toBe(200);
    const listed = (await listTokens(t, account.id)).map((tk) => [tk.name, tk.replacedBy]);
    expect(listed.sort()).toEqual([
      ['service', null],
      [`service.rotated-${compactUtc(t.clock.now())}`, rotated.token.id],
    ]);

    t.clock.advance(3599_000);
    expect((await me(t, `Bearer ${old.secret}`)).status).toBe(200);
    t.clock.advance(1000);
    await expectError(me(t, `Bearer ${old.secret}`), 401, 'token_rotated');
    expect((await me(t, `Bearer ${rotated.secret}`)).status).toBe(200);
    expect((await listTokens(t, account.id)).map((tk) => tk.name)).toEqual(['service']);
    // The stored list summary catches up too (its next expiry was the grace end).
    const list = await request<{ items: { id: string; tokenCount: number; tokens: { name: string }[] }[] }>(
      t,
      'GET',
      `${t.url}/api/v1/domains/default/service-accounts?include=tokens&search=rotate_grace`,
    );
    expect(list.body.items[0]).toMatchObject({ tokenCount: 1, tokens: [{ name: 'service' }] });
  });

  it('the grace never outlives the old token’s own expiry; a long name is cut to 64 and kept unique', async () => {
    const account = await sharedAccount(t, 'rotate_names');
    const name = 'n'.repeat(64);
    const expiresAt = new Date(t.clock.now() + 60_000).toISOString();
    await createToken(t, account.id, { name, expiresAt });
    const first = await rotateToken(t, account.id, name, 86_400);
    expect(first.previous.expiresAt).toBe(expiresAt);
    const stamp = compactUtc(t.clock.now());
    expect(first.previous.name).toBe(`${'n'.repeat(41)}.rotated-${stamp}`);
    expect(first.previous.name.length).toBe(64);
    const second = await rotateToken(t, account.id, name, 86_400);
    expect(second.previous.name).toBe(`${'n'.repeat(39)}.rotated-${stamp}-2`);
    expect(second.previous.name.length).toBe(64);
  });

  it('refuses a rotated-out or expired token (409), an unknown one (404), and a grace over 30 days (400)', async () => {
    const account = await sharedAccount(t, 'rotate_refuse');
    await createToken(t, account.id, { name: 'current', expiresAt: null });
    const rotated = await rotateToken(t, account.id, 'current', 600);
    const rotate = (name: string, graceSeconds: number) =>
      request(t, 'POST', `${tokenUrl(t, 'domain', account.id, name)}/rotate`, { graceSeconds });
    await expectError(rotate(rotated.previous.name, 0), 409, 'conflict');
    await expectError(rotate('missing', 0), 404, 'not_found');
    await expectError(rotate('current', 30 * 86_400 + 1), 400, 'validation_failed');
    await createToken(t, account.id, { name: 'short-lived', expiresAt: new Date(t.clock.now() + 1000).toISOString() });
    t.clock.advance(1000);
    await expectError(rotate('short-lived', 0), 409, 'conflict');
    const audit = await t.store.sql.get(
      "SELECT count(*) AS n FROM audit_events WHERE action = 'token.rotate' AND target_name LIKE 'rotate_refuse/%'",
    );
    expect(audit).toEqual({ n: 1 });
  });
});
