import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkToken } from '../src-shared/token-format.js';
import { DemoRefusedError, seedDemo } from './demo.js';
import { openStore } from './store/store.js';
import { tempDir } from './test-support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src-server/demo-cli.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo seeding', () => {
  const dirs: { remove: () => void }[] = [];
  afterAll(() => dirs.forEach((d) => d.remove()));
  const fresh = (label: string) => {
    const dir = tempDir(label);
    dirs.push(dir);
    return dir.path;
  };

  it('bootstraps an empty folder and seeds the asked-for counts with a realistic mix', async () => {
    const path = fresh('demo');
    const result = await seedDemo(path, { accounts: 400, tokensPerAccount: 4, seed: 7 });
    expect(result).toMatchObject({ accounts: 400, tokens: 1600, replaced: 0 });
    expect(result.adminToken && checkToken(result.adminToken).ok).toBe(true);

    const store = await openStore(path);
    try {
      const domain = (await store.domains.byName('default'))!;
      const q = async (sql: string) => (await store.sql.value(sql)) as number;
      expect(await store.members.countServiceAccounts(domain.id)).toBe(400);
      expect(await q("SELECT count(*) FROM tokens WHERE kind = 'sa'")).toBe(1600);
      expect((await store.groups.list(domain.id)).map((g) => g.name)).toEqual([
        'admins',
        'billing-ops',
        'data-team',
        'platform',
      ]);
      const names = await store.sql.column<string>("SELECT name FROM members WHERE type = 'SERVICE_ACCOUNT'");
      expect(names).toContain('ci_deployer');
      expect(names).toContain('billing_sync');
      expect(names.some((n) => /^[a-z0-9_]+_\d{4}$/.test(n))).toBe(true);
      expect(names.every((n) => /^[a-z0-9_]{3,64}$/.test(n))).toBe(true);
      // Mixed on every axis the UI shows.
      const disabled = await q("SELECT count(*) FROM members WHERE type = 'SERVICE_ACCOUNT' AND enabled = 0");
      expect(disabled).toBeGreaterThan(5);
      expect(disabled).toBeLessThan(80);
      const now = new Date().toISOString();
      const week = new Date(Date.now() + 7 * 86_400_000).toISOString();
      expect(await q('SELECT count(*) FROM tokens WHERE expires_at IS NULL')).toBeGreaterThan(100);
      expect(await q(`SELECT count(*) FROM tokens WHERE expires_at <= '${now}'`)).toBeGreaterThan(50);
      expect(
        await q(`SELECT count(*) FROM tokens WHERE expires_at > '${now}' AND expires_at <= '${week}'`),
      ).toBeGreaterThan(50);
      expect(await q("SELECT count(*) FROM tokens WHERE status = 'SUSPENDED'")).toBeGreaterThan(30);
      expect(await q('SELECT count(*) FROM tokens WHERE last_used_at IS NOT NULL')).toBeGreaterThan(800);
      expect(await q('SELECT count(DISTINCT role) FROM member_roles')).toBe(4);
      // Some accounts share no group with the admin, so the same-group rule shows.
      const admins = (await store.groups.byName(domain.id, 'admins'))!.id;
      const outside = await q(`SELECT count(*) FROM members m WHERE m.type = 'SERVICE_ACCOUNT'
        AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.member_id = m.id AND gm.group_id = '${admins}')`);
      expect(outside).toBeGreaterThan(10);
      expect(outside).toBeLessThan(100);
    } finally {
      await store.close();
    }
  });

  it('is deterministic for a seed', async () => {
    const names = async (path: string) => {
      await seedDemo(path, { accounts: 60, tokensPerAccount: 1, seed: 11 });
      const store = await openStore(path);
      try {
        return await store.sql.all(
          "SELECT name, description FROM members WHERE type = 'SERVICE_ACCOUNT' ORDER BY name",
        );
      } finally {
        await store.close();
      }
    };
    expect(await names(fresh('det-a'))).toEqual(await names(fresh('det-b')));
  });

  it('refuses a second seeding unless forced, and force replaces with tombstones', async () => {
    const path = fresh('twice');
    await seedDemo(path, { accounts: 30, tokensPerAccount: 1 });
    await expect(seedDemo(path, { accounts: 30, tokensPerAccount: 1 })).rejects.toThrow(DemoRefusedError);
    const again = await seedDemo(path, { accounts: 20, tokensPerAccount: 2, force: true });
    expect(again).toMatchObject({ accounts: 20, tokens: 40, replaced: 30, adminToken: null });
    const store = await openStore(path);
    try {
      expect(await store.sql.value('SELECT count(*) FROM sa_tombstones')).toBe(30);
      expect(await store.members.countServiceAccounts((await store.domains.byName('default'))!.id)).toBe(20);
    } finally {
      await store.close();
    }
  });

  it('refuses counts over the limits', async () => {
    const path = fresh('limits');
    await expect(seedDemo(path, { accounts: 100_001, tokensPerAccount: 1 })).rejects.toThrow(/100000/);
    await expect(seedDemo(path, { accounts: 1, tokensPerAccount: 21 })).rejects.toThrow(DemoRefusedError);
  });

  it('demo CLI: prints the admin token once, then the counts; refuses twice; exit 2 on bad flags', async () => {
    const path = fresh('demo-cli');
    const first = await runDemo(['--data', path, '--accounts', '25', '--tokens', '2']);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter((l) => l.startsWith('Admin token: '))).toHaveLength(1);
    expect(first.stdout).toMatch(/^Admin token: tdk_pt_[0-9A-Za-z]{36}$/m);
    expect(first.stdout).toMatch(/Seeded 25 service accounts and 50 tokens/);
    const second = await runDemo(['--data', path, '--accounts', '25']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already has 25 service accounts.*--force/);
    const forced = await runDemo(['--data', path, '--accounts', '5', '--tokens', '1', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('Admin token');
    expect(forced.stdout).toMatch(/Seeded 5 service accounts and 5 tokens \(replaced 25 existing\)/);
    const tooMany = await runDemo(['--data', path, '--accounts', '10001']);
    expect(tooMany.code).toBe(2);
  }, 60_000);
});
