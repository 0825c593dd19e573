import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { checksumOf, generateToken } from '../../src-shared/token-format.js';
import { digestOf } from '../store/digest.js';
import { DATABASE_FILE } from '../db/open.js';
import { addHumanWithToken, addServiceAccount, addServiceAccountToken, call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { lockPostgresTables } from '../test-backend.js';

describe('Bearer authentication', () => {
  const t = useTestServer('auth');

  const me = (authorization?: string) =>
    call<ErrorBody>(t.url + apiPath('getMe'), authorization === undefined ? {} : { authorization });

  async function expect401(authorization: string | undefined, code: string, message?: RegExp | string) {
    const reply = await me(authorization);
    expect(reply.status).toBe(401);
    expect(ErrorBody.parse(reply.body).error.code).toBe(code);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="TokenDesk"');
    if (typeof message === 'string') expect(reply.body.error.message).toBe(message);
    else if (message) expect(reply.body.error.message).toMatch(message);
    return reply;
  }

  async function serviceAccountToken(options: { enabled?: boolean; expiresAt?: number | null; basic?: boolean } = {}) {
    const account = await addServiceAccount(t, {
      name: `sa_${Math.random().toString(36).slice(2, 10)}`,
      roles: ['Viewer'],
      groupIds: [t.adminsGroupId],
      basicAuthEnabled: options.basic ?? false,
    });
    const created = await addServiceAccountToken(t, account, {
      name: 'ci',
      roles: ['Viewer'],
      expiresAt: options.expiresAt,
    });
    if (options.enabled === false) await t.store.members.updateServiceAccount(account.id, { enabled: false }, 'admin');
    return { account, ...created };
  }

  it('accepts the bootstrap token', async () => {
    const reply = await call(t.url + apiPath('getMe'), { token: t.adminToken });
    expect(reply.status).toBe(200);
  });

  it('healthz needs no token', async () => {
    expect((await call(t.url + apiPath('getHealth'))).status).toBe(200);
  });

  it('token_missing: no header, an empty header, or another scheme', async () => {
    await expect401(undefined, 'token_missing', /Authorization: Bearer <token>/);
    await expect401('', 'token_missing');
    await expect401(`Token ${t.adminToken}`, 'token_missing', /Bearer/);
    await expect401('Bearer', 'token_missing');
  });

  it('accepts the scheme name in any case', async () => {
    expect((await me(`bearer ${t.adminToken}`)).status).toBe(200);
  });

  it('token_malformed: not the TokenDesk shape', async () => {
    await expect401('Bearer not-a-token', 'token_malformed', /tdk_sa_ or tdk_pt_/);
    await expect401(`Bearer ${t.adminToken.slice(0, -1)}`, 'token_malformed');
    await expect401(`Bearer ghp_${'a'.repeat(36)}`, 'token_malformed');
  });

  it('token_checksum_invalid: right shape, wrong checksum', async () => {
    const body = t.adminToken.slice(0, -6);
    const wrong = checksumOf(body) === '000000' ? '000001' : '000000';
    await expect401(`Bearer ${body}${wrong}`, 'token_checksum_invalid', /checksum/);
  });

  it('token_unknown: a well-formed token this server never issued', async () => {
    await expect401(`Bearer ${generateToken('personal')}`, 'token_unknown');
  });

  it('token_expired: once the clock reaches the expiry, with a plain message', async () => {
    const { secret } = await serviceAccountToken({ expiresAt: t.clock.now() + 60_000 });
    expect((await me(`Bearer ${secret}`)).status).toBe(200);
    t.clock.advance(60_000);
    try {
      await expect401(`Bearer ${secret}`, 'token_expired', 'This token has expired. Create a new one.');
    } finally {
      t.clock.advance(-60_000);
    }
  });

  it('token_suspended and token_deleted', async () => {
    const suspended = await serviceAccountToken();
    await t.store.tokens.update(suspended.row.id, { status: 'SUSPENDED' });
    await expect401(`Bearer ${suspended.secret}`, 'token_suspended');
    const deleted = await serviceAccountToken();
    await t.store.tokens.softDelete(deleted.row.id);
    await expect401(`Bearer ${deleted.secret}`, 'token_deleted');
  });

  it('account_disabled for a disabled service account, owner_disabled for a disabled human', async () => {
    const { secret } = await serviceAccountToken({ enabled: false });
    await expect401(`Bearer ${secret}`, 'account_disabled');
    const human = await addHumanWithToken(t, { name: 'disabled.person', roles: ['Viewer'] });
    await t.store.sql.run('UPDATE members SET enabled = 0 WHERE id = ?', [human.member.id]);
    await expect401(`Bearer ${human.token}`, 'owner_disabled');
  });

  it('token_unknown once the owning service account is deleted', async () => {
    const { secret, account } = await serviceAccountToken();
    await t.store.members.deleteServiceAccount(account.id, 'admin');
    await expect401(`Bearer ${secret}`, 'token_unknown');
  });

  it('HTTP Basic works only for service accounts that enable it, with the token name or id as user', async () => {
    const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
    const on = await serviceAccountToken({ basic: true });
    expect((await me(basic('ci', on.secret))).status).toBe(200);
    expect((await me(basic(on.row.id, on.secret))).status).toBe(200);
    await expect401(basic('someone-else', on.secret), 'token_missing');
    const off = await serviceAccountToken({ basic: false });
    await expect401(basic('ci', off.secret), 'token_missing', /Basic Auth/);
  });

  it('records last use at most once a minute', async () => {
    const { secret, row } = await serviceAccountToken();
    await me(`Bearer ${secret}`);
    const first = (await t.store.tokens.get(row.id))?.last_used_at;
    expect(first).toBe(new Date(t.clock.now()).toISOString());
    expect((await t.store.tokens.get(row.id))?.last_used_from).toBe('127.0.0.1');
    t.clock.advance(30_000);
    await me(`Bearer ${secret}`);
    expect((await t.store.tokens.get(row.id))?.last_used_at).toBe(first);
    t.clock.advance(30_000);
    await me(`Bearer ${secret}`);
    expect((await t.store.tokens.get(row.id))?.last_used_at).not.toBe(first);
  });

  it('still answers when another connection holds the write lock (last use is best effort)', async () => {
    const { secret } = await serviceAccountToken();
    const release = await holdWriteLock();
    try {
      t.clock.advance(120_000);
      const started = Date.now();
      const reply = await me(`Bearer ${secret}`);
      expect(reply.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000); // did not sit out the 5 s busy timeout
      expect((await t.store.tokens.byDigest(digestOf(secret)))?.last_used_at).toBeNull();
    } finally {
      await release();
      t.clock.advance(-120_000);
    }
  });

  /** Another connection holding the lock last use needs: SQLite's whole file, or PostgreSQL's tokens table. */
  async function holdWriteLock(): Promise<() => Promise<void>> {
    if (typeof t.database !== 'string') return lockPostgresTables(t.database.databaseUrl, ['tokens']);
    // Another process's connection to the file, holding its write lock.
    const lock = new Database(join(t.dataDir, DATABASE_FILE));
    lock.pragma('busy_timeout = 0');
    lock.exec('BEGIN IMMEDIATE');
    return () => {
      lock.exec('ROLLBACK');
      lock.close();
      return Promise.resolve();
    };
  }
});
