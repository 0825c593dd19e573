import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  send,
  startTestServer,
  type TestServer,
} from '../../src-server/test-support.js';
import { dataKeyOf } from '../../src-main/services/test-support/secrets-at-rest.js';
import { unseal } from '../../src-main/services/sealed-envelope.js';
import { PAGE_EXTENSION, SNAPSHOT_EXTENSION, cacheDirOf } from '../../src-main/services/cache-files.js';
import { escapeNonAscii } from '../../src-main/services/sealed-file-store.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { RoleName } from '../../src-shared/roles.js';
import { connectAndSync, makeRoot, sendToServer, shutDown, startApp, type AppUnderTest } from './helpers.js';

/** A service account in one group, with one token whose metadata the test looks for in the cache. */
interface Fixture {
  accountId: string;
  tokenId: string;
  tokenName: string;
  hint: string;
}

/**
 * A member's rights change on the server (moved out of a group, into another, demoted to Viewer),
 * through the main-process core against the REAL server: the next sync notices the new `/me`, runs in
 * full, and drops what the member may no longer see from the core's answers, from memory and from the
 * encrypted cache on disk (the snapshot and the first pages of logs and audit), and shows what they
 * now may. The tests run in order on one server, one member and one app data folder.
 */
describe('rights change on the server: core ↔ real server', () => {
  const root = makeRoot('access-change');
  let t: TestServer;
  let app: AppUnderTest;
  let connectionId: string;
  let miaId: string;
  let alpha: Fixture;
  let beta: Fixture;
  let total: number;

  const changeMia = async (patch: { roles?: RoleName[]; groups?: string[] }) => {
    const reply = await send(
      `${t.url}${apiPath('updateMember', { domain: DEFAULT_DOMAIN, id: miaId })}`,
      'PATCH',
      t.adminToken,
      patch,
    );
    expect(reply.status).toBe(200);
  };
  const tokensOf = async (fixture: Fixture) =>
    (await app.call('accounts:get', { connectionId, id: fixture.accountId }))!.tokens;
  /** What the encrypted cache files hold, decrypted with the app's own data key. */
  const decryptedCache = async (): Promise<{ snapshot: string; pages: string }> => {
    const key = (await dataKeyOf(app.dataDir, app.keyring))!;
    const read = (kind: string, extension: string) => {
      const file = join(cacheDirOf(app.dataDir), `${connectionId}.${extension}`);
      return existsSync(file) ? unseal(key, readFileSync(file, 'utf8'), `${kind}:${connectionId}.${extension}`) : '';
    };
    return { snapshot: read('snapshot', SNAPSHOT_EXTENSION), pages: read('pages', PAGE_EXTENSION) };
  };
  /** The token's id, name and hint as the cache writes them (non-ASCII escaped, as in the file). */
  const needles = (fixture: Fixture) => [fixture.tokenId, fixture.tokenName, escapeNonAscii(fixture.hint)];
  const expectHidden = (text: string, fixture: Fixture) => {
    for (const needle of needles(fixture)) expect(text).not.toContain(needle);
  };
  const expectShown = (text: string, fixture: Fixture) => {
    for (const needle of needles(fixture)) expect(text).toContain(needle);
  };
  /** Runs the sync a user would (incremental by default) and says whether it read every account. */
  const sync = async (): Promise<{ full: boolean }> => {
    const mark = app.events.length;
    expect(await app.call('sync:run', { connectionId })).toMatchObject({ phase: 'idle', error: null });
    return { full: app.events.slice(mark).some((e) => e.progress?.total === total) };
  };
  /** Reads the first page of alpha's log and of the audit trail, which the app caches. */
  const readActivity = async () => {
    await app.call('logs:list', { connectionId, accountId: alpha.accountId, query: {} });
    await app.call('audit:list', { connectionId, query: {} });
    const { pages } = await decryptedCache();
    expect(pages).toContain(`"logs:${alpha.accountId}"`);
    expect(pages).toContain('"audit"');
  };

  beforeAll(async () => {
    t = await startTestServer('access-change');
    const teamA = await addGroup(t, 'team-a');
    const teamB = await addGroup(t, 'team-b');
    await addGroup(t, 'team-c');
    const fixture = async (name: string, groupId: string): Promise<Fixture> => {
      const account = await addServiceAccount(t, { name, roles: ['Viewer'], groupIds: [groupId] });
      const tokenName = `${name}-deploy-key`;
      const { row, secret } = await t.store.tokens.create({
        memberId: account.id,
        kind: 'sa',
        name: tokenName,
        roles: [],
        expiresAt: null,
        by: 'admin',
      });
      // One request with the token: a request-log row, and its last use (time and address).
      expect((await sendToServer(t.url, secret, 'GET', apiPath('getMe'))).status).toBe(200);
      return { accountId: account.id, tokenId: row.id, tokenName, hint: row.hint };
    };
    alpha = await fixture('alpha_svc', teamA);
    beta = await fixture('beta_svc', teamB);
    const mia = await addHumanWithToken(t, { name: 'mia', roles: ['Power User'], groupIds: [teamA] });
    miaId = mia.member.id;

    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Mia', url: t.url, token: mia.token })).id;
    total = (await app.call('snapshot:get', { connectionId }))!.accounts.length;
  });

  afterAll(() => shutDown(app, [t], root));

  it('as a Power User in team-a: alpha’s tokens are shown and cached, beta’s are not', async () => {
    expect((await tokensOf(alpha))!.map((token) => token.name)).toEqual([alpha.tokenName]);
    expect((await tokensOf(alpha))![0]!.lastUsedFrom).not.toBeNull();
    expect(await tokensOf(beta)).toBeNull();
    await readActivity();
    const { snapshot } = await decryptedCache();
    expectShown(snapshot, alpha);
    expectHidden(snapshot, beta);
  });

  it('moved out of team-a: the next sync runs in full and alpha’s tokens, log and the audit page are gone', async () => {
    await changeMia({ groups: ['team-c'] });
    const ran = await sync();
    expect(await tokensOf(alpha)).toBeNull();
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.me.groups).toEqual(['team-c']);
    const cache = await decryptedCache();
    expectHidden(cache.snapshot, alpha);
    expectHidden(cache.snapshot, beta);
    expect(cache.pages).not.toContain(`logs:${alpha.accountId}`);
    expect(cache.pages).not.toContain('"audit"');
    expect(ran).toEqual({ full: true });
    // An incremental sync with the same rights stays incremental.
    expect(await sync()).toEqual({ full: false });
  });

  it('added to team-b: beta’s tokens appear at the next sync, with no full sync asked for', async () => {
    await changeMia({ groups: ['team-c', 'team-b'] });
    const ran = await sync();
    expect((await tokensOf(beta))?.map((token) => token.name)).toEqual([beta.tokenName]);
    expect(await tokensOf(alpha)).toBeNull();
    const { snapshot } = await decryptedCache();
    expectShown(snapshot, beta);
    expectHidden(snapshot, alpha);
    expect(ran).toEqual({ full: true });
  });

  it('demoted to Viewer: no token metadata, log or audit page is kept, in memory or on disk', async () => {
    await changeMia({ groups: ['team-a', 'team-b'] });
    await sync();
    expect(await tokensOf(alpha)).not.toBeNull();
    await readActivity();

    await changeMia({ roles: ['Viewer'] });
    const ran = await sync();
    expect(await tokensOf(alpha)).toBeNull();
    expect(await tokensOf(beta)).toBeNull();
    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.me.roles).toEqual(['Viewer']);
    expect(snapshot.accounts.map((a) => a.id)).toEqual(expect.arrayContaining([alpha.accountId, beta.accountId]));
    const cache = await decryptedCache();
    expectHidden(cache.snapshot, alpha);
    expectHidden(cache.snapshot, beta);
    expect(cache.pages).not.toContain(`logs:${alpha.accountId}`);
    expect(cache.pages).not.toContain('"audit"');
    expect(ran).toEqual({ full: true });

    // Offline, nothing is answered from memory either: the cached pages are gone, not just the file.
    await t.server.close();
    for (const [channel, payload] of [
      ['logs:list', { connectionId, accountId: alpha.accountId, query: {} }],
      ['audit:list', { connectionId, query: {} }],
    ] as const) {
      const result = await app.core.handle(channel, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'network_unreachable' } });
    }
  });
});
