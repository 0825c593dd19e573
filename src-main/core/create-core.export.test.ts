import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcContract, type Channel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import { createCore, type Core } from '../core.js';
import { csvCell } from '../services/export/inventory.js';
import { NodeKeyring } from '../services/node-keyring.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { tempDir } from '../services/test-support/temp-dir.js';

/** Export… through the core: the inventory from the cache to the file the save dialog names, never a secret. */
describe('createCore: export', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let core: Core;
  let connectionId: string;
  let savePath: string | null;
  let secret: string;

  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };

  beforeEach(async () => {
    root = tempDir('core-export');
    api = await startFakeApi();
    for (let i = 0; i < 3; i++) api.upsert(makeAccount(i, 2));
    // An account with no tokens, and one whose name a spreadsheet would run as a formula.
    api.upsert({ ...makeAccount(3, 0), name: '=HYPERLINK("http://evil")' });
    savePath = join(root.path, 'out', 'inventory');
    core = await createCore({
      dataDir: join(root.path, 'data'),
      keyring: new NodeKeyring({ dir: join(root.path, 'keychain') }),
      emit: () => undefined,
      appVersion: '9.9.9',
      platform: 'test-os',
      dialogs: { pickSavePath: ({ defaultName }) => Promise.resolve(savePath && `${savePath}-${defaultName}`) },
    });
    connectionId = (
      await call('connections:add', { name: 'Production', url: api.url, domain: 'default', token: api.token })
    ).id;
    await call('sync:run', { connectionId });
    // A secret the app was given, to look for in what it writes.
    secret = (
      await call('tokens:create', {
        connectionId,
        accountId: 'sa_000001',
        input: { name: 'fresh', expiresAt: '2031-01-01T00:00:00.000Z' },
      })
    ).secret;
  });
  afterEach(async () => {
    await core.dispose();
    await api.close();
    root.cleanup();
  });

  it('CSV: a header line naming the server and the data’s age, one row per token (and per account without), no secret', async () => {
    const result = (await call('export:inventory', { connectionId, attentionOnly: false, format: 'csv' }))!;
    // 3 accounts × 2 tokens, one more made here, and the account without tokens.
    expect(result.rows).toBe(8);
    const text = readFileSync(result.path, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^# TokenDesk inventory of Production; server ${api.url}; domain default; data from \\d{4}-.*Z; exported `,
      ),
    );
    expect(lines[1]!.startsWith('connection,account,account_id,')).toBe(true);
    expect(lines).toHaveLength(2 + 8);
    expect(text).toContain('fresh');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(7, 20));
    // The formula is plain text.
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(result.path.endsWith('.csv')).toBe(true);
  });

  it('JSON: the same rows, with the sources; only what needs attention when asked', async () => {
    const all = (await call('export:inventory', { connectionId: null, attentionOnly: false, format: 'json' }))!;
    const parsed = JSON.parse(readFileSync(all.path, 'utf8')) as { sources: { url: string }[]; rows: unknown[] };
    expect(parsed.sources).toMatchObject([{ url: api.url, domain: 'default' }]);
    expect(parsed.rows).toHaveLength(8);
    expect(readFileSync(all.path, 'utf8')).not.toContain(secret);
    const attention = (await call('export:inventory', { connectionId, attentionOnly: true, format: 'json' }))!;
    const rows = (JSON.parse(readFileSync(attention.path, 'utf8')) as { rows: { attention: string[] }[] }).rows;
    expect(rows.length).toBe(attention.rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.attention.length > 0)).toBe(true);
  });

  it('a cancelled save dialog writes nothing and answers null', async () => {
    savePath = null;
    expect(await call('export:inventory', { connectionId, attentionOnly: false, format: 'csv' })).toBeNull();
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['line\nbreak', '"line\nbreak"'],
  ])('%j → %j', (text, cell) => expect(csvCell(text)).toBe(cell));
});
