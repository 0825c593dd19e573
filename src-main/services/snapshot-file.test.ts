import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheStores } from './cache-files.js';
import type { JournaledFileStore } from './journaled-file-store.js';
import type { SnapshotEdit } from './snapshot-edit.js';
import { seal, unseal } from './sealed-envelope.js';
import { SNAPSHOT_VERSION, serializeSnapshot, type CachedSnapshot } from './snapshot.js';
import { makeSnapshot, plainSnapshot } from './test-support/snapshots.js';
import { CorruptSnapshotError } from './token-index.js';
import { tempDir } from './test-support/temp-dir.js';

describe('the snapshot file (a sealed file store: AES-256-GCM, atomic writes)', () => {
  let dir: { path: string; cleanup: () => void };
  const key = randomBytes(32);
  const open = (name = 'conn-1', withKey = key) =>
    openCacheStores({ dir: dir.path, key: withKey, persistent: true }).snapshot(name) as JournaledFileStore<
      CachedSnapshot,
      SnapshotEdit
    >;
  /** Writes a plaintext as this app would, sealed under the right key and label. */
  const plant = (plaintext: string, name = 'conn-1') =>
    writeFileSync(open(name).basePath, seal(key, plaintext, `snapshot:${name}.cache`));

  beforeEach(() => {
    dir = tempDir('snapshots');
  });
  afterEach(() => dir.cleanup());

  it('starts empty without creating a file', () => {
    const store = open();
    expect(store.load()).toEqual({ value: null, setAside: false });
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('round-trips a snapshot through an encrypted 0600 file', () => {
    const snapshot = makeSnapshot('conn-1');
    open().save(snapshot);
    const text = readFileSync(open().basePath, 'utf8');
    expect(text).not.toContain('account_000001');
    expect(text).not.toContain('Deployment');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['v', 'iv', 'tag', 'data']);
    expect(statSync(open().basePath).mode & 0o777).toBe(0o600);
    const loaded = open().load();
    expect(loaded.setAside).toBe(false);
    expect(plainSnapshot(loaded.value)).toEqual(plainSnapshot(snapshot));
    expect(loaded.value?.tokens.get('sa_000001')).toHaveLength(2);
  });

  it('a cold load does not hold the tokens part: it is read from the file again when first needed', () => {
    open().save(makeSnapshot('conn-1', 4, 2));
    const loaded = open().load().value!;
    expect(loaded.tokens.parsed).toBe(false);
    expect(loaded.tokens.get('sa_000003')).toHaveLength(2);

    // The file replaced since the load (another envelope): what it holds now is not this snapshot's.
    const stale = open().load().value!;
    open().save(makeSnapshot('conn-1', 4, 3));
    expect(() => stale.tokens.get('sa_000003')).toThrow(CorruptSnapshotError);
  });

  it('stores the head and the tokens as two JSON lines; the list rows carry no tokens', () => {
    const snapshot = makeSnapshot('conn-1', 4, 3);
    open().save(snapshot);
    const plaintext = unseal(key, readFileSync(open().basePath, 'utf8'), 'snapshot:conn-1.cache');
    const lines = plaintext.split('\n');
    expect(lines).toHaveLength(2);
    const head = JSON.parse(lines[0]!) as CachedSnapshot;
    expect(head.version).toBe(SNAPSHOT_VERSION);
    expect(head.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_000002', 'sa_000003']);
    expect(head.accounts.every((a) => !('tokens' in a))).toBe(true);
    expect('tokens' in head).toBe(false);
    const tokens = JSON.parse(lines[1]!) as Record<string, unknown[]>;
    expect(Object.keys(tokens)).toEqual(['sa_000000', 'sa_000001', 'sa_000002', 'sa_000003']);
    expect(tokens.sa_000002).toHaveLength(3);
  });

  it('parses only the head on load; the tokens part on first use', () => {
    open().save(makeSnapshot('conn-1', 5, 2));
    const snapshot = open().load().value!;
    expect(snapshot.accounts).toHaveLength(5);
    expect(snapshot.tokens.parsed).toBe(false);
    expect(snapshot.tokens.get('sa_000004')?.map((t) => t.name)).toEqual(['token-0', 'token-1']);
    expect(snapshot.tokens.parsed).toBe(true);
    expect(snapshot.tokens.get('sa_999999')).toBeUndefined();
  });

  it('a damaged but authentic tokens part loads, fails on first use, and is then set aside like any bad file', () => {
    const good = serializeSnapshot(makeSnapshot('conn-1', 3, 2));
    const head = good.slice(0, good.indexOf('\n'));
    const damaged = [
      '{"sa_000000":[}', // not JSON
      '{"sa_000000":[],"sa_000001":[]}', // an account missing
      '{"sa_000000":[],"sa_000001":[],"sa_000002":[],"sa_000003":[]}', // one too many
      '{"sa_000000":[],"sa_000001":[],"sa_000002":"no"}', // not a list
    ];
    for (const tokens of damaged) {
      plant(`${head}\n${tokens}`);
      const store = open();
      const loaded = store.load();
      expect(loaded.setAside, tokens).toBe(false);
      expect(loaded.value?.accounts, tokens).toHaveLength(3);
      expect(() => loaded.value!.tokens.get('sa_000000'), tokens).toThrow(CorruptSnapshotError);
      // Still damaged on a second read: never half a result.
      expect(() => loaded.value!.tokens.entries(), tokens).toThrow(CorruptSnapshotError);
      expect(store.setAside()).toMatch(/conn-1\.cache\.corrupt-/);
      expect(() => statSync(store.basePath)).toThrow();
      store.save(makeSnapshot('conn-1'));
      expect(open().load().value?.tokens.get('sa_000000')).toHaveLength(2);
      for (const name of readdirSync(dir.path).filter((n) => n.includes('.corrupt-'))) rmSync(join(dir.path, name));
    }
  });

  it('replaces the whole file on every save', () => {
    const store = open();
    store.load();
    store.save(makeSnapshot('conn-1', 5));
    store.save(makeSnapshot('conn-1', 2));
    expect(open().load().value?.accounts).toHaveLength(2);
  });

  it('detects a flipped byte anywhere, moves the file aside and reports it in plain words', () => {
    open().save(makeSnapshot('conn-1', 20, 3));
    const path = open().basePath;
    const original = readFileSync(path);
    const positions = [0, 1, 5, 12, 30, 60, Math.floor(original.length / 2), original.length - 3, original.length - 1];
    for (let i = 0; i < 15; i++) positions.push(Math.floor(Math.random() * original.length));
    for (const position of positions) {
      const copy = Buffer.from(original);
      copy[position]! ^= 1 << Math.floor(Math.random() * 8);
      writeFileSync(path, copy);
      const result = open().load();
      expect(result, `position ${position}`).toEqual({
        value: null,
        setAside: true,
        movedTo: expect.stringMatching(/conn-1\.cache\.corrupt-/) as unknown,
      });
      expect(() => statSync(path)).toThrow();
      const aside = readdirSync(dir.path).filter((n) => n.includes('.corrupt-'));
      expect(aside).toHaveLength(1);
      // The damaged bytes are kept for inspection, not deleted.
      expect(readFileSync(join(dir.path, aside[0]!)).length).toBe(original.length);
      for (const name of aside) rmSync(join(dir.path, name));
    }
  });

  it('refuses a file made with another key, a planted plaintext file and a wrong shape', () => {
    open('conn-1', randomBytes(32)).save(makeSnapshot('conn-1'));
    expect(open().load().setAside).toBe(true);

    writeFileSync(open().basePath, JSON.stringify(makeSnapshot('conn-1')));
    expect(open().load().setAside).toBe(true);

    writeFileSync(open().basePath, serializeSnapshot(makeSnapshot('conn-1')));
    expect(open().load().setAside).toBe(true);

    plant(`${JSON.stringify({ version: SNAPSHOT_VERSION, accounts: 'nope' })}\n{}`);
    expect(open().load().setAside).toBe(true);

    const good = serializeSnapshot(makeSnapshot('conn-1'));
    plant(good.replace('\n', ' ')); // one line: no tokens part
    expect(open().load().setAside).toBe(true);
    plant(`${good.slice(0, good.indexOf('\n'))}\n[]`); // a tokens part that is not an object
    expect(open().load().setAside).toBe(true);
  });

  it('refuses another connection’s file copied over this one', () => {
    open('conn-2').save(makeSnapshot('conn-2'));
    writeFileSync(open('conn-1').basePath, readFileSync(open('conn-2').basePath));
    expect(open('conn-1').load().setAside).toBe(true);
  });

  it('after a recovery, saving works again and the next load is clean', () => {
    writeFileSync(open().basePath, 'garbage');
    const store = open();
    expect(store.load().setAside).toBe(true);
    store.save(makeSnapshot('conn-1'));
    expect(open().load().setAside).toBe(false);
  });

  it('cleans up temp files left by a killed writer, and remove deletes the file', () => {
    const store = open();
    store.save(makeSnapshot('conn-1'));
    writeFileSync(join(dir.path, 'conn-1.cache.tmp-1700000000abcdef'), 'half');
    expect(open().load().value).not.toBeNull();
    expect(readdirSync(dir.path)).toEqual(['conn-1.cache']);
    store.remove();
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('keeps non-ASCII text intact while the file holds only ASCII', () => {
    const snapshot = makeSnapshot('conn-1');
    snapshot.accounts[0]!.description = 'Déploie la nuit … 🚀 — ünïcode';
    snapshot.tokens.get('sa_000001')![0]!.name = 'clé-🔑';
    const store = open();
    store.save(snapshot);
    expect(/[\u0080-\uffff]/.test(readFileSync(store.basePath, 'latin1'))).toBe(false);
    const plaintext = unseal(key, readFileSync(store.basePath, 'utf8'), 'snapshot:conn-1.cache');
    expect(/[\u0080-\uffff]/.test(plaintext)).toBe(false);
    const loaded = open().load().value;
    expect(loaded?.accounts[0]?.description).toBe('Déploie la nuit … 🚀 — ünïcode');
    expect(loaded?.tokens.get('sa_000001')?.[0]?.name).toBe('clé-🔑');
    expect(loaded?.tokens.get('sa_000000')?.[0]?.hint).toMatch(/^tdk_sa_…/);
  });

  it('sets aside a sealed file of another snapshot format version, older or newer', () => {
    const snapshot = makeSnapshot('conn-1');
    plant(serializeSnapshot({ ...snapshot, version: 999 as typeof SNAPSHOT_VERSION }));
    expect(open().load().setAside).toBe(true);
    // Format 1: one JSON document, accounts with their tokens inline.
    const accounts = snapshot.accounts.map((row) => ({ ...row, tokens: snapshot.tokens.get(row.id) }));
    plant(JSON.stringify({ ...snapshot, version: 1, tokens: undefined, accounts }));
    expect(open().load().setAside).toBe(true);
    // The same data in the current format loads: it is the version that was refused.
    plant(serializeSnapshot(snapshot));
    expect(open().load().setAside).toBe(false);
  });

  it('sets aside a version 5 file, whose accounts have no grants and denies', () => {
    const snapshot = makeSnapshot('conn-1');
    const accounts = snapshot.accounts.map(({ grants: _grants, denies: _denies, ...row }) => row);
    plant(serializeSnapshot({ ...snapshot, accounts, version: 5 } as unknown as CachedSnapshot));
    expect(open().load().setAside).toBe(true);
  });

  it('sets aside a version 2 file (no groups), and a current-version head without them', () => {
    const { groups: _groups, ...withoutGroups } = makeSnapshot('conn-1');
    plant(serializeSnapshot({ ...withoutGroups, version: 2 } as unknown as CachedSnapshot));
    expect(open().load().setAside).toBe(true);
    plant(serializeSnapshot(withoutGroups as CachedSnapshot));
    expect(open().load().setAside).toBe(true);
    plant(serializeSnapshot(makeSnapshot('conn-1')));
    expect(
      open()
        .load()
        .value?.groups.map((g) => g.name),
    ).toEqual(['admins', 'data-team']);
  });
});
