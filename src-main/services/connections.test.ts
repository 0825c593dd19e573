import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confStoreFactory } from './conf-store.js';
import { ConnectionService } from './connections.js';
import { NodeKeyring } from './node-keyring.js';
import { tempDir } from './test-support/temp-dir.js';

const TOKEN = 'tdk_pt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA123456';
const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Local',
  url: 'http://127.0.0.1:8787',
  domain: 'default',
  token: TOKEN,
  ...overrides,
});

describe('ConnectionService', () => {
  let root: { path: string; cleanup: () => void };
  let dataDir: string;
  let keychain: string;
  const open = (keyringOptions: { posesAsBasicText?: boolean; unavailable?: boolean } = {}) =>
    ConnectionService.open({
      dataDir,
      keyring: new NodeKeyring({ dir: keychain, ...keyringOptions }),
      factory: confStoreFactory,
    });
  const fileText = () => readFileSync(join(dataDir, 'connections.json'), 'utf8');

  beforeEach(() => {
    root = tempDir('connections');
    dataDir = join(root.path, 'data');
    keychain = join(root.path, 'keychain');
  });
  afterEach(() => root.cleanup());

  it('stores the credential only encrypted by the keychain, in a 0600 file, and never in a view', async () => {
    const service = await open();
    const view = await service.add(input());
    expect(view).toMatchObject({ name: 'Local', credential: 'keychain', lastSyncedAt: null });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(fileText()).not.toContain(TOKEN);
    expect(fileText()).not.toContain(TOKEN.slice(7, 20));
    expect(statSync(join(dataDir, 'connections.json')).mode & 0o777).toBe(0o600);

    const reopened = await open();
    expect(reopened.list()).toEqual([view]);
    expect(reopened.credentialOf(view.id)).toBe(TOKEN);
  });

  it('with basic_text keeps the credential in memory only, and says so', async () => {
    const service = await open({ posesAsBasicText: true });
    const view = await service.add(input());
    expect(view.credential).toBe('memory');
    expect(service.credentialOf(view.id)).toBe(TOKEN);
    const stored = JSON.parse(fileText()) as { connections: { credential: unknown }[] };
    expect(stored.connections[0]!.credential).toBeNull();

    const afterRestart = await open({ posesAsBasicText: true });
    expect(afterRestart.view(view.id).credential).toBe('missing');
    expect(afterRestart.credentialOf(view.id)).toBeNull();
  });

  /**
   * connections.json as an older version wrote it: connection `c-legacy` with TOKEN stored wrapped by
   * the insecure basic_text keychain. Returns the wrapped text.
   */
  const plantLegacyCredential = async (): Promise<string> => {
    const wrapped = (await new NodeKeyring({ dir: keychain, posesAsBasicText: true }).encrypt(TOKEN)).toString(
      'base64',
    );
    const legacy = {
      id: 'c-legacy',
      name: 'Old',
      url: 'http://127.0.0.1:8787',
      domain: 'default',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastSyncedAt: null,
      credential: { storage: 'disk-insecure', data: wrapped },
    };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'connections.json'), JSON.stringify({ version: 1, connections: [legacy] }));
    return wrapped;
  };

  it('reads a credential an older version stored under basic_text once, then takes it off the disk', async () => {
    const wrapped = await plantLegacyCredential();

    const service = await open({ posesAsBasicText: true });
    expect(service.credentialOf('c-legacy')).toBe(TOKEN);
    expect(service.view('c-legacy').credential).toBe('memory');
    expect(fileText()).not.toContain(wrapped);
    expect(
      (JSON.parse(fileText()) as { connections: { credential: unknown }[] }).connections[0]!.credential,
    ).toBeNull();
    expect((await open({ posesAsBasicText: true })).credentialOf('c-legacy')).toBeNull();
  });

  it('moves a credential an older version stored under basic_text into a keychain that is secure now', async () => {
    const wrapped = await plantLegacyCredential();
    const service = await open();
    expect(service.view('c-legacy').credential).toBe('keychain');
    expect(fileText()).not.toContain(wrapped);
    expect(fileText()).not.toContain('disk-insecure');
    expect((await open()).credentialOf('c-legacy')).toBe(TOKEN);
  });

  it('without a keychain keeps credentials in memory', async () => {
    const service = await open({ unavailable: true });
    expect((await service.add(input())).credential).toBe('memory');
  });

  it('updates fields, reports an endpoint change, replaces the token', async () => {
    const service = await open();
    const { id } = await service.add(input());
    expect((await service.update(id, { name: 'Other' })).endpointChanged).toBe(false);
    expect((await service.update(id, { domain: 'other' })).endpointChanged).toBe(true);
    const newToken = TOKEN.replace('AAAA', 'BBBB');
    const moved = await service.update(id, { url: 'http://localhost:9999', token: newToken });
    expect(moved.endpointChanged).toBe(true);
    expect(moved.view.url).toBe('http://localhost:9999');
    expect((await open()).credentialOf(id)).toBe(newToken);
    const thirdToken = TOKEN.replace('AAAA', 'CCCC');
    await service.update(id, { token: thirdToken });
    expect((await open()).credentialOf(id)).toBe(thirdToken);
  });

  it('refuses a new server address without a new token, and changes nothing', async () => {
    const service = await open();
    const { id } = await service.add(input());
    const before = fileText();
    for (const url of ['https://elsewhere.example', 'http://127.0.0.1:8788', 'http://127.0.0.1:8787/proxy']) {
      await expect(service.update(id, { name: 'Moved', url })).rejects.toMatchObject({
        code: 'token_required',
        message: `The server address changed, so enter the admin token for ${url} too. TokenDesk does not send the saved token to a different address.`,
      });
    }
    expect(fileText()).toBe(before);
    expect(service.view(id)).toMatchObject({ name: 'Local', url: 'http://127.0.0.1:8787', credential: 'keychain' });
    expect(service.credentialOf(id)).toBe(TOKEN);
    // Another spelling of the same address is the same server: no token needed.
    const same = await service.update(id, { url: 'HTTP://127.0.0.1:8787/' });
    expect(same.view.credential).toBe('keychain');
    expect(service.credentialOf(id)).toBe(TOKEN);
  });

  it('refuses a duplicate name and unknown ids in plain words', async () => {
    const service = await open();
    await service.add(input());
    await expect(service.add(input({ name: 'local' }))).rejects.toMatchObject({ code: 'name_taken' });
    expect(() => service.get('nope')).toThrow(expect.objectContaining({ code: 'unknown_connection' }));
  });

  it('removes a connection and its credential', async () => {
    const service = await open();
    const { id } = await service.add(input());
    service.remove(id);
    expect(service.list()).toEqual([]);
    expect((await open()).list()).toEqual([]);
  });

  it('a reset keychain leaves the connection with a missing credential, not a crash', async () => {
    const service = await open();
    const { id } = await service.add(input());
    const { rmSync } = await import('node:fs');
    rmSync(join(keychain, 'master.key'));
    const reopened = await open();
    expect(reopened.view(id).credential).toBe('missing');
  });

  it('a damaged connections file is set aside and reported', async () => {
    const service = await open();
    await service.add(input());
    writeFileSync(join(dataDir, 'connections.json'), '{"version":1,"connections":[{"id":');
    const reopened = await open();
    expect(reopened.list()).toEqual([]);
    expect(reopened.recovered).toMatch(/could not be read/);
  });
});
