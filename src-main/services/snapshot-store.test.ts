import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confStoreFactory } from './conf-store.js';
import { seal } from './sealed-envelope.js';
import { EncryptedSnapshotStore } from './snapshot-store.js';
import { makeSnapshot } from './test-support/snapshots.js';
import { tempDir } from './test-support/temp-dir.js';

describe('EncryptedSnapshotStore (conf + AES-256-GCM)', () => {
  let dir: { path: string; cleanup: () => void };
  const key = randomBytes(32);
  const open = (name = 'conn-1', withKey = key) =>
    new EncryptedSnapshotStore({ dir: dir.path, name, key: withKey, factory: confStoreFactory });

  beforeEach(() => {
    dir = tempDir('snapshots');
  });
  afterEach(() => dir.cleanup());

  it('starts empty without creating a file', () => {
    const store = open();
    expect(store.load()).toEqual({ snapshot: null, recovered: null });
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('round-trips a snapshot through an encrypted 0600 file', () => {
    const snapshot = makeSnapshot('conn-1');
    open().save(snapshot);
    const text = readFileSync(open().path, 'utf8');
    expect(text).not.toContain('account_000001');
    expect(text).not.toContain('Deployment');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['v', 'iv', 'tag', 'data']);
    expect(statSync(open().path).mode & 0o777).toBe(0o600);
    expect(open().load()).toEqual({ snapshot, recovered: null });
  });

  it('replaces the whole file on every save', () => {
    const store = open();
    store.load();
    store.save(makeSnapshot('conn-1', 5));
    store.save(makeSnapshot('conn-1', 2));
    expect(open().load().snapshot?.accounts).toHaveLength(2);
  });

  it('detects a flipped byte anywhere, moves the file aside and reports it in plain words', () => {
    open().save(makeSnapshot('conn-1', 20, 3));
    const path = open().path;
    const original = readFileSync(path);
    const positions = [0, 1, 5, 12, 30, 60, Math.floor(original.length / 2), original.length - 3, original.length - 1];
    for (let i = 0; i < 15; i++) positions.push(Math.floor(Math.random() * original.length));
    for (const position of positions) {
      const copy = Buffer.from(original);
      copy[position]! ^= 1 << Math.floor(Math.random() * 8);
      writeFileSync(path, copy);
      const result = open().load();
      expect(result.snapshot, `position ${position}`).toBeNull();
      expect(result.recovered).toMatch(/could not be read .* moved aside as conn-1\.cache\.corrupt-/);
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
    expect(open().load().recovered).not.toBeNull();

    writeFileSync(open().path, JSON.stringify(makeSnapshot('conn-1')));
    expect(open().load().recovered).not.toBeNull();

    writeFileSync(open().path, seal(key, JSON.stringify({ version: 1, accounts: 'nope' }), 'snapshot:conn-1.cache'));
    expect(open().load().recovered).not.toBeNull();
  });

  it('refuses another connection’s file copied over this one', () => {
    open('conn-2').save(makeSnapshot('conn-2'));
    writeFileSync(open('conn-1').path, readFileSync(open('conn-2').path));
    expect(open('conn-1').load().recovered).not.toBeNull();
  });

  it('after a recovery, saving works again and the next load is clean', () => {
    writeFileSync(open().path, 'garbage');
    const store = open();
    expect(store.load().recovered).not.toBeNull();
    store.save(makeSnapshot('conn-1'));
    expect(open().load().recovered).toBeNull();
  });

  it('cleans up temp files left by a killed writer, and remove deletes the file', () => {
    const store = open();
    store.save(makeSnapshot('conn-1'));
    writeFileSync(join(dir.path, 'conn-1.cache.tmp-1700000000abcdef'), 'half');
    expect(open().load().snapshot).not.toBeNull();
    expect(readdirSync(dir.path)).toEqual(['conn-1.cache']);
    store.remove();
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('keeps non-ASCII text intact while the file holds only ASCII', () => {
    const snapshot = makeSnapshot('conn-1');
    snapshot.accounts[0]!.description = 'Déploie la nuit … 🚀 — ünïcode';
    const store = open();
    store.save(snapshot);
    expect(/[^\x00-\x7f]/.test(readFileSync(store.path, 'latin1'))).toBe(false);
    expect(open().load().snapshot?.accounts[0]?.description).toBe('Déploie la nuit … 🚀 — ünïcode');
  });

  it('sets aside a sealed file of another snapshot format version', () => {
    const store = open();
    writeFileSync(
      store.path,
      seal(key, JSON.stringify({ ...makeSnapshot('conn-1'), version: 999 }), 'snapshot:conn-1.cache'),
    );
    expect(open().load().recovered).toMatch(/could not be read/);
  });
});
