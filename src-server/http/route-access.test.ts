import { describe, expect, it } from 'vitest';
import { operationIds, restContract, type OperationId } from '../../src-shared/api/contract.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { mayCall, type Access } from '../../src-shared/authz.js';
import type { ErrorBody } from '../../src-shared/errors.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  addServiceAccountToken,
  call,
  databaseFingerprint,
} from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * registerRoute enforces the access each route declares in the REST contract, reads and writes alike:
 * the caller's half (permission, role, person) before the account is looked up and before the body is
 * read; the shared-group half, which needs the account, where the route finds it. Table-driven, so a
 * route added to the contract is checked here without a new test.
 */
describe('every route enforces the access the contract declares', () => {
  const t = useTestServer('route-access');

  const routesWhere = (keep: (access: Access) => boolean): OperationId[] =>
    operationIds.filter((op) => keep(restContract[op].access));
  const urlOf = (op: OperationId, params: object): string =>
    t.url + (apiPath as (op: OperationId, params: object) => string)(op, params);
  /** A body no route takes: a route that read it before checking the caller would answer 400. */
  const NONSENSE = JSON.stringify({ nonsense: true });
  const ask = (op: OperationId, token: string, params: object, body?: string) => {
    const route = restContract[op];
    const sendsBody = 'body' in route;
    return call<ErrorBody>(urlOf(op, params), {
      method: route.method,
      token,
      ...(sendsBody ? { body: body ?? NONSENSE, contentType: 'application/json' } : {}),
    });
  };
  const NO_ACCOUNT = { domain: 'default', id: 'sa_none', name: 'none' };

  it('refuses a caller without the permission or role with 403 and the shared rule’s words, before anything else', async () => {
    const nobody = await addHumanWithToken(t, { name: 'no.roles', roles: [], groupIds: [t.adminsGroupId] });
    const actor = { roles: [], permissions: [], groups: ['admins'], type: 'HUMAN' };
    const guarded = routesWhere((access) => typeof access === 'object');
    expect(guarded.length).toBeGreaterThan(20);
    // The token's first use records when it was last used; the refusals below must change nothing else.
    await ask('getMe', nobody.token, {});
    const before = await databaseFingerprint(t.store);
    for (const op of guarded) {
      const expected = mayCall(actor, restContract[op].access);
      if (expected.allowed) throw new Error(`${op}: a caller without roles may call it`);
      const reply = await ask(op, nobody.token, NO_ACCOUNT);
      expect([reply.status, reply.body.error], op).toEqual([403, { code: 'forbidden', message: expected.reason }]);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });

  it('refuses a service account’s token on the routes for people, however many roles it has', async () => {
    const bot = await addServiceAccount(t, { name: 'access_bot', roles: ['Admin'], groupIds: [t.adminsGroupId] });
    const { secret } = await addServiceAccountToken(t, bot, { name: 'ci', roles: ['Admin'] });
    const personal = routesWhere((access) => access === 'person');
    expect(personal).toHaveLength(5);
    for (const op of personal) {
      const reply = await ask(op, secret, NO_ACCOUNT);
      const expected = mayCall({ roles: ['Admin'], permissions: [], groups: [], type: 'SERVICE_ACCOUNT' }, 'person');
      expect([reply.status, reply.body.error.message], op).toEqual([403, expected.allowed ? '' : expected.reason]);
    }
  });

  it('lets a caller who holds the access through to the route itself', async () => {
    for (const op of operationIds) {
      const reply = await ask(op, t.adminToken, NO_ACCOUNT);
      expect(reply.status === 403 && reply.body.error.code === 'forbidden', `${op}: ${reply.status}`).toBe(false);
      expect(reply.status, op).not.toBe(401);
    }
  });

  it('refuses an Admin outside the account’s groups on every route that declares a shared group, in its words', async () => {
    const elsewhere = await addGroup(t, 'elsewhere');
    const account = await addServiceAccount(t, { name: 'far_away', roles: ['Viewer'], groupIds: [elsewhere] });
    const sameGroup = routesWhere((access) => typeof access === 'object' && access.sameGroup !== undefined);
    expect(sameGroup.length).toBeGreaterThan(10);
    await ask('getMe', t.adminToken, {});
    const before = await databaseFingerprint(t.store);
    for (const op of sameGroup) {
      const access = restContract[op].access as { sameGroup: string };
      // The account is in the path, or (the deprecated create) in a body that is otherwise valid.
      const body =
        op === 'deprecatedCreateServiceAccountToken'
          ? JSON.stringify({ serviceAccountId: account.id, name: 'nope', expiresAt: null })
          : undefined;
      const reply = await ask(op, t.adminToken, { domain: 'default', id: account.id, name: 'none' }, body);
      expect([reply.status, reply.body.error], op).toEqual([
        403,
        { code: 'not_same_group', message: access.sameGroup },
      ]);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });
});
