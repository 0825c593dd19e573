import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { checkToken } from '../../src-shared/token-format.js';
import {
  connectAndSync,
  makeRoot,
  plantInSnapshot,
  secretsAtRest,
  sendToServer,
  serveDemo,
  shutDown,
  startApp,
  inDays,
  type AppUnderTest,
} from './helpers.js';

/**
 * Personal tokens, members and groups through the main-process core against the REAL server: each
 * secret is answered once and works, the cached members and groups follow each change without a
 * sync, and no secret lands in the app's data folder. Tests run in order.
 */
describe('personal tokens, members and groups: core ↔ real server', () => {
  const root = makeRoot('directory');
  let server: RunningServer;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let memberId: string;
  const secrets: string[] = [];

  const statusWith = async (token: string, path = apiPath('getMe')) =>
    (await sendToServer(server.url, token, 'GET', path)).status;

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 2, tokensPerAccount: 0, seed: 6 }));
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
  }, 60_000);

  afterAll(() => shutDown(app, [server], root));

  it('sync brings the members; snapshot:get and members:list show them', async () => {
    const members = await app.call('members:list', { connectionId });
    expect(members.length).toBeGreaterThan(0);
    expect((await app.call('snapshot:get', { connectionId }))!.members).toEqual(members);
  });

  it('personal token: created with its secret once, works, listed, suspended (401), deleted', async () => {
    const created = await app.call('personalTokens:create', {
      connectionId,
      input: { name: 'my-laptop', expiresAt: inDays(30) },
    });
    secrets.push(created.secret);
    expect(checkToken(created.secret)).toEqual({ ok: true, kind: 'personal' });
    expect(await statusWith(created.secret)).toBe(200);
    const listed = await app.call('personalTokens:list', { connectionId });
    expect(listed.items.map((t) => t.name)).toContain('my-laptop');
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const suspended = await app.call('personalTokens:update', {
      connectionId,
      name: 'my-laptop',
      patch: { status: 'SUSPENDED' },
    });
    expect(suspended.status).toBe('SUSPENDED');
    expect(await statusWith(created.secret)).toBe(401);
    await app.call('personalTokens:delete', { connectionId, name: 'my-laptop' });
    expect((await app.call('personalTokens:list', { connectionId })).items.map((t) => t.name)).not.toContain(
      'my-laptop',
    );
    expect(await statusWith(created.secret)).toBe(401);
  });

  it('member create returns a secret once and it works; the cached members follow', async () => {
    const adminsCount = async () =>
      (await app.call('snapshot:get', { connectionId }))!.groups.find((g) => g.name === 'admins')!.memberCount;
    const before = await adminsCount();
    const created = await app.call('members:create', {
      connectionId,
      input: { name: 'carol', roles: ['Viewer'], groups: ['admins'] },
    });
    secrets.push(created.secret);
    memberId = created.member.id;
    expect(await statusWith(created.secret)).toBe(200);
    expect((await app.call('members:list', { connectionId })).map((m) => m.name)).toContain('carol');
    expect(JSON.stringify(await app.call('snapshot:get', { connectionId }))).not.toContain(created.secret);
    // The group the member joined counts them at once, without a sync.
    expect(await adminsCount()).toBe(before + 1);
  });

  it('disabling the member stops their token; deleting removes them from the cache', async () => {
    const updated = await app.call('members:update', { connectionId, id: memberId, patch: { enabled: false } });
    expect(updated.enabled).toBe(false);
    expect((await app.call('members:list', { connectionId })).find((m) => m.id === memberId)?.enabled).toBe(false);
    expect(await statusWith(secrets[1]!)).toBe(401);
    await app.call('members:delete', { connectionId, id: memberId });
    expect((await app.call('members:list', { connectionId })).map((m) => m.id)).not.toContain(memberId);
    // A full sync agrees with what the edits left in the cache.
    const before = await app.call('members:list', { connectionId });
    await app.call('sync:run', { connectionId, full: true });
    expect(await app.call('members:list', { connectionId })).toEqual(before);
  });

  it('groups: create, update, delete, each reflected in the cached snapshot', async () => {
    const group = await app.call('groups:create', { connectionId, input: { name: 'qa-team', description: 'QA' } });
    expect(group).toMatchObject({ name: 'qa-team', description: 'QA' });
    const names = async () => (await app.call('snapshot:get', { connectionId }))!.groups.map((g) => g.name);
    expect(await names()).toContain('qa-team');
    const changed = await app.call('groups:update', { connectionId, name: 'qa-team', patch: { description: 'Q&A' } });
    expect(changed.description).toBe('Q&A');
    expect((await app.call('snapshot:get', { connectionId }))!.groups.find((g) => g.name === 'qa-team')).toEqual(
      changed,
    );
    await app.call('groups:delete', { connectionId, name: 'qa-team' });
    expect(await names()).not.toContain('qa-team');
  });

  it('a refusal comes back with the server’s code', async () => {
    const result = await app.core.handle('members:create', {
      connectionId,
      input: { name: 'admin', roles: [], groups: [] },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'name_taken' } });
  });

  /** Each secret, and its random part alone (in case something re-encoded the prefix). */
  const needles = () => secrets.flatMap((secret) => [secret, secret.slice(7, 37)]);

  it('no secret in any file of the app data folder, sealed cache files read decrypted', async () => {
    expect(secrets).toHaveLength(2);
    expect(await secretsAtRest(app, needles())).toEqual([]);
  });

  it('the scan catches a secret planted in a sealed cache file, which the bytes alone never show', async () => {
    const undo = await plantInSnapshot(app, connectionId, secrets[1]!);
    try {
      expect(await secretsAtRest(app, needles())).toEqual([
        `cache/${connectionId}.cache (decrypted) holds needle #2`,
        `cache/${connectionId}.cache (decrypted) holds needle #3`,
      ]);
    } finally {
      undo();
    }
    expect(await secretsAtRest(app, needles())).toEqual([]);
  });
});
