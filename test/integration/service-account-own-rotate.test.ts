import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import type { Me } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { OWN_TOKEN_MIN_GRACE_SECONDS } from '../../src-shared/api/tokens.js';
import { TokenRotation } from '../../src-shared/ipc/models.js';
import {
  connectAndSync,
  connectionOf,
  makeRoot,
  secretsAtRest,
  sendToServer,
  serveDemo,
  shutDown,
  startApp,
  storedCredential,
  inDays,
  type AppUnderTest,
} from './helpers.js';

/**
 * A connection that signs in with a SERVICE ACCOUNT's token (an Admin account, minted through the API),
 * against the REAL server: rotating that token through tokens:rotate is the personal token's own rotate
 * again. No secret in the answer, main stores the new one as the connection's credential (keychain), the
 * old one keeps working for at least the app's minimum grace, and the app carries on. Tests run in order.
 */
describe('service-account token rotate: the connection’s own token', () => {
  const root = makeRoot('sa-own-rotate');
  let server: RunningServer;
  let saSecret: string;
  let accountId: string;
  let app: AppUnderTest;
  let connectionId: string;

  const connectionView = () => connectionOf(app, connectionId);

  beforeAll(async () => {
    let adminToken: string;
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 2, tokensPerAccount: 1, seed: 12 }));
    const account = await sendToServer(
      server.url,
      adminToken,
      'POST',
      apiPath('createServiceAccount', { domain: DEFAULT_DOMAIN }),
      { name: 'desk_robot', roles: ['Admin'] },
    );
    expect(account.status).toBe(201);
    accountId = account.body.id as string;
    const tokens = apiPath('createServiceAccountToken', { domain: DEFAULT_DOMAIN, id: accountId });
    const minted = await sendToServer(server.url, adminToken, 'POST', tokens, { name: 'desk', expiresAt: inDays(30) });
    expect(minted.status).toBe(201);
    saSecret = minted.body.secret as string;

    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Robot', url: server.url, token: saSecret })).id;
  }, 60_000);

  afterAll(() => shutDown(app, [server], root));

  it('the connection signs in as the service account and knows which of its tokens it uses', async () => {
    const snapshot = await app.call('snapshot:get', { connectionId });
    expect(snapshot?.me).toMatchObject({ type: 'SERVICE_ACCOUNT', id: accountId });
    const me = (await sendToServer<Me>(server.url, saSecret, 'GET', apiPath('getMe'))).body;
    expect((await connectionView()).tokenId).toBe(me.tokenId);
  });

  it('rotating it stores the new secret for the connection, answers none, and the app keeps working', async () => {
    const own = (await connectionView()).tokenId!;
    const result = await app.core.handle('tokens:rotate', { connectionId, accountId, name: 'desk', graceSeconds: 0 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).not.toHaveProperty('secret');
    expect(JSON.stringify(result.value)).not.toMatch(/tdk_sa_[0-9A-Za-z]{20,}/);
    const rotated = TokenRotation.parse(result.value);
    expect(rotated).toMatchObject({ storedForConnection: true, token: { name: 'desk' }, previous: { id: own } });

    // Grace 0 was asked; the own token gets at least the app's minimum, so the old secret still works.
    expect((await sendToServer(server.url, saSecret, 'GET', apiPath('getMe'))).status).toBe(200);
    expect(Date.parse(rotated.previous.expiresAt!) - Date.now()).toBeGreaterThan(
      (OWN_TOKEN_MIN_GRACE_SECONDS - 10) * 1000,
    );
    const stored = await storedCredential(app, connectionId);
    expect(stored).not.toBe(saSecret);
    expect((await sendToServer<Me>(server.url, stored, 'GET', apiPath('getMe'))).body.tokenId).toBe(rotated.token.id);
    expect((await connectionView()).tokenId).toBe(rotated.token.id);

    // The app carries on with the new credential: a sync and a read of the account's tokens.
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ phase: 'idle', error: null });
    const detail = await app.call('accounts:get', { connectionId, id: accountId });
    expect(detail?.tokens?.map((t) => t.id)).toContain(rotated.token.id);
    // No secret in the answers, the snapshot, or any file of the data folder (sealed ones read decrypted).
    const snapshot = JSON.stringify(await app.call('snapshot:get', { connectionId }));
    expect(snapshot).not.toContain(stored);
    expect(await secretsAtRest(app, [stored, stored.slice(7, 37), saSecret, saSecret.slice(7, 37)])).toEqual([]);
  });

  it('another token of the same account is still revealed as before', async () => {
    const tokens = apiPath('createServiceAccountToken', { domain: DEFAULT_DOMAIN, id: accountId });
    const stored = await storedCredential(app, connectionId);
    expect(
      (await sendToServer(server.url, stored, 'POST', tokens, { name: 'other', expiresAt: inDays(1) })).status,
    ).toBe(201);
    const rotated = await app.call('tokens:rotate', { connectionId, accountId, name: 'other', graceSeconds: 0 });
    if (rotated.storedForConnection) throw new Error('another token was taken for the connection’s own');
    expect(rotated.secret).toMatch(/^tdk_sa_/);
    expect((await connectionView()).tokenId).not.toBe(rotated.token.id);
  });
});
