import { describe, expect, it } from 'vitest';
import { TokenMeta } from '../../src-shared/api/models.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, listTokens, request, sharedAccount, tokenUrl } from '../token-test-support.js';

describe('PATCH and DELETE …/tokens/{name}', () => {
  const t = useTestServer('token-patch-delete');

  it('PATCH changes status and/or maxRps, answers TokenMeta, bumps the account and writes an audit row', async () => {
    const account = await sharedAccount(t, 'patch_bot');
    await createToken(t, account.id, { name: 'tunable', expiresAt: null, maxRps: 5 });
    const seq = (await t.store.members.get(account.id))!.seq;
    const url = tokenUrl(t, 'admin', account.id, 'tunable');
    const suspended = await request(t, 'PATCH', url, { status: 'SUSPENDED' });
    expect(suspended.status).toBe(200);
    expect(TokenMeta.strict().parse(suspended.body)).toMatchObject({ status: 'SUSPENDED', maxRps: 5 });
    const uncapped = await request(t, 'PATCH', url, { maxRps: null, status: 'ACTIVE' });
    expect(uncapped.body).toMatchObject({ status: 'ACTIVE', maxRps: null });
    expect((await t.store.members.get(account.id))!.seq).toBeGreaterThan(seq);
    const audit = await t.store.sql.all<{ details: string }>(
      "SELECT details FROM audit_events WHERE action = 'token.update' AND target_name = 'patch_bot/tunable'",
    );
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      before: { status: 'ACTIVE' },
      after: { status: 'SUSPENDED' },
    });
  });

  it('PATCH refuses an empty body, an unknown field and a status of EXPIRED (400); an unknown name is 404', async () => {
    const account = await sharedAccount(t, 'patch_refuse');
    await createToken(t, account.id, { name: 'strict', expiresAt: null });
    const url = tokenUrl(t, 'domain', account.id, 'strict');
    await expectError(request(t, 'PATCH', url, {}), 400, 'validation_failed');
    await expectError(request(t, 'PATCH', url, { name: 'renamed' }), 400, 'unknown_fields');
    await expectError(request(t, 'PATCH', url, { status: 'EXPIRED' }), 400, 'validation_failed');
    await expectError(request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'nope'), { maxRps: 1 }), 404, 'not_found');
  });

  it('DELETE answers 204, soft-deletes the row, drops it from lists and the count, and a second DELETE is 404', async () => {
    const account = await sharedAccount(t, 'delete_bot');
    const created = await createToken(t, account.id, { name: 'doomed', expiresAt: null });
    await createToken(t, account.id, { name: 'keeper', expiresAt: null });
    const url = tokenUrl(t, 'domain', account.id, 'doomed');
    const reply = await request(t, 'DELETE', url);
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
    expect((await t.store.tokens.get(created.token.id))!.deleted_at).not.toBeNull();
    expect((await listTokens(t, account.id)).map((tk) => tk.name)).toEqual(['keeper']);
    expect((await t.store.members.get(account.id))!.token_count).toBe(1);
    await expectError(request(t, 'DELETE', url), 404, 'not_found');
    const audit = await t.store.sql.get("SELECT count(*) AS n FROM audit_events WHERE action = 'token.delete'");
    expect(audit).toEqual({ n: 1 });
  });
});
