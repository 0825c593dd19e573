import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import type { Permission } from '../../src-shared/roles.js';
import { useTestServer } from '../test-server-hooks.js';
import {
  addHumanWithToken,
  addServiceAccount,
  addServiceAccountToken,
  databaseFingerprint,
  send,
  type Reply,
} from '../test-support.js';
import { tokensUrl, tokenUrl } from '../token-test-support.js';

const BEYOND = {
  error: {
    code: 'forbidden',
    message: 'You can only give permissions you have yourself; audit.read goes beyond yours.',
  },
};

/**
 * A token holds its roles' permissions plus its account's grants (minus its denies), so a token given
 * out (made, rotated, reactivated) hands out the account's grants too: the ceiling covers them. Without
 * it, a member with access_token.manage could mint a token that holds a granted permission they lack.
 */
describe('the ceiling of a token counts its account’s grants', () => {
  const t = useTestServer('token-grants-ceiling');
  let deployer: string;
  let auditor: string;
  const account = async (name: string, overrides: { grants: Permission[]; denies: Permission[] }) => {
    const row = await addServiceAccount(t, { name, roles: ['Viewer'], groupIds: [t.adminsGroupId], ...overrides });
    await addServiceAccountToken(t, row, { name: 'existing', roles: [] });
    return row.id;
  };

  beforeAll(async () => {
    // Deployment holds access_token.manage but not audit.read; Power User holds both.
    deployer = (await addHumanWithToken(t, { name: 'deployer', roles: ['Deployment'], groupIds: [t.adminsGroupId] }))
      .token;
    auditor = (await addHumanWithToken(t, { name: 'auditor', roles: ['Power User'], groupIds: [t.adminsGroupId] }))
      .token;
    for (const token of [deployer, auditor]) {
      expect((await send(t.url + apiPath('getMe'), 'GET', token)).status).toBe(200);
    }
  });

  async function refused(request: () => Promise<Reply>): Promise<void> {
    const before = await databaseFingerprint(t.store);
    const reply = await request();
    expect(reply.status, JSON.stringify(reply.body)).toBe(403);
    expect(reply.body).toEqual(BEYOND);
    expect(await databaseFingerprint(t.store)).toEqual(before);
  }

  it('refuses to make, rotate or reactivate a token carrying a grant the caller lacks, and writes nothing', async () => {
    const id = await account('granted_bot', { grants: ['audit.read'], denies: [] });
    await refused(() =>
      send(tokensUrl(t, 'domain', id), 'POST', deployer, { name: 'minted', expiresAt: null, roles: [] }),
    );
    await refused(() => send(`${tokenUrl(t, 'domain', id, 'existing')}/rotate`, 'POST', deployer, { graceSeconds: 0 }));
    const suspended = await send(tokenUrl(t, 'domain', id, 'existing'), 'PATCH', deployer, { status: 'SUSPENDED' });
    expect(suspended.status, 'taking rights away is always allowed').toBe(200);
    await refused(() => send(tokenUrl(t, 'domain', id, 'existing'), 'PATCH', deployer, { status: 'ACTIVE' }));
  });

  it('lets a caller holding the grant make one, and a denied grant hands out nothing', async () => {
    const granted = await account('granted_too', { grants: ['audit.read'], denies: [] });
    const made = await send(tokensUrl(t, 'domain', granted), 'POST', auditor, {
      name: 'minted',
      expiresAt: null,
      roles: [],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const denied = await account('denied_bot', { grants: ['audit.read'], denies: ['audit.read'] });
    const minted = await send(tokensUrl(t, 'domain', denied), 'POST', deployer, {
      name: 'minted',
      expiresAt: null,
      roles: [],
    });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
  });
});
