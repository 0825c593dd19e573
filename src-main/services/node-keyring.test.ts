import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeKeyring } from './node-keyring.js';
import { tempDir } from './test-support/temp-dir.js';

describe('NodeKeyring (keychain stand-in)', () => {
  const dirs: { cleanup: () => void }[] = [];
  const fresh = () => {
    const dir = tempDir('keychain');
    dirs.push(dir);
    return dir.path;
  };
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  it('round-trips, and another instance over the same folder reads it', async () => {
    const dir = fresh();
    const data = await new NodeKeyring({ dir }).encrypt('secret value ✓');
    expect(data.toString('utf8')).not.toContain('secret value');
    expect(await new NodeKeyring({ dir }).decrypt(data)).toBe('secret value ✓');
  });

  it('keeps its master key in a 0600 file', async () => {
    const dir = fresh();
    await new NodeKeyring({ dir }).encrypt('x');
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('uses a fresh IV each time', async () => {
    const keyring = new NodeKeyring({ dir: fresh() });
    const a = await keyring.encrypt('same');
    const b = await keyring.encrypt('same');
    expect(a.equals(b)).toBe(false);
  });

  it('refuses tampered data and data from a reset keychain', async () => {
    const dir = fresh();
    const data = await new NodeKeyring({ dir }).encrypt('secret');
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1]! ^= 0x01;
    await expect(new NodeKeyring({ dir }).decrypt(tampered)).rejects.toThrow();
    rmSync(join(dir, 'master.key'));
    await expect(new NodeKeyring({ dir }).decrypt(data)).rejects.toThrow();
  });

  it('reports its backend honestly, including the basic_text and unavailable poses', async () => {
    expect(await new NodeKeyring({ dir: fresh() }).info()).toEqual({
      backend: 'node_file',
      secure: true,
      available: true,
    });
    expect(await new NodeKeyring({ dir: fresh(), posesAsBasicText: true }).info()).toEqual({
      backend: 'basic_text',
      secure: false,
      available: true,
    });
    const none = new NodeKeyring({ dir: fresh(), unavailable: true });
    expect((await none.info()).available).toBe(false);
    await expect(none.encrypt('x')).rejects.toThrow();
  });
});
