import { describe, expect, it } from 'vitest';
import { CreatedToken } from '../../src-shared/api/tokens.js';
import { checkToken } from '../../src-shared/token-format.js';
import { digestOf } from '../store/digest.js';
import { addHumanWithToken } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, listTokens, me, request, sharedAccount, tokensUrl } from '../token-test-support.js';

describe('POST …/service-accounts/{id}/tokens', () => {
  const t = useTestServer('token-create');

  it('answers 201 with the secret once, stores only its SHA-256 digest, and the token works', async () => {
    const account = await sharedAccount(t, 'create_bot', { roles: ['Deployment', 'Viewer'] });
    const seqBefore = (await t.store.members.get(account.id))!.seq;
    const expiresAt = new Date(t.clock.now() + 86_400_000).toISOString();
    const reply = await request(t, 'POST', tokensUrl(t, 'domain', account.id), {
      name: 'ci-deploy',
      expiresAt,
      maxRps: 5,
    });
    expect(reply.status).toBe(201);
    const created = CreatedToken.parse(reply.body);
    expect(checkToken(created.secret)).toMatchObject({ ok: true });
    expect(created.secret.startsWith('tdk_sa_')).toBe(true);
    expect(created.token).toMatchObject({
      name: 'ci-deploy',
      status: 'ACTIVE',
      expiresAt,
      roles: ['Deployment', 'Viewer'],
      maxRps: 5,
      createdBy: 'admin',
      replacedBy: null,
      hint: `tdk_sa_…${created.secret.slice(-4)}`,
    });
    expect(reply.headers.get('location')).toBe(
      `/api/v1/domains/default/auth/service-accounts/${account.id}/tokens/ci-deploy`,
    );

    const row = (await t.store.tokens.get(created.token.id))!;
    expect(row.digest).toBe(digestOf(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const summary = (await t.store.members.get(account.id))!;
    expect(summary.seq).toBeGreaterThan(seqBefore);
    expect(summary.token_count).toBe(1);
    expect(summary.next_expiry).toBe(expiresAt);

    const audit = await t.store.sql.all<{ target_id: string; details: string }>(
      "SELECT action, target_id, details FROM audit_events WHERE action = 'token.create'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target_id).toBe(created.token.id);
    expect(audit[0]!.details).not.toContain(created.secret);

    expect((await me(t, `Bearer ${created.secret}`)).status).toBe(200);
  });

  it('works at the admin level too; roles left out are all the account’s; expiresAt null is unlimited', async () => {
    const account = await sharedAccount(t, 'admin_bot', { roles: ['Power User', 'Viewer'] });
    const created = await createToken(t, account.id, { name: 'forever', expiresAt: null }, { level: 'admin' });
    expect(created.token).toMatchObject({ expiresAt: null, roles: ['Power User', 'Viewer'], maxRps: null });
  });

  it('refuses an expiry that is not in the future (400), naming the field', async () => {
    const account = await sharedAccount(t, 'expiry_bot');
    const url = tokensUrl(t, 'domain', account.id);
    for (const expiresAt of [new Date(t.clock.now()).toISOString(), '2020-01-01T00:00:00Z']) {
      const body = await expectError(request(t, 'POST', url, { name: 'late', expiresAt }), 400, 'validation_failed');
      expect(JSON.stringify(body.error.details)).toContain('expiresAt');
    }
    expect(await listTokens(t, account.id)).toEqual([]);
  });

  it('refuses roles beyond the account’s with 422 naming them', async () => {
    const account = await sharedAccount(t, 'roles_bot', { roles: ['Viewer'] });
    const body = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), {
        name: 'x-1',
        expiresAt: null,
        roles: ['Viewer', 'Admin'],
      }),
      422,
      'unprocessable',
    );
    expect(body.error.message).toContain('"Admin"');
    expect(body.error.message).not.toContain('"Viewer"');
  });

  it('refuses a name already used by a live token (409), allows it again after deletion', async () => {
    const account = await sharedAccount(t, 'names_bot');
    const url = tokensUrl(t, 'domain', account.id);
    await createToken(t, account.id, { name: 'deploy', expiresAt: null });
    await expectError(request(t, 'POST', url, { name: 'deploy', expiresAt: null }), 409, 'name_taken');
    expect((await request(t, 'DELETE', `${url}/deploy`)).status).toBe(204);
    await createToken(t, account.id, { name: 'deploy', expiresAt: null });
  });

  it('validates maxRps (a positive whole number or null) and unknown fields', async () => {
    const account = await sharedAccount(t, 'rps_bot');
    const url = tokensUrl(t, 'domain', account.id);
    for (const maxRps of [0, -1, 1.5, '3']) {
      await expectError(request(t, 'POST', url, { name: 'r', expiresAt: null, maxRps }), 400, 'validation_failed');
    }
    await expectError(request(t, 'POST', url, { name: 'rps', expiresAt: null, secret: 'x' }), 400, 'unknown_fields');
  });

  it('404 for an unknown account; 403 for a caller without access_token.manage', async () => {
    await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', 'sa_nope'), { name: 'ci-deploy', expiresAt: null }),
      404,
      'not_found',
    );
    const viewer = await addHumanWithToken(t, { name: 'viewer', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const account = await sharedAccount(t, 'guarded_bot');
    const body = { name: 'ci-deploy', expiresAt: null };
    await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), body, { token: viewer.token }),
      403,
      'forbidden',
    );
    await expectError(
      request(t, 'POST', tokensUrl(t, 'admin', account.id), body, { token: viewer.token }),
      403,
      'forbidden',
    );
    expect(await listTokens(t, account.id)).toEqual([]);
  });
});
