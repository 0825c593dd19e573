import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccountWithTokens, TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ServiceAccountListResponse, TokenListResponse } from '../../src-shared/api/service-accounts.js';
import { SAME_GROUP_MESSAGE, type ErrorBody } from '../../src-shared/errors.js';
import type { MemberRow } from '../store/members.js';
import { addHumanWithToken, addServiceAccount, addServiceAccountToken, call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

describe('token metadata: include=tokens and the token list endpoints', () => {
  const t = useTestServer('tokens');
  let shared: MemberRow;
  let foreign: MemberRow;
  let dataTeam: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    dataTeam = (
      await t.store.groups.create({ domainId: t.domain.id, name: 'data-team', by: 'admin', at: t.clock.now() })
    ).id;
    shared = await addServiceAccount(t, {
      name: 'shared_bot',
      roles: ['Deployment', 'Viewer'],
      groupIds: [t.adminsGroupId],
    });
    foreign = await addServiceAccount(t, { name: 'foreign_bot', roles: ['Viewer'], groupIds: [dataTeam] });
    const now = t.clock.now();
    for (const [name, expiresAt, status, at] of [
      ['primary', null, 'ACTIVE', now - 3000],
      ['expired', now - 1, 'ACTIVE', now - 2000],
      ['paused', now + 86_400_000, 'SUSPENDED', now - 1000],
    ] as const) {
      const created = await t.store.tokens.create({
        memberId: shared.id,
        kind: 'sa',
        name,
        roles: ['Viewer'],
        expiresAt,
        maxRps: name === 'primary' ? 50 : null,
        status,
        by: 'admin',
        at,
      });
      secrets.push(created.secret);
    }
    await t.store.tokens.create({
      memberId: foreign.id,
      kind: 'sa',
      name: 'etl',
      roles: [],
      expiresAt: null,
      by: 'admin',
    });
  });

  const listWithTokens = async (token: string) => {
    const reply = await call(`${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?include=tokens`, {
      token,
    });
    expect(reply.status).toBe(200);
    const page = ServiceAccountListResponse.parse(reply.body);
    return new Map(page.items.map((item) => [item.name, ServiceAccountWithTokens.parse(item)]));
  };

  it('embeds metadata for accounts sharing a group, and null where the same-group rule hides them', async () => {
    const items = await listWithTokens(t.adminToken);
    const tokens = items.get('shared_bot')!.tokens!;
    expect(tokens.map((tk) => [tk.name, tk.status])).toEqual([
      ['primary', 'ACTIVE'],
      ['expired', 'EXPIRED'],
      ['paused', 'SUSPENDED'],
    ]);
    expect(items.get('shared_bot')!.tokenCount).toBe(3);
    expect(items.get('foreign_bot')!.tokens).toBeNull();
    expect(items.get('foreign_bot')!.tokenCount).toBe(1);
    for (const token of tokens) expect(TokenMeta.strict().safeParse(token).success).toBe(true);
    expect(tokens[0]).toMatchObject({ maxRps: 50, roles: ['Viewer'], expiresAt: null, createdBy: 'admin' });
    expect(tokens[0]!.hint).toBe(`tdk_sa_…${secrets[0]!.slice(-4)}`);
  });

  it('never carries secrets or digests', async () => {
    const reply = await call(`${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?include=tokens`, {
      token: t.adminToken,
    });
    const text = JSON.stringify(reply.body);
    for (const secret of secrets) expect(text).not.toContain(secret.slice(7, 37));
    expect(text).not.toMatch(/digest/);
  });

  it('gives null tokens everywhere to a caller who may not manage tokens', async () => {
    const { token } = await addHumanWithToken(t, {
      name: 'viewer.same.group',
      roles: ['Viewer'],
      groupIds: [t.adminsGroupId],
    });
    const items = await listWithTokens(token);
    expect([...items.values()].every((item) => item.tokens === null)).toBe(true);
  });

  it('domain level: lists tokens for access_token.manage in a shared group', async () => {
    const { token } = await addHumanWithToken(t, {
      name: 'deployer.same',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    const reply = await call(t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: shared.id }), {
      token,
    });
    expect(reply.status).toBe(200);
    expect(TokenListResponse.parse(reply.body).items.map((tk) => tk.name)).toEqual(['primary', 'expired', 'paused']);
  });

  it('domain level: 403 not_same_group with the exact message, and 403 forbidden without the permission', async () => {
    const notSame = await call<ErrorBody>(
      t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: foreign.id }),
      {
        token: t.adminToken,
      },
    );
    expect(notSame.status).toBe(403);
    expect(notSame.body.error).toEqual({ code: 'not_same_group', message: SAME_GROUP_MESSAGE });
    const { token } = await addHumanWithToken(t, {
      name: 'viewer.two',
      roles: ['Viewer'],
      groupIds: [t.adminsGroupId],
    });
    const noPermission = await call<ErrorBody>(
      t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: shared.id }),
      { token },
    );
    expect([noPermission.status, noPermission.body.error.code]).toEqual([403, 'forbidden']);
    expect(noPermission.body.error.message).toMatch(/access_token\.manage/);
  });

  it('admin level: Admin role and a shared group', async () => {
    const ok = await call(t.url + apiPath('adminListServiceAccountTokens', { id: shared.id }), { token: t.adminToken });
    expect(ok.status).toBe(200);
    expect(TokenListResponse.parse(ok.body).items).toHaveLength(3);
    const notSame = await call<ErrorBody>(t.url + apiPath('adminListServiceAccountTokens', { id: foreign.id }), {
      token: t.adminToken,
    });
    expect(notSame.status).toBe(403);
    expect(notSame.body.error).toEqual({ code: 'not_same_group', message: SAME_GROUP_MESSAGE });
    // Power User has access_token.manage but is not an admin.
    const { token } = await addHumanWithToken(t, {
      name: 'power.user',
      roles: ['Power User'],
      groupIds: [t.adminsGroupId],
    });
    const notAdmin = await call<ErrorBody>(t.url + apiPath('adminListServiceAccountTokens', { id: shared.id }), {
      token,
    });
    expect([notAdmin.status, notAdmin.body.error.code]).toEqual([403, 'forbidden']);
    expect(
      (await call(t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: shared.id }), { token })).status,
    ).toBe(200);
  });

  it('an admin in the other group sees those tokens instead', async () => {
    const { token } = await addHumanWithToken(t, { name: 'data.admin', roles: ['Admin'], groupIds: [dataTeam] });
    expect((await call(t.url + apiPath('adminListServiceAccountTokens', { id: foreign.id }), { token })).status).toBe(
      200,
    );
    const notSame = await call<ErrorBody>(t.url + apiPath('adminListServiceAccountTokens', { id: shared.id }), {
      token,
    });
    expect(notSame.body.error.code).toBe('not_same_group');
    const items = await listWithTokens(token);
    expect(items.get('foreign_bot')!.tokens).toHaveLength(1);
    expect(items.get('shared_bot')!.tokens).toBeNull();
  });

  it('404 for an unknown account at both levels; deleted tokens are not listed', async () => {
    const domainLevel = await call<ErrorBody>(
      t.url + apiPath('listServiceAccountTokens', { domain: 'default', id: 'sa_nope' }),
      {
        token: t.adminToken,
      },
    );
    const adminLevel = await call<ErrorBody>(t.url + apiPath('adminListServiceAccountTokens', { id: 'sa_nope' }), {
      token: t.adminToken,
    });
    expect([domainLevel.status, adminLevel.status]).toEqual([404, 404]);
    const extra = await addServiceAccountToken(t, shared, { name: 'temp', roles: [] });
    await t.store.tokens.softDelete(extra.row.id);
    const reply = await call(t.url + apiPath('adminListServiceAccountTokens', { id: shared.id }), {
      token: t.adminToken,
    });
    expect(TokenListResponse.parse(reply.body).items.map((tk) => tk.name)).not.toContain('temp');
  });

  it('statuses and nextExpiry follow the clock with no write in between; use shows up as lastUsedAt', async () => {
    const account = await addServiceAccount(t, { name: 'clock_bot', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const now = t.clock.now();
    const make = async (name: string, expiresAt: number | null, at: number) =>
      await t.store.tokens.create({
        memberId: account.id,
        kind: 'sa',
        name,
        roles: ['Viewer'],
        expiresAt,
        by: 'a',
        at,
      });
    await make('soon', now + 60_000, now - 2);
    await make('later', now + 3_600_000, now - 1);
    const used = await make('used', null, now);
    const view = async () => (await listWithTokens(t.adminToken)).get('clock_bot')!;

    let item = await view();
    expect(item.nextExpiry).toBe(new Date(now + 60_000).toISOString());
    expect(item.tokens!.map((tk) => tk.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    const single = await call<{ nextExpiry: string }>(
      t.url + apiPath('getServiceAccount', { domain: 'default', id: account.id }),
      {
        token: t.adminToken,
      },
    );
    expect(single.body.nextExpiry).toBe(new Date(now + 60_000).toISOString());

    t.clock.advance(60_000);
    try {
      item = await view();
      expect(item.nextExpiry).toBe(new Date(now + 3_600_000).toISOString());
      expect(item.tokens!.map((tk) => tk.status)).toEqual(['EXPIRED', 'ACTIVE', 'ACTIVE']);
      const listed = await call(t.url + apiPath('adminListServiceAccountTokens', { id: account.id }), {
        token: t.adminToken,
      });
      expect(TokenListResponse.parse(listed.body).items.map((tk) => tk.status)).toEqual([
        'EXPIRED',
        'ACTIVE',
        'ACTIVE',
      ]);

      await call(t.url + apiPath('getMe'), { token: used.secret });
      item = await view();
      expect(item.tokens!.find((tk) => tk.name === 'used')).toMatchObject({
        lastUsedAt: new Date(t.clock.now()).toISOString(),
        lastUsedFrom: '127.0.0.1',
      });
      t.clock.advance(3_600_000);
      item = await view();
      expect(item.nextExpiry).toBeNull();
      expect(item.tokens!.map((tk) => tk.status)).toEqual(['EXPIRED', 'EXPIRED', 'ACTIVE']);
    } finally {
      t.clock.advance(-3_660_000);
    }
  });
});
