import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src-shared/api/bundles.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import { SAME_GROUP_MESSAGE } from '../../src-shared/errors.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  addServiceAccountToken,
  databaseFingerprint,
  send,
  type Reply,
} from '../test-support.js';
import { tokensUrl, tokenUrl } from '../token-test-support.js';

const d = { domain: 'default' };

/**
 * IOMETE's two permission models over HTTP (seed 002): v1, where access_token.manage comes with a role,
 * and v2, where MANAGE_ACCESS_TOKEN is granted through Domain Authorization (a bundle). Either one plus
 * a group shared with the account lets a member manage its tokens; without the shared group both get
 * the same 403, word for word.
 */
describe('IOMETE v2: a MANAGE_ACCESS_TOKEN bundle manages tokens in a shared group', () => {
  const t = useTestServer('iomete-v2');
  let accountId: string;
  /** Personal tokens: bundle only (own, or through a group), in and out of the account's group; v1 by role. */
  const callers: Record<string, string> = {};

  beforeAll(async () => {
    const made = await send<Bundle>(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
      name: 'MANAGE_ACCESS_TOKEN',
      description: 'IOMETE Domain Authorization',
      permissions: ['MANAGE_ACCESS_TOKEN'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.permissions).toEqual(['access_token.manage']);
    const data = await addGroup(t, 'data-eng');
    const other = await addGroup(t, 'marketing');
    await addGroup(t, 'token-operators');
    const grant = await send(
      t.url + apiPath('setGroupBundles', { ...d, name: 'token-operators' }),
      'PUT',
      t.adminToken,
      {
        bundles: ['MANAGE_ACCESS_TOKEN'],
      },
    );
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    const operators = (await t.store.groups.byName(t.domain.id, 'token-operators'))!.id;
    accountId = (await addServiceAccount(t, { name: 'spark_jobs', roles: ['Viewer'], groupIds: [data] })).id;
    await addServiceAccountToken(t, { id: accountId }, { name: 'nightly', roles: ['Viewer'] });
    for (const [key, groupIds, own] of [
      ['own bundle, shared group', [data], true],
      ['own bundle, no shared group', [other], true],
      ['group bundle, shared group', [data, operators], false],
      ['group bundle, no shared group', [other, operators], false],
    ] as const) {
      const person = await addHumanWithToken(t, {
        name: key.replace(/[^a-z]+/g, '-'),
        roles: [],
        groupIds: [...groupIds],
      });
      if (own) {
        const put = await send(
          t.url + apiPath('setMemberBundles', { ...d, id: person.member.id }),
          'PUT',
          t.adminToken,
          {
            bundles: ['MANAGE_ACCESS_TOKEN'],
          },
        );
        expect(put.status, JSON.stringify(put.body)).toBe(200);
      }
      callers[key] = person.token;
    }
    callers['v1 role, no shared group'] = (
      await addHumanWithToken(t, {
        name: 'v1-deployer',
        roles: ['Deployment'],
        groupIds: [other],
      })
    ).token;
    for (const token of Object.values(callers)) {
      expect((await send(t.url + apiPath('getMe'), 'GET', token)).status).toBe(200);
    }
  });

  it.each(['own bundle, shared group', 'group bundle, shared group'])(
    '%s: lists, creates, suspends and revokes the account’s tokens',
    async (key) => {
      const caller = callers[key]!;
      const name = key.startsWith('own') ? 'from-own' : 'from-group';
      const listed = await send<{ items: TokenMeta[] }>(tokensUrl(t, 'domain', accountId), 'GET', caller);
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      expect(listed.body.items.map((x) => x.name)).toContain('nightly');
      // The ceiling still holds: the bundle carries no Viewer permissions, so the token carries no role.
      const created = await send<CreatedToken>(tokensUrl(t, 'domain', accountId), 'POST', caller, {
        name,
        expiresAt: null,
        roles: [],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const suspended = await send<TokenMeta>(tokenUrl(t, 'domain', accountId, name), 'PATCH', caller, {
        status: 'SUSPENDED',
      });
      expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
      expect(suspended.body.status).toBe('SUSPENDED');
      expect((await send(tokenUrl(t, 'domain', accountId, name), 'DELETE', caller)).status).toBe(204);
      expect(await t.store.tokens.liveByName(accountId, name)).toBeUndefined();
    },
  );

  it('without a shared group: the exact 403 the v1 role path gives, and nothing written', async () => {
    const attempts = (caller: string): (() => Promise<Reply>)[] => [
      () => send(tokensUrl(t, 'domain', accountId), 'GET', caller),
      () => send(tokensUrl(t, 'domain', accountId), 'POST', caller, { name: 'reached', expiresAt: null, roles: [] }),
      () => send(tokenUrl(t, 'domain', accountId, 'nightly'), 'PATCH', caller, { status: 'SUSPENDED' }),
      () => send(tokenUrl(t, 'domain', accountId, 'nightly'), 'DELETE', caller),
    ];
    const expected = { error: { code: 'not_same_group', message: SAME_GROUP_MESSAGE } };
    const before = await databaseFingerprint(t.store);
    for (const key of ['v1 role, no shared group', 'own bundle, no shared group', 'group bundle, no shared group']) {
      for (const attempt of attempts(callers[key]!)) {
        const reply = await attempt();
        expect(reply.status, `${key}: ${JSON.stringify(reply.body)}`).toBe(403);
        expect(reply.body).toEqual(expected);
      }
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });
});
