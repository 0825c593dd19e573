import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { SORT_KEYS, ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import type { ErrorBody } from '../../src-shared/errors.js';
import type { RoleName } from '../../src-shared/roles.js';
import { addHumanWithToken, addServiceAccount, addServiceAccountToken, call, T0 } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

type Page = ServiceAccountListResponse;

describe('GET /domains/{domain}/service-accounts', () => {
  const t = useTestServer('list');
  const list = (query: Record<string, string>, token = t.adminToken) =>
    call<Page & ErrorBody>(
      `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?${new URLSearchParams(query).toString()}`,
      {
        token,
      },
    );

  /** Follows nextCursor to the end; checks total appears on the first page only. */
  async function walk(query: Record<string, string>): Promise<{ items: Page['items']; pages: Page[] }> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const reply = await list({ ...query, ...(cursor ? { cursor } : {}) });
      expect(reply.status).toBe(200);
      const page = ServiceAccountListResponse.parse(reply.body);
      if (pages.length === 0) expect(page.total).toBeTypeOf('number');
      else expect(page.total).toBeUndefined();
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return { items: pages.flatMap((p) => p.items), pages };
  }

  const ROLES: RoleName[][] = [['Viewer'], ['Deployment'], ['Power User'], ['Deployment', 'Viewer'], ['Admin']];

  beforeAll(async () => {
    for (let i = 0; i < 23; i++) {
      await addServiceAccount(t, {
        name: `svc_${String(i).padStart(2, '0')}_${['alpha', 'beta', 'gamma'][i % 3]}`,
        description: i === 4 ? 'Exports to the BILLING warehouse' : i === 5 ? 'Überwacht die Größe' : `Account ${i}`,
        roles: ROLES[i % ROLES.length],
        groupIds: [t.adminsGroupId],
        enabled: i % 4 !== 0,
        // Three accounts share each creation time, so sorting by time needs the id tie-break.
        at: T0 - Math.floor(i / 3) * 60_000,
      });
    }
    t.clock.advance(1000);
    const account = await t.store.members.byName(t.domain.id, 'svc_07_beta');
    await t.store.members.updateServiceAccount(account!.id, { description: 'touched' }, 'admin');
  });

  it('lists every account in name order by default, with total, syncCursor and no deletions', async () => {
    const reply = await list({});
    const page = ServiceAccountListResponse.parse(reply.body);
    expect(page.items.map((a) => a.name)).toEqual([...page.items.map((a) => a.name)].sort());
    expect(page.total).toBe(23);
    expect(page.nextCursor).toBeNull();
    expect(page.deleted).toEqual([]);
    expect(page.syncCursor).toBe(String(await t.store.domains.currentSeq(t.domain.id)));
    for (const item of page.items) {
      expect(ServiceAccount.strict().safeParse(item).success).toBe(true);
    }
  });

  it('pages through every sort order without duplicates or gaps', async () => {
    const all = ServiceAccountListResponse.parse((await list({ limit: '1000' })).body).items;
    for (const sort of SORT_KEYS) {
      const { items, pages } = await walk({ sort, limit: '4' });
      expect(pages.length).toBe(6);
      expect(items.map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
      expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
      const key = sort.replace('-', '') as 'name' | 'createdAt' | 'updatedAt';
      const sign = sort.startsWith('-') ? -1 : 1;
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1]!, items[i]!];
        const primary = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
        const order = primary !== 0 ? primary : a.id < b.id ? -1 : 1;
        expect(order * sign, `${sort}: ${a.name} before ${b.name}`).toBe(-1);
      }
    }
  });

  it('orders updatedAt by the last change', async () => {
    const items = ServiceAccountListResponse.parse((await list({ sort: '-updatedAt', limit: '1' })).body).items;
    expect(items.map((a) => a.name)).toEqual(['svc_07_beta']);
  });

  it('searches name and description, case-insensitively, including non-ASCII letters', async () => {
    const names = async (search: string) =>
      ServiceAccountListResponse.parse((await list({ search })).body).items.map((a) => a.name);
    expect(await names('GAMMA')).toEqual([
      'svc_02_gamma',
      'svc_05_gamma',
      'svc_08_gamma',
      'svc_11_gamma',
      'svc_14_gamma',
      'svc_17_gamma',
      'svc_20_gamma',
    ]);
    expect(await names('billing')).toEqual(['svc_04_beta']);
    expect(await names('GRÖSSE')).toEqual([]); // no case folding beyond lower-casing
    expect(await names('größe')).toEqual(['svc_05_gamma']);
    expect(await names('ÜBERWACHT')).toEqual(['svc_05_gamma']);
    expect(await names('%')).toEqual([]); // no LIKE wildcards
    expect(await names('  ')).toHaveLength(23);
  });

  it('filters by status and role, and counts the filtered total when asked', async () => {
    const disabled = ServiceAccountListResponse.parse((await list({ status: 'disabled', count: 'true' })).body);
    expect(disabled.items.every((a) => !a.enabled)).toBe(true);
    expect(disabled.total).toBe(6);
    const enabled = ServiceAccountListResponse.parse((await list({ status: 'enabled', count: 'true' })).body);
    expect(enabled.total).toBe(17);
    const deployers = ServiceAccountListResponse.parse(
      (await list({ role: 'Deployment', status: 'enabled', count: 'true' })).body,
    );
    expect(deployers.items.length).toBeGreaterThan(0);
    expect(deployers.items.every((a) => a.roles.includes('Deployment') && a.enabled)).toBe(true);
    expect(deployers.total).toBe(deployers.items.length);
  });

  it('counts a filtered listing only when asked: no scan of the table on every first page', async () => {
    const filters: Record<string, string>[] = [
      { status: 'enabled' },
      { role: 'Viewer' },
      { search: 'svc' },
      { search: 'svc', count: 'false' },
    ];
    for (const filter of filters) {
      const page = ServiceAccountListResponse.parse((await list(filter)).body);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.total, JSON.stringify(filter)).toBeUndefined();
    }
  });

  it('the plain total is the kept count, right after accounts are added and deleted on any connection', async () => {
    const total = async () => ServiceAccountListResponse.parse((await list({ limit: '1' })).body).total;
    expect(await total()).toBe(23);
    const extra = await addServiceAccount(t, { name: 'svc_counted', groupIds: [t.adminsGroupId] });
    expect(await total()).toBe(24);
    await t.store.members.deleteServiceAccount(extra.id, 'admin');
    expect(await total()).toBe(23);
  });

  it('rejects bad input with validation_failed and the issues', async () => {
    const bad: Record<string, string>[] = [
      { limit: '1001' },
      { limit: '0' },
      { sort: 'size' },
      { status: 'maybe' },
      { role: 'Owner' },
    ];
    for (const query of bad) {
      const reply = await list(query);
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
      expect(Array.isArray(reply.body.error.details)).toBe(true);
    }
    const unknown = await list({ color: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'color', in: 'query' })]);
    const repeated = await call<ErrorBody>(
      `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?limit=1&limit=2`,
      {
        token: t.adminToken,
      },
    );
    expect(repeated.status).toBe(400);
  });

  it('rejects a cursor that is not ours, or that belongs to another query', async () => {
    expect((await list({ cursor: 'bm9wZQ' })).body.error.code).toBe('validation_failed');
    const first = ServiceAccountListResponse.parse((await list({ limit: '2' })).body);
    const reused = await list({ limit: '2', sort: '-name', cursor: first.nextCursor! });
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toMatch(/different query/);
  });

  it('404 for an unknown domain, 403 for another domain, 403 without service_account.read', async () => {
    const unknown = await call<ErrorBody>(t.url + apiPath('listServiceAccounts', { domain: 'nowhere' }), {
      token: t.adminToken,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    await t.store.domains.create('elsewhere', t.clock.now());
    const other = await call<ErrorBody>(t.url + apiPath('listServiceAccounts', { domain: 'elsewhere' }), {
      token: t.adminToken,
    });
    expect([other.status, other.body.error.code]).toEqual([403, 'forbidden']);
    const bad = await call<ErrorBody>(t.url + apiPath('listServiceAccounts', { domain: 'Not A Domain' }), {
      token: t.adminToken,
    });
    expect(bad.status).toBe(400);
    // A service-account token given no roles has no permissions at all.
    const account = await addServiceAccount(t, { name: 'no_roles_here', roles: ['Viewer'] });
    const { secret } = await addServiceAccountToken(t, account, { name: 'empty', roles: [] });
    const denied = await list({}, secret);
    expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
    expect(denied.body.error.message).toMatch(/service_account\.read/);
    await t.store.members.deleteServiceAccount(account.id, 'admin');
  });

  it('a Viewer can list', async () => {
    const { token } = await addHumanWithToken(t, { name: 'viewer.one', roles: ['Viewer'] });
    expect((await list({}, token)).status).toBe(200);
  });
});

describe('GET /domains/{domain}/service-accounts/{id}', () => {
  const t = useTestServer('get');

  it('returns the account with roles, groups, token count and next expiry', async () => {
    const account = await addServiceAccount(t, {
      name: 'billing_sync',
      description: 'Syncs billing',
      roles: ['Viewer', 'Deployment'],
      groupIds: [t.adminsGroupId],
    });
    const token = async (name: string, expiresAt: number | null) =>
      await t.store.tokens.create({
        memberId: account.id,
        kind: 'sa',
        name,
        roles: ['Viewer'],
        expiresAt,
        by: 'admin',
      });
    await token('old', t.clock.now() - 1000);
    await token('later', t.clock.now() + 86_400_000);
    await token('sooner', t.clock.now() + 3_600_000);
    await token('forever', null);
    await t.store.tokens.softDelete((await token('gone', t.clock.now() + 60_000)).row.id);
    const reply = await call(t.url + apiPath('getServiceAccount', { domain: 'default', id: account.id }), {
      token: t.adminToken,
    });
    expect(reply.status).toBe(200);
    expect(ServiceAccount.parse(reply.body)).toEqual({
      id: account.id,
      name: 'billing_sync',
      description: 'Syncs billing',
      roles: ['Deployment', 'Viewer'],
      grants: [],
      denies: [],
      groups: ['admins'],
      enabled: true,
      basicAuthEnabled: false,
      createdAt: new Date(t.clock.now()).toISOString(),
      createdBy: 'admin',
      updatedAt: new Date(t.clock.now()).toISOString(),
      updatedBy: 'admin',
      tokenCount: 4,
      nextExpiry: new Date(t.clock.now() + 3_600_000).toISOString(),
    });
  });

  it('404 with the error shape for an unknown id', async () => {
    const reply = await call<ErrorBody>(t.url + apiPath('getServiceAccount', { domain: 'default', id: 'sa_missing' }), {
      token: t.adminToken,
    });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
    expect(reply.body.error.message).toMatch(/sa_missing/);
  });

  it('a human member id is not a service account', async () => {
    const reply = await call<ErrorBody>(t.url + apiPath('getServiceAccount', { domain: 'default', id: t.admin.id }), {
      token: t.adminToken,
    });
    expect(reply.status).toBe(404);
  });
});
