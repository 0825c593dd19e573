import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkToken } from '../../src-shared/token-format.js';
import { bootstrapIfEmpty } from '../bootstrap.js';
import { TestClock, tempDir } from '../test-support.js';
import { digestOf } from './digest.js';
import type { DomainRow } from './domains.js';
import { openStore, type Store } from './store.js';

describe('store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let domain: DomainRow;
  const clock = new TestClock();

  beforeEach(() => {
    dir = tempDir('store');
    store = openStore(dir.path, { now: clock.now });
    domain = store.domains.create('acme', clock.now());
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const account = (name: string) =>
    store.members.create({ domainId: domain.id, type: 'SERVICE_ACCOUNT', name, roles: ['Viewer'], by: 'test' });
  const seqOf = (id: string) => store.members.get(id)?.seq;

  it('gives every change to an account or its tokens the next value of the domain sequence', () => {
    const a = account('alpha_one');
    const b = account('beta_two');
    expect([seqOf(a.id), seqOf(b.id)]).toEqual([1, 2]);
    const { row: token } = store.tokens.create({
      memberId: a.id,
      kind: 'sa',
      name: 'ci',
      roles: ['Viewer'],
      expiresAt: null,
      by: 'test',
    });
    expect(seqOf(a.id)).toBe(3);
    store.members.updateServiceAccount(b.id, { description: 'changed' }, 'test');
    expect(seqOf(b.id)).toBe(4);
    store.tokens.update(token.id, { status: 'SUSPENDED' });
    expect(seqOf(a.id)).toBe(5);
    store.tokens.softDelete(token.id);
    expect(seqOf(a.id)).toBe(6);
    expect(store.domains.currentSeq(domain.id)).toBe(6);
  });

  it('humans do not use up the sequence', () => {
    store.members.create({ domainId: domain.id, type: 'HUMAN', name: 'jane', roles: ['Viewer'], by: 'test' });
    expect(store.domains.currentSeq(domain.id)).toBe(0);
  });

  it('deleting a service account removes its tokens and leaves a tombstone with the next sequence value', () => {
    const a = account('gamma_three');
    store.tokens.create({ memberId: a.id, kind: 'sa', name: 'ci', roles: [], expiresAt: null, by: 'test' });
    expect(store.members.deleteServiceAccount(a.id, 'test')).toBe(true);
    expect(store.members.get(a.id)).toBeUndefined();
    expect(store.tokens.listLive(a.id)).toEqual([]);
    const tomb = store.db.prepare('SELECT id, seq, name FROM sa_tombstones').get();
    expect(tomb).toEqual({ id: a.id, seq: 3, name: 'gamma_three' });
    expect(store.members.deleteServiceAccount(a.id, 'test')).toBe(false);
  });

  it('keeps names unique per domain, and token names unique among live tokens only', () => {
    const a = account('delta_four');
    expect(() => account('delta_four')).toThrow(/UNIQUE/);
    const other = store.domains.create('other', clock.now());
    expect(() =>
      store.members.create({ domainId: other.id, type: 'SERVICE_ACCOUNT', name: 'delta_four', roles: [], by: 'test' }),
    ).not.toThrow();
    const first = store.tokens.create({ memberId: a.id, kind: 'sa', name: 'ci', roles: [], expiresAt: null, by: 't' });
    expect(() =>
      store.tokens.create({ memberId: a.id, kind: 'sa', name: 'ci', roles: [], expiresAt: null, by: 't' }),
    ).toThrow(/UNIQUE/);
    store.tokens.softDelete(first.row.id);
    expect(() =>
      store.tokens.create({ memberId: a.id, kind: 'sa', name: 'ci', roles: [], expiresAt: null, by: 't' }),
    ).not.toThrow();
  });

  it('stores only the digest and hint of a secret, never the secret itself', () => {
    const a = account('epsilon_five');
    const { secret, row } = store.tokens.create({
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
    expect(store.tokens.byDigest(digestOf(secret))?.id).toBe(row.id);
    const admin = bootstrapIfEmpty(store);
    expect(admin).toBeNull(); // a domain exists already
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const random = secret.slice(7, 37);
    for (const file of readdirSync(dir.path)) {
      expect(readFileSync(join(dir.path, file)).includes(random)).toBe(false);
    }
  });

  it('returns times as ISO strings with an offset', () => {
    const a = account('zeta_six');
    const view = store.serviceAccounts.get(domain.id, a.id);
    expect(view?.account.createdAt).toBe(new Date(clock.now()).toISOString());
    expect(view?.account.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('bootstrap', () => {
  it('creates domain, group, admin and one personal token once', () => {
    const dir = tempDir('bootstrap');
    const store = openStore(dir.path);
    try {
      const token = bootstrapIfEmpty(store);
      expect(token && checkToken(token)).toEqual({ ok: true, kind: 'personal' });
      expect(bootstrapIfEmpty(store)).toBeNull();
      const domain = store.domains.byName('default');
      const admin = domain && store.members.byName(domain.id, 'admin');
      expect(admin?.type).toBe('HUMAN');
      expect(store.members.rolesOf(admin!.id)).toEqual(['Admin']);
      expect(store.groups.ofMember(admin!.id).map((g) => g.name)).toEqual(['admins']);
      expect(store.tokens.listLive(admin!.id)).toHaveLength(1);
      expect(store.tokens.listLive(admin!.id)[0]?.kind).toBe('pt');
    } finally {
      store.close();
      dir.remove();
    }
  });
});
