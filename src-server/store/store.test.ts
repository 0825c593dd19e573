import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkToken } from '../../src-shared/token-format.js';
import { bootstrapIfEmpty } from '../bootstrap.js';
import { openTestStore, TestClock } from '../test-support.js';
import { testBackend } from '../test-backend.js';
import { digestOf } from './digest.js';
import type { DomainRow } from './domains.js';
import { UniqueViolation } from '../db/sql.js';
import type { Store } from './store.js';

describe('store', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  let domain: DomainRow;
  const clock = new TestClock();

  beforeEach(async () => {
    opened = await openTestStore('store', { now: clock.now });
    store = opened.store;
    domain = await store.domains.create('acme', clock.now());
  });
  afterEach(async () => {
    await opened.close();
  });

  const account = async (name: string) =>
    await store.members.create({ domainId: domain.id, type: 'SERVICE_ACCOUNT', name, roles: ['Viewer'], by: 'test' });
  const seqOf = async (id: string) => (await store.members.get(id))?.seq;

  it('gives every change to an account or its tokens the next value of the domain sequence', async () => {
    const a = await account('alpha_one');
    const b = await account('beta_two');
    expect([await seqOf(a.id), await seqOf(b.id)]).toEqual([1, 2]);
    const { row: token } = await store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: ['Viewer'],
      expiresAt: null,
      by: 'test',
    });
    expect(await seqOf(a.id)).toBe(3);
    await store.members.updateServiceAccount(b.id, { description: 'changed' }, 'test');
    expect(await seqOf(b.id)).toBe(4);
    await store.tokens.update(token.id, { status: 'SUSPENDED' });
    expect(await seqOf(a.id)).toBe(5);
    await store.tokens.softDelete(token.id);
    expect(await seqOf(a.id)).toBe(6);
    expect(await store.domains.currentSeq(domain.id)).toBe(6);
  });

  it('humans do not use up the sequence', async () => {
    await store.members.create({ domainId: domain.id, type: 'HUMAN', name: 'jane', roles: ['Viewer'], by: 'test' });
    expect(await store.domains.currentSeq(domain.id)).toBe(0);
  });

  it('deleting a service account removes its tokens and leaves a tombstone with the next sequence value', async () => {
    const a = await account('gamma_three');
    await store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 'test',
    });
    expect(await store.members.deleteServiceAccount(a.id, 'test')).toBe(true);
    expect(await store.members.get(a.id)).toBeUndefined();
    expect(await store.tokens.listLive(a.id)).toEqual([]);
    const tomb = await store.sql.get('SELECT id, seq, name FROM sa_tombstones');
    expect(tomb).toEqual({ id: a.id, seq: 3, name: 'gamma_three' });
    expect(await store.members.deleteServiceAccount(a.id, 'test')).toBe(false);
  });

  it('keeps names unique per domain, and token names unique among live tokens only', async () => {
    const a = await account('delta_four');
    await expect(account('delta_four')).rejects.toThrow(UniqueViolation);
    const other = await store.domains.create('other', clock.now());
    await store.members.create({
      domainId: other.id,
      type: 'SERVICE_ACCOUNT',
      name: 'delta_four',
      roles: [],
      by: 'test',
    });
    const first = await store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 't',
    });
    await expect(
      store.tokens.create({
        memberId: a.id,
        kind: 'sa',
        name: 'ci',
        roles: [],
        expiresAt: null,
        by: 't',
      }),
    ).rejects.toThrow(UniqueViolation);
    await store.tokens.softDelete(first.row.id);
    await store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 't',
    });
  });

  it('stores only the digest and hint of a secret, never the secret itself', async () => {
    const a = await account('epsilon_five');
    const { secret, row } = await store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 'test',
    });
    expect(checkToken(secret)).toEqual({ ok: true, kind: 'serviceAccount' });
    expect(row.digest).toBe(digestOf(secret));
    expect(row.hint).toBe(`tdk_sa_…${secret.slice(-4)}`);
    expect((await store.tokens.byDigest(digestOf(secret)))?.id).toBe(row.id);
    const admin = await bootstrapIfEmpty(store);
    expect(admin).toBeNull(); // a domain exists already
    // The SQLite files themselves hold no secret (PostgreSQL's: see the digest check above).
    if (testBackend() === 'sqlite') {
      const dir = opened.database as string;
      await store.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      const random = secret.slice(7, 37);
      for (const file of readdirSync(dir)) {
        expect(readFileSync(join(dir, file)).includes(random)).toBe(false);
      }
    }
  });

  it('returns times as ISO strings with an offset', async () => {
    const a = await account('zeta_six');
    const view = await store.serviceAccounts.get(domain.id, a.id);
    expect(view?.account.createdAt).toBe(new Date(clock.now()).toISOString());
    expect(view?.account.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('bootstrap', () => {
  it('creates domain, group, admin and one personal token once', async () => {
    const { store, close } = await openTestStore('bootstrap');
    try {
      const token = await bootstrapIfEmpty(store);
      expect(token && checkToken(token)).toEqual({ ok: true, kind: 'personal' });
      expect(await bootstrapIfEmpty(store)).toBeNull();
      const domain = await store.domains.byName('default');
      const admin = domain && (await store.members.byName(domain.id, 'admin'));
      expect(admin?.type).toBe('HUMAN');
      expect(await store.members.rolesOf(admin!.id)).toEqual(['Admin']);
      expect((await store.groups.ofMember(admin!.id)).map((g) => g.name)).toEqual(['admins']);
      expect(await store.tokens.listLive(admin!.id)).toHaveLength(1);
      expect((await store.tokens.listLive(admin!.id))[0]?.kind).toBe('pt');
    } finally {
      await close();
    }
  });
});
