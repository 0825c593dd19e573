import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES } from '../../src-shared/errors.js';
import { ipcContract, LOCKED_CHANNELS, type Channel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import { createCore, type Core } from '../core.js';
import { MemoryClipboard } from '../services/clipboard.js';
import { ManualPowerEvents } from '../services/lock/power-events.js';
import { NodeKeyring } from '../services/node-keyring.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { manualTimers, type ManualTimers } from '../services/test-support/manual-timers.js';
import { tempDir } from '../services/test-support/temp-dir.js';

const PASSPHRASE = 'correct horse battery staple';
/** Cheap scrypt: these tests unlock many times; the real parameters are measured in the bench. */
const KDF = { N: 2 ** 14, r: 8, p: 1 };

describe('createCore: the app lock', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let core: Core;
  let timers: ManualTimers;
  let power: ManualPowerEvents;
  let clipboard: MemoryClipboard;
  let locks: number;
  let connectionId: string;
  /** Touch ID's stand-in: offered, and what the user answers to the prompt. */
  let presence: { offered: boolean; confirms: boolean; asked: string[] };
  /** The stand-in keychain poses as Linux `basic_text`, which protects nothing. */
  let basicText: boolean;
  const dataDir = () => join(root.path, 'data');

  const attempt = (channel: Channel, payload?: unknown) => core.handle(channel, payload);
  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };
  const start = async () => {
    core = await createCore({
      dataDir: dataDir(),
      keyring: new NodeKeyring({ dir: join(root.path, 'keychain'), posesAsBasicText: basicText }),
      emit: () => undefined,
      appVersion: '9.9.9',
      platform: 'test-os',
      http: { timeoutMs: 5_000, lostAnswerRetryDelayMs: 0 },
      clipboard,
      clipboardTimers: timers,
      live: { timers },
      power,
      presence: {
        available: () => Promise.resolve(presence.offered),
        confirm: (reason) => {
          presence.asked.push(reason);
          return Promise.resolve(presence.confirms);
        },
      },
      lockKdf: KDF,
      onLocked: () => (locks += 1),
      log: () => undefined,
    });
  };
  const restart = async () => {
    await core.dispose();
    await start();
  };
  const json = (name: string) => JSON.parse(readFileSync(join(dataDir(), name), 'utf8')) as Record<string, unknown>;
  const storages = () =>
    (json('connections.json').connections as { credential: { storage: string } | null }[]).map(
      (c) => c.credential?.storage ?? null,
    );

  beforeEach(async () => {
    root = tempDir('core-lock');
    api = await startFakeApi();
    for (let i = 0; i < 2; i++) api.upsert(makeAccount(i, 1));
    timers = manualTimers();
    power = new ManualPowerEvents();
    clipboard = new MemoryClipboard();
    locks = 0;
    presence = { offered: false, confirms: false, asked: [] };
    basicText = false;
    await start();
    connectionId = (await call('connections:add', { name: 'Fake', url: api.url, domain: 'default', token: api.token }))
      .id;
    await call('sync:run', { connectionId });
  });
  afterEach(async () => {
    await core.dispose();
    await api.close();
    root.cleanup();
  });

  it('set up: the vault wraps the data key and the credential, and no keychain-only copy is left', async () => {
    expect(storages()).toEqual(['keychain']);
    const status = await call('lock:setUp', { passphrase: PASSPHRASE });
    expect(status).toMatchObject({ enabled: true, locked: false, settings: { idleMinutes: 5, lockOnStart: true } });
    expect(json('lock.json')).toMatchObject({ version: 1, kdf: { name: 'scrypt', N: KDF.N }, keychainCopy: null });
    expect(json('data-key.json').backend).toBe('passphrase');
    expect(storages()).toEqual(['passphrase']);
    expect(await call('app:info')).toMatchObject({ keyring: { backend: 'passphrase', secure: true } });

    // A restart opens nothing without the passphrase; with it, the same cache and credential.
    await restart();
    expect(await call('lock:status')).toMatchObject({ locked: true });
    expect(await call('lock:unlock', { passphrase: PASSPHRASE })).toMatchObject({ locked: false });
    expect((await call('snapshot:get', { connectionId }))!.accounts).toHaveLength(2);
    expect((await call('connections:list'))[0]).toMatchObject({ credential: 'passphrase' });
  });

  it('a short passphrase is refused by field', async () => {
    const result = await attempt('lock:setUp', { passphrase: 'short' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: /passphrase: Use at least 10/ },
    });
    expect(existsSync(join(dataDir(), 'lock.json'))).toBe(false);
  });

  it('while locked, every channel but unlock and status answers locked, before its payload is read', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE });
    await call('lock:lock');
    expect(locks).toBe(1);
    for (const channel of Object.keys(ipcContract) as Channel[]) {
      if (LOCKED_CHANNELS.has(channel)) continue;
      expect(await attempt(channel, { connectionId }), channel).toMatchObject({ ok: false, error: { code: 'locked' } });
    }
    expect(CLIENT_ERROR_CODES).toContain('locked');
    expect(await call('lock:status')).toMatchObject({ locked: true, enabled: true });
  });

  it('locks on idle time, screen lock and suspend, and clears a secret it copied', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE, settings: { idleMinutes: 2 } });
    power.idle = 60;
    await timers.advance(60_000);
    expect((await call('lock:status')).locked).toBe(false);
    power.idle = 120;
    await timers.advance(60_000);
    await call('lock:status');
    expect((await call('lock:status')).locked).toBe(true);

    power.idle = 0;
    await call('lock:unlock', { passphrase: PASSPHRASE });
    await call('clipboard:copy', { text: 'tdk_sa_secret_on_clipboard' });
    power.fire('lock-screen');
    await core.settle();
    await expect.poll(async () => (await call('lock:status')).locked).toBe(true);
    expect(await clipboard.readText()).toBe('');

    await call('lock:unlock', { passphrase: PASSPHRASE });
    power.fire('suspend');
    await expect.poll(async () => (await call('lock:status')).locked).toBe(true);
  });

  it('wrong passphrases back off 1 s, 2 s, 4 s, and the wait holds even for the right one', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE });
    await call('lock:lock');
    const wrong = await attempt('lock:unlock', { passphrase: 'not the passphrase' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong_passphrase', details: { retryAfterSeconds: 1 } } });
    expect(await attempt('lock:unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'try_later', details: { retryAfterSeconds: 1 } },
    });
    await timers.advance(1000);
    expect(await attempt('lock:unlock', { passphrase: 'still wrong' })).toMatchObject({
      error: { details: { retryAfterSeconds: 2 } },
    });
    await timers.advance(2000);
    expect(await attempt('lock:unlock', { passphrase: 'wrong again' })).toMatchObject({
      error: { details: { retryAfterSeconds: 4 } },
    });
    expect((await call('lock:status')).retryAfterSeconds).toBe(4);
    await timers.advance(4000);
    expect(await call('lock:unlock', { passphrase: PASSPHRASE })).toMatchObject({
      locked: false,
      retryAfterSeconds: 0,
    });
  });

  it('step-up: an Admin token needs the passphrase again once the window has passed; a Viewer one does not', async () => {
    api.upsert({ ...makeAccount(5, 0), roles: ['Admin', 'Viewer'] });
    await call('sync:run', { connectionId });
    await call('lock:setUp', { passphrase: PASSPHRASE, settings: { stepUpMinutes: 1 } });
    const admin = { connectionId, accountId: 'sa_000005', input: { name: 'admin-bot', expiresAt: null } };
    const viewer = {
      connectionId,
      accountId: 'sa_000005',
      input: { name: 'view-bot', expiresAt: null, roles: ['Viewer'] },
    };
    // Inside the window: no question.
    expect((await call('tokens:create', { ...admin, input: { ...admin.input, name: 'early' } })).secret).toMatch(
      /^tdk_/,
    );

    await timers.advance(61_000);
    expect(await attempt('tokens:create', admin)).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    expect(api.accounts.get('sa_000005')!.account.tokens!.map((t) => t.name)).not.toContain('admin-bot');
    expect((await call('tokens:create', viewer)).secret).toMatch(/^tdk_/);
    expect(
      await attempt('connections:add', { name: 'Other', url: api.url, domain: 'default', token: api.token }),
    ).toMatchObject({
      ok: false,
      error: { code: 'step_up_required' },
    });

    expect(await attempt('lock:stepUp', { passphrase: 'wrong one' })).toMatchObject({
      error: { code: 'wrong_passphrase' },
    });
    await timers.advance(1000);
    await call('lock:stepUp', { passphrase: PASSPHRASE });
    expect((await call('tokens:create', admin)).secret).toMatch(/^tdk_/);
  });

  it('turning it off wraps everything with the keychain again and removes lock.json', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE });
    expect(await attempt('lock:disable', { passphrase: 'nope nope nope' })).toMatchObject({
      error: { code: 'wrong_passphrase' },
    });
    expect(existsSync(join(dataDir(), 'lock.json'))).toBe(true);
    await timers.advance(1000);
    expect(await call('lock:disable', { passphrase: PASSPHRASE })).toMatchObject({ enabled: false, locked: false });
    expect(existsSync(join(dataDir(), 'lock.json'))).toBe(false);
    expect(json('data-key.json').backend).not.toBe('passphrase');
    expect(storages()).toEqual(['keychain']);
    await restart();
    expect((await call('lock:status')).enabled).toBe(false);
    expect((await call('snapshot:get', { connectionId }))!.accounts).toHaveLength(2);
  });

  it('a turn-on cut short after lock.json is finished by the next unlock, with nothing lost', async () => {
    const before = {
      key: readFileSync(join(dataDir(), 'data-key.json')),
      conns: readFileSync(join(dataDir(), 'connections.json')),
    };
    await call('lock:setUp', { passphrase: PASSPHRASE });
    await core.dispose();
    // As if the app died right after writing lock.json: the other two files still keychain-wrapped.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir(), 'data-key.json'), before.key);
    writeFileSync(join(dataDir(), 'connections.json'), before.conns);
    await start();
    await call('lock:unlock', { passphrase: PASSPHRASE });
    expect(json('data-key.json').backend).toBe('passphrase');
    expect(storages()).toEqual(['passphrase']);
    expect((await call('snapshot:get', { connectionId }))!.accounts).toHaveLength(2);
    expect(await call('sync:run', { connectionId })).toMatchObject({ phase: 'idle' });
  });

  it('changing the passphrase: the old one stops working, the new one opens the same data', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE });
    await call('lock:changePassphrase', { current: PASSPHRASE, next: 'a brand new passphrase' });
    await restart();
    expect(await attempt('lock:unlock', { passphrase: PASSPHRASE })).toMatchObject({
      error: { code: 'wrong_passphrase' },
    });
    await timers.advance(1000);
    await call('lock:unlock', { passphrase: 'a brand new passphrase' });
    expect((await call('snapshot:get', { connectionId }))!.accounts).toHaveLength(2);
  });

  it('lock on start off keeps a keychain copy and opens without the passphrase; a damaged lock.json never reads as off', async () => {
    await call('lock:setUp', { passphrase: PASSPHRASE });
    await call('lock:configure', { lockOnStart: false });
    expect(json('lock.json').keychainCopy).not.toBeNull();
    await restart();
    expect(await call('lock:status')).toMatchObject({ enabled: true, locked: false });
    await call('lock:configure', { lockOnStart: true });
    expect(json('lock.json').keychainCopy).toBeNull();

    await core.dispose();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir(), 'lock.json'), '{"version":1,');
    await start();
    expect(await call('lock:status')).toMatchObject({ enabled: true, locked: true, problem: /damaged/ });
    expect(await attempt('connections:list')).toMatchObject({ error: { code: 'locked' } });
    expect(await attempt('lock:unlock', { passphrase: PASSPHRASE })).toMatchObject({ error: { code: 'lock_damaged' } });
  });

  it('Touch ID unlocks from a keychain-wrapped copy, only when set up and confirmed; the passphrase still works', async () => {
    presence.offered = true;
    await call('lock:setUp', { passphrase: PASSPHRASE });
    expect(await call('lock:status')).toMatchObject({ touchIdAvailable: true, touchIdReady: false });
    await call('lock:lock');
    expect(await attempt('lock:unlock', { touchId: true })).toMatchObject({ error: { code: 'invalid_request' } });
    await call('lock:unlock', { passphrase: PASSPHRASE });

    await call('lock:configure', { touchId: true });
    expect(json('lock.json').keychainCopy).not.toBeNull();
    await call('lock:lock');
    expect(await attempt('lock:unlock', { touchId: true })).toMatchObject({ error: { code: 'wrong_passphrase' } });
    presence.confirms = true;
    await timers.advance(1000);
    expect(await call('lock:unlock', { touchId: true })).toMatchObject({ locked: false, touchIdReady: true });
    expect(presence.asked).toEqual(['unlock TokenDesk', 'unlock TokenDesk']);
    expect((await call('snapshot:get', { connectionId }))!.accounts).toHaveLength(2);
  });

  it('without a real keychain the passphrase is what lets the credential and cache outlive a restart', async () => {
    basicText = true;
    await restart();
    // The token entered again under basic_text: kept in memory only, nothing written.
    await call('connections:update', { id: connectionId, patch: { token: api.token } });
    expect(storages()).toEqual([null]);
    expect((await call('connections:list'))[0]).toMatchObject({ credential: 'memory' });
    await call('lock:setUp', { passphrase: PASSPHRASE });
    expect(storages()).toEqual(['passphrase']);
    expect(json('data-key.json').backend).toBe('passphrase');
    expect(await attempt('lock:configure', { lockOnStart: false })).toMatchObject({
      error: { code: 'keyring_unavailable' },
    });

    await restart();
    await call('lock:unlock', { passphrase: PASSPHRASE });
    expect((await call('connections:list'))[0]).toMatchObject({ credential: 'passphrase' });
    expect(await call('sync:run', { connectionId })).toMatchObject({ phase: 'idle' });
    // Turned off again: back to memory only, and nothing on disk that nobody can open.
    await call('lock:disable', { passphrase: PASSPHRASE });
    expect(storages()).toEqual([null]);
    expect(existsSync(join(dataDir(), 'data-key.json'))).toBe(false);
  });
});
