import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TestClock } from '../test-support.js';
import type { DomainRow } from './domains.js';
import type { Store } from './store.js';

/**
 * A request's log row is queued when its answer is sent and written in a later batch; its service
 * account may be deleted in between. That row has nothing to belong to and is skipped, and only that
 * row: on PostgreSQL a failed statement would abort the whole batch's transaction.
 */
describe('a request-log batch with a row whose account was deleted meanwhile', () => {
  const clock = new TestClock();
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  let domain: DomainRow;

  beforeAll(async () => {
    opened = await openTestStore('request-log-deleted', { now: clock.now });
    store = opened.store;
    domain = await store.domains.create('acme', clock.now());
  });
  afterAll(async () => {
    await opened.close();
  });

  const accountWithToken = async (name: string) => {
    const member = await store.members.create({
      domainId: domain.id,
      type: 'SERVICE_ACCOUNT',
      name,
      roles: ['Viewer'],
      by: 'test',
    });
    const { row } = await store.tokens.create({
      memberId: member.id,
      kind: 'sa',
      name: 'ci',
      roles: [],
      expiresAt: null,
      by: 'test',
    });
    return { memberId: member.id, tokenId: row.id };
  };

  it('writes the other rows of the batch and skips that one', async () => {
    const kept = await accountWithToken('kept_bot');
    const gone = await accountWithToken('gone_bot');
    const entry = { method: 'GET', path: '/api/v1/me', status: 200, clientAddress: '127.0.0.1' };
    store.requestLog.add({ ...kept, ...entry });
    store.requestLog.add({ ...gone, ...entry });
    store.requestLog.add({ ...kept, ...entry, status: 404 });
    expect(await store.members.deleteServiceAccount(gone.memberId, 'test')).toBe(true);
    await store.requestLog.flush();
    expect(store.requestLog.lastError).toBeNull();
    expect(store.requestLog.dropped).toBe(0);
    const rows = await store.sql.all<{ member_id: string; status: number }>(
      'SELECT member_id, status FROM request_logs ORDER BY status',
    );
    expect(rows).toEqual([
      { member_id: kept.memberId, status: 200 },
      { member_id: kept.memberId, status: 404 },
    ]);
  });
});
