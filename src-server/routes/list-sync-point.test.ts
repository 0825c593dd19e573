import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { MAX_PAGE_SIZE, ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { listingPages, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * A list page reads its sync point and then the page, outside any transaction, while writes go on. The
 * promise an incremental sync lives on: whatever a page missed, the changes since its sync point bring.
 * Taken the other way round (page first), a write that commits between the two reads would be in
 * neither, and an app syncing from that point would never hear of it. On PostgreSQL the two reads go
 * over the wire and writes land between them (page first, this test fails there in every run tried);
 * on SQLite one handler's statements run without yielding, so there it guards the same promise.
 */
describe('GET …/service-accounts: the sync point under concurrent writes', () => {
  const t = useTestServer('list-sync-point');
  const accounts = apiPath('listServiceAccounts', { domain: 'default' });

  it('never loses a write: each page plus the changes since its sync point holds every account', async () => {
    let writing = true;
    let created = 0;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const reply = await send(t.url + accounts, 'POST', t.adminToken, { name: `sync_${w}_${i}`, roles: ['Viewer'] });
        expect(reply.status).toBe(201);
        created++;
      }
    };
    const pages: { syncCursor: string; ids: Set<string> }[] = [];
    const reader = async () => {
      while (writing) {
        const [text] = await listingPages(t.url, t.adminToken, `limit=${MAX_PAGE_SIZE}`);
        const page = ServiceAccountListResponse.parse(JSON.parse(text!));
        expect(page.nextCursor).toBeNull();
        pages.push({ syncCursor: page.syncCursor, ids: new Set(page.items.map((a) => a.id)) });
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    const readers = [reader(), reader()];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writing = false;
    await Promise.all([...writers, ...readers]);

    const all = new Set(
      ServiceAccountListResponse.parse(
        JSON.parse((await listingPages(t.url, t.adminToken, `limit=${MAX_PAGE_SIZE}`))[0]!),
      ).items.map((a) => a.id),
    );
    expect(all.size).toBe(created);
    expect(all.size).toBeLessThan(MAX_PAGE_SIZE);
    expect(pages.length).toBeGreaterThan(10);
    for (const { syncCursor, ids } of pages) {
      const since = (await listingPages(t.url, t.adminToken, `changesSince=${syncCursor}&limit=${MAX_PAGE_SIZE}`))
        .map((text) => ServiceAccountListResponse.parse(JSON.parse(text)))
        .flatMap((page) => page.items.map((a) => a.id));
      const missing = [...all].filter((id) => !ids.has(id) && !since.includes(id));
      expect(missing, `lost after sync point ${syncCursor}`).toEqual([]);
    }
  }, 60_000);
});
