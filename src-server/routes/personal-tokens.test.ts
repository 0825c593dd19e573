import { describe, expect, it } from 'vitest';
import type { CreatedMember, Member } from '../../src-shared/api/directory.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { PersonalTokenList } from '../../src-shared/api/personal-tokens.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import { addHumanWithToken, call, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, me, sharedAccount } from '../token-test-support.js';
import { personalTokensOf } from './personal-token-rules.js';

describe('personal tokens', () => {
  const t = useTestServer('personal-tokens');
  const pt = () => t.url + apiPath('listPersonalTokens');

  it('creates a tdk_pt_ token once, lists it without the secret, and enforces name rules', async () => {
    const created = await send<CreatedToken>(pt(), 'POST', t.adminToken, {
      name: 'terraform',
      expiresAt: t.clock.inDays(365),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.secret).toMatch(/^tdk_pt_/);
    expect(created.body.token.roles).toEqual(['Admin']);
    expect((await me(t, `Bearer ${created.body.secret}`)).status).toBe(200);
    const list = await call<PersonalTokenList>(pt(), { token: t.adminToken });
    expect(list.body.items.map((i) => i.name)).toContain('terraform');
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    await expectError(
      send(pt(), 'POST', t.adminToken, { name: 'ab', expiresAt: t.clock.inDays(365) }),
      400,
      'validation_failed',
    );
    await expectError(
      send(pt(), 'POST', t.adminToken, { name: 'terraform', expiresAt: t.clock.inDays(365) }),
      409,
      'name_taken',
    );
    const past = new Date(t.clock.now() - 1000).toISOString();
    await expectError(send(pt(), 'POST', t.adminToken, { name: 'old_one', expiresAt: past }), 400, 'validation_failed');
  });

  it('suspends, reactivates and deletes by name, each audited', async () => {
    const { secret } = (
      await send<CreatedToken>(pt(), 'POST', t.adminToken, { name: 'ci-job', expiresAt: t.clock.inDays(365) })
    ).body;
    const url = t.url + apiPath('updatePersonalToken', { name: 'ci-job' });
    expect((await send<TokenMeta>(url, 'PATCH', t.adminToken, { status: 'SUSPENDED' })).body.status).toBe('SUSPENDED');
    await expectError(me(t, `Bearer ${secret}`), 401, 'token_suspended');
    expect((await send<TokenMeta>(url, 'PATCH', t.adminToken, { status: 'ACTIVE' })).status).toBe(200);
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    expect((await send(url, 'DELETE', t.adminToken)).status).toBe(204);
    await expectError(me(t, `Bearer ${secret}`), 401, 'token_deleted');
    await expectError(send(url, 'DELETE', t.adminToken), 404, 'not_found');
    const actions = await t.store.sql.column(
      "SELECT action FROM audit_events WHERE target_type = 'personal_token' ORDER BY id",
    );
    expect(actions).toEqual(
      expect.arrayContaining(['personal_token.create', 'personal_token.update', 'personal_token.delete']),
    );
    const details = (await t.store.sql.column('SELECT details FROM audit_events')).join('\n');
    expect(details).not.toContain(secret);
  });

  it('acts with its owner’s roles and never more: a Viewer’s token cannot create a service account', async () => {
    const viewer = await addHumanWithToken(t, { name: 'vera', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const created = await send<CreatedToken>(pt(), 'POST', viewer.token, {
      name: 'vera-cli',
      expiresAt: t.clock.inDays(365),
    });
    expect(created.status).toBe(201);
    expect(created.body.token.roles).toEqual(['Viewer']);
    await expectError(
      send(t.url + apiPath('createServiceAccount', { domain: 'default' }), 'POST', created.body.secret, {
        name: 'vera_bot',
      }),
      403,
      'forbidden',
    );
    expect(
      (await call(t.url + apiPath('createServiceAccount', { domain: 'default' }), { token: created.body.secret }))
        .status,
    ).toBe(200);
  });

  it('is for people only: a service-account token gets 403', async () => {
    const account = await sharedAccount(t, 'pt_probe_bot', { roles: ['Admin'] });
    const { secret } = await createToken(t, account.id, { name: 'probe', expiresAt: t.clock.inDays(365) });
    await expectError(call(pt(), { token: secret }), 403, 'forbidden');
    await expectError(send(pt(), 'POST', secret, { name: 'sneaky', expiresAt: t.clock.inDays(365) }), 403, 'forbidden');
  });

  it('stops at once when the owner is disabled (DEACTIVATED) and after the owner is deleted', async () => {
    const made = await send<CreatedMember>(
      t.url + apiPath('createMember', { domain: 'default' }),
      'POST',
      t.adminToken,
      {
        name: 'dora',
        roles: ['Deployment'],
        groups: ['admins'],
      },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.token.name).toBe('initial');
    expect(made.body.token.expiresAt).toBe(new Date(t.clock.now() + 90 * 86_400_000).toISOString());
    const initial = made.body.secret;
    const second = (await send<CreatedToken>(pt(), 'POST', initial, { name: 'dora-2', expiresAt: t.clock.inDays(365) }))
      .body.secret;
    const memberUrl = t.url + apiPath('updateMember', { domain: 'default', id: made.body.member.id });

    expect((await send<Member>(memberUrl, 'PATCH', t.adminToken, { enabled: false })).body.enabled).toBe(false);
    await expectError(me(t, `Bearer ${initial}`), 401, 'owner_disabled');
    await expectError(me(t, `Bearer ${second}`), 401, 'owner_disabled');
    const listed = (await t.store.tokens.listLive(made.body.member.id)).length;
    expect(listed).toBe(2);
    // The owner cannot read their own list while disabled (401); admins see it through this same view.
    const statuses = (await personalTokensOf(t.store, made.body.member.id, new Date(t.clock.now()).toISOString())).map(
      (m) => m.status,
    );
    expect(statuses).toEqual(['DEACTIVATED', 'DEACTIVATED']);

    expect((await send<Member>(memberUrl, 'PATCH', t.adminToken, { enabled: true })).status).toBe(200);
    expect((await me(t, `Bearer ${second}`)).status).toBe(200);
    expect((await send(memberUrl, 'DELETE', t.adminToken)).status).toBe(204);
    await expectError(me(t, `Bearer ${initial}`), 401, 'owner_disabled');
    await expectError(me(t, `Bearer ${second}`), 401, 'owner_disabled');
    const members = await call<{ items: Member[] }>(t.url + apiPath('listMembers', { domain: 'default' }), {
      token: t.adminToken,
    });
    expect(members.body.items.map((m) => m.name)).not.toContain('dora');
  });
});
