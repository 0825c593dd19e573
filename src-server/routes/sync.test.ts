import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { NEXT_CURSOR_HEADER, ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import type { ErrorBody } from '../../src-shared/errors.js';
import type { MemberRow } from '../store/members.js';
import { addServiceAccount, call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

type Page = ServiceAccountListResponse;

describe('incremental sync with changesSince', () => {
  const t = useTestServer('sync');
  const accounts: MemberRow[] = [];
  const list = async (query: Record<string, string>): Promise<Page> => {
    const reply = await call<Page & ErrorBody>(
      `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?${new URLSearchParams(query).toString()}`,
      { token: t.adminToken },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return ServiceAccountListResponse.parse(reply.body);
  };

  beforeAll(async () => {
    for (let i = 0; i < 10; i++) {
      accounts.push(await addServiceAccount(t, { name: `sync_${i}`, groupIds: [t.adminsGroupId] }));
    }
  });

  it('repeats nextCursor in the X-Next-Cursor header, so a client can fetch the next page early', async () => {
    const url = `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?limit=4`;
    const first = await call<Page>(url, { token: t.adminToken });
    const cursor = ServiceAccountListResponse.parse(first.body).nextCursor;
    expect(cursor).not.toBeNull();
    expect(first.headers.get(NEXT_CURSOR_HEADER)).toBe(cursor);
    const last = await call<Page>(`${url.replace('limit=4', 'limit=1000')}`, { token: t.adminToken });
    expect(last.headers.get(NEXT_CURSOR_HEADER)).toBeNull();
  });

  it('reports nothing new right after a full listing', async () => {
    const full = await list({});
    expect(full.syncCursor).toBe('10');
    const none = await list({ changesSince: full.syncCursor });
    expect(none).toEqual({ items: [], nextCursor: null, syncCursor: '10', deleted: [], total: 0 });
  });

  it('returns accounts changed after the cursor, in change order, and ids deleted since', async () => {
    const { syncCursor } = await list({});
    await t.store.members.updateServiceAccount(accounts[3]!.id, { description: 'updated' }, 'admin');
    await t.store.tokens.create({
      memberId: accounts[1]!.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 'x',
    });
    await t.store.members.deleteServiceAccount(accounts[5]!.id, 'admin');
    const added = await addServiceAccount(t, { name: 'sync_new', groupIds: [t.adminsGroupId] });

    const changes = await list({ changesSince: syncCursor });
    expect(changes.items.map((a) => a.name)).toEqual(['sync_3', 'sync_1', 'sync_new']);
    expect(changes.items[0]!.description).toBe('updated');
    expect(changes.items[1]!.tokenCount).toBe(1);
    expect(changes.deleted).toEqual([accounts[5]!.id]);
    expect(changes.total).toBe(3);
    expect(Number(changes.syncCursor)).toBe(Number(syncCursor) + 4);

    const after = await list({ changesSince: changes.syncCursor });
    expect(after.items).toEqual([]);
    expect(after.deleted).toEqual([]);
    accounts.push(added);
  });

  it('pages a long change list by sequence, with one sync point for the whole walk', async () => {
    const { syncCursor: start } = await list({});
    for (const account of accounts.filter((a) => a.name !== 'sync_5')) {
      await t.store.members.updateServiceAccount(account.id, { description: `pass ${account.name}` }, 'admin');
    }
    const first = await list({ changesSince: start, limit: '4' });
    expect(first.items).toHaveLength(4);
    // A change made mid-walk lands at the end of the walk, and the sync point stays the first page's.
    await t.store.members.updateServiceAccount(accounts[0]!.id, { description: 'mid-walk' }, 'admin');
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list({ changesSince: start, limit: '4', cursor });
      expect(page.syncCursor).toBe(first.syncCursor);
      expect(page.deleted).toEqual([]);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    // Every change in sequence order, then the account changed mid-walk once more, with its new state.
    expect(seen.map((a) => a.name)).toEqual([
      ...accounts.filter((a) => a.name !== 'sync_5').map((a) => a.name),
      'sync_0',
    ]);
    expect(seen[seen.length - 1]!.description).toBe('mid-walk');
    // Nothing is lost by syncing from the walk's sync point: the mid-walk change comes again.
    const next = await list({ changesSince: first.syncCursor });
    expect(next.items.map((a) => a.name)).toEqual(['sync_0']);
  });

  it('keeps the full listing’s syncCursor fixed across its pages', async () => {
    const first = await list({ limit: '3' });
    await addServiceAccount(t, { name: 'sync_during_walk', groupIds: [] });
    const second = await list({ limit: '3', cursor: first.nextCursor! });
    expect(second.syncCursor).toBe(first.syncCursor);
    const since = await list({ changesSince: first.syncCursor });
    expect(since.items.map((a) => a.name)).toEqual(['sync_during_walk']);
  });

  it('rejects a changesSince that is not a number', async () => {
    const reply = await call<ErrorBody>(
      `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?changesSince=abc`,
      {
        token: t.adminToken,
      },
    );
    expect(reply.status).toBe(400);
    const huge = await call<ErrorBody>(
      `${t.url}${apiPath('listServiceAccounts', { domain: 'default' })}?changesSince=${'9'.repeat(30)}`,
      {
        token: t.adminToken,
      },
    );
    expect(huge.status).toBe(400);
  });
});
