import { digestOf } from '../store/digest.js';
import { describe, expect, it } from 'vitest';
import { Health, Me } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { RoleListResponse } from '../../src-shared/api/service-accounts.js';
import { effectivePermissions } from '../../src-shared/permissions.js';
import { BUILT_IN_ROLES } from '../../src-shared/roles.js';
import { SERVER_VERSION } from '../version.js';
import { addHumanWithToken, addServiceAccount, addServiceAccountToken, call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

describe('healthz, me, roles', () => {
  const t = useTestServer('system');

  it('healthz reports ok, the version and the server time', async () => {
    const reply = await call(t.url + apiPath('getHealth'));
    expect(Health.parse(reply.body)).toEqual({
      status: 'ok',
      version: SERVER_VERSION,
      time: new Date(t.clock.now()).toISOString(),
    });
  });

  it('me describes the bootstrap admin', async () => {
    const reply = await call(t.url + apiPath('getMe'), { token: t.adminToken });
    expect(Me.parse(reply.body)).toEqual({
      id: t.admin.id,
      name: 'admin',
      type: 'HUMAN',
      domain: 'default',
      roles: ['Admin'],
      groups: ['admins'],
      permissions: effectivePermissions({ roles: ['Admin'] }),
      // Which token the caller came with, so the app can mark its own connection's token.
      tokenId: (await t.store.tokens.byDigest(digestOf(t.adminToken)))!.id,
    });
  });

  it('a service-account token acts with the roles it was given that its account still has', async () => {
    const account = await addServiceAccount(t, { name: 'deployer_bot', roles: ['Deployment', 'Viewer'], groupIds: [] });
    const { secret } = await addServiceAccountToken(t, account, { name: 'ci', roles: ['Viewer', 'Admin'] });
    const reply = await call<Me>(t.url + apiPath('getMe'), { token: secret });
    expect(reply.body).toMatchObject({ type: 'SERVICE_ACCOUNT', name: 'deployer_bot', roles: ['Viewer'] });
    expect(reply.body.permissions).toEqual(effectivePermissions({ roles: ['Viewer'] }));
  });

  it('a personal token acts with its owner’s roles and groups', async () => {
    const { token } = await addHumanWithToken(t, { name: 'vera', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const reply = await call<Me>(t.url + apiPath('getMe'), { token });
    expect(reply.body).toMatchObject({ name: 'vera', roles: ['Viewer'], groups: ['admins'] });
    expect(reply.body.tokenId).toBe((await t.store.tokens.byDigest(digestOf(token)))!.id);
  });

  it('roles lists the built-in table', async () => {
    const reply = await call(t.url + apiPath('listRoles'), { token: t.adminToken });
    expect(RoleListResponse.parse(reply.body).items).toEqual(
      BUILT_IN_ROLES.map((r) => ({ name: r.name, description: r.description, permissions: [...r.permissions] })),
    );
  });

  it('endpoints without query parameters reject unknown ones', async () => {
    const reply = await call<{ error: { code: string; details: { path: string }[] } }>(
      `${t.url}${apiPath('listRoles')}?verbose=1`,
      { token: t.adminToken },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    expect(reply.body.error.details).toEqual([
      { in: 'query', path: 'verbose', code: 'unrecognized_keys', message: 'Unknown query parameter "verbose".' },
    ]);
  });
});
