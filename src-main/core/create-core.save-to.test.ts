import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcContract, type Channel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import { createCore, type Core } from '../core.js';
import { NodeKeyring } from '../services/node-keyring.js';
import type { PasswordEntry, PasswordManagerTarget, TargetKind } from '../services/password-managers/target.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { dataKeyOf, findAtRest } from '../services/test-support/secrets-at-rest.js';
import { tempDir } from '../services/test-support/temp-dir.js';

/** A password manager that keeps what it was handed: the entry, and the very buffer of the secret. */
class RecordingTarget implements PasswordManagerTarget<unknown> {
  readonly saved: { entry: PasswordEntry; secretAtSave: string; options: unknown }[] = [];
  constructor(readonly kind: TargetKind) {}
  availability() {
    return Promise.resolve({ available: true as const });
  }
  save(entry: PasswordEntry, options: unknown) {
    const updated = this.saved.some((s) => s.entry.title === entry.title);
    this.saved.push({ entry, secretAtSave: entry.secret.toString('utf8'), options });
    return Promise.resolve({ kind: this.kind, entryTitle: entry.title, updated });
  }
}

describe('createCore: Save to…', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let core: Core;
  let targets: Record<TargetKind, RecordingTarget>;
  let connectionId: string;
  const keyring = () => new NodeKeyring({ dir: join(root.path, 'keychain') });

  const attempt = (channel: Channel, payload?: unknown) => core.handle(channel, payload);
  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };
  const create = (name: string) =>
    call('tokens:create', {
      connectionId,
      accountId: 'sa_000001',
      input: { name, expiresAt: null, roles: ['Viewer'] },
    });

  beforeEach(async () => {
    root = tempDir('core-save-to');
    api = await startFakeApi();
    api.upsert({ ...makeAccount(1, 0), name: 'deploy-bot', roles: ['Viewer'] });
    targets = {
      keepass: new RecordingTarget('keepass'),
      pass: new RecordingTarget('pass'),
      bitwarden: new RecordingTarget('bitwarden'),
      '1password': new RecordingTarget('1password'),
    };
    core = await createCore({
      dataDir: join(root.path, 'data'),
      keyring: keyring(),
      emit: () => undefined,
      appVersion: '9.9.9',
      platform: 'test-os',
      http: { timeoutMs: 5_000, lostAnswerRetryDelayMs: 0 },
      passwordManagers: targets,
      lockKdf: { N: 2 ** 14, r: 8, p: 1 },
      log: () => undefined,
    });
    connectionId = (await call('connections:add', { name: 'Fake', url: api.url, domain: 'default', token: api.token }))
      .id;
    await call('sync:run', { connectionId });
  });
  afterEach(async () => {
    await core.dispose();
    await api.close();
    root.cleanup();
  });

  it('hands the reveal’s secret to the target by id, with the entry’s names, and remembers where', async () => {
    const created = await create('ci-bot');
    expect(created.revealId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.savedTo).toBeNull();
    const host = new URL(api.url).host;
    const result = await call('reveal:save', { kind: 'pass', revealId: created.revealId });
    expect(result).toMatchObject({ kind: 'pass', entryTitle: `tokendesk/${host}/deploy-bot/ci-bot`, updated: false });
    const { entry, secretAtSave } = targets.pass.saved[0]!;
    expect(secretAtSave).toBe(created.secret);
    expect(entry).toMatchObject({ username: 'ci-bot', url: api.url });
    expect(entry.notes).toContain('Account: deploy-bot');
    expect(entry.notes).toContain('Roles: Viewer');
    expect(entry.notes).toContain('Expires: never');

    expect(await call('savedEntries:list', { connectionId })).toEqual([
      expect.objectContaining({
        accountId: 'sa_000001',
        tokenName: 'ci-bot',
        kind: 'pass',
        entryTitle: result.entryTitle,
      }),
    ]);
    // Never the secret at rest: not in the data folder, not in its decrypted cache files.
    const key = await dataKeyOf(join(root.path, 'data'), keyring());
    expect(findAtRest(join(root.path, 'data'), key, [created.secret])).toEqual([]);

    // After a rotate, the reveal says where the token was saved, so the same entry can be updated.
    const rotated = await call('tokens:rotate', {
      connectionId,
      accountId: 'sa_000001',
      name: 'ci-bot',
      graceSeconds: 0,
    });
    expect(rotated).toMatchObject({
      storedForConnection: false,
      savedTo: { kind: 'pass', entryTitle: result.entryTitle },
    });
  });

  it('closing the reveal zero-fills the secret main held; saving after that says so', async () => {
    const created = await create('short-lived');
    await call('reveal:save', {
      kind: 'keepass',
      revealId: created.revealId,
      place: { file: '/x.kdbx', group: 'G' },
      masterPassword: 'pw',
    });
    const handed = targets.keepass.saved[0]!.entry.secret;
    expect(handed.toString('utf8')).toBe(created.secret);
    await call('reveal:close', { revealId: created.revealId });
    expect(handed.every((byte) => byte === 0)).toBe(true);
    expect(await attempt('reveal:save', { kind: 'pass', revealId: created.revealId })).toMatchObject({
      ok: false,
      error: { code: 'reveal_closed' },
    });
    // The KeePass place is remembered for next time; the master password is not kept anywhere.
    expect((await call('settings:get')).keepass).toEqual({ file: '/x.kdbx', group: 'G' });
    expect(targets.keepass.saved[0]!.options).toMatchObject({ file: '/x.kdbx', group: 'G' });
    expect((targets.keepass.saved[0]!.options as { masterPassword: Buffer }).masterPassword.every((b) => b === 0)).toBe(
      true,
    );
  });

  it('the window can send only a reveal id: a secret in the request is refused by field', async () => {
    const created = await create('by-id-only');
    expect(
      await attempt('reveal:save', { kind: 'pass', revealId: created.revealId, secret: created.secret }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'Unexpected field: secret.' } });
    expect(targets.pass.saved).toEqual([]);
  });

  it('locking closes every open reveal', async () => {
    const created = await create('open-at-lock');
    await call('reveal:save', { kind: '1password', revealId: created.revealId });
    const handed = targets['1password'].saved[0]!.entry.secret;
    await call('lock:setUp', { passphrase: 'a passphrase for this test' });
    await call('lock:lock');
    expect(handed.every((byte) => byte === 0)).toBe(true);
    await call('lock:unlock', { passphrase: 'a passphrase for this test' });
    expect(await attempt('reveal:save', { kind: 'pass', revealId: created.revealId })).toMatchObject({
      error: { code: 'reveal_closed' },
    });
  });
});
