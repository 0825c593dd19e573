import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { addHumanWithToken, call, send, type TestServer } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError } from '../token-test-support.js';

async function walk(t: TestServer, query: string, token = t.adminToken) {
  const seen: AuditPage['items'] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${t.url}${apiPath('listAuditEvents', { domain: 'default' })}?${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const reply = await call<AuditPage>(url, { token });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    seen.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('GET /domains/{domain}/audit', () => {
  const t = useTestServer('audit');
  beforeAll(async () => {
    // 8 accounts made through the API (each audited), 3 tokens on the first; same clock for all, so
    // paging must break ties by id.
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const reply = await send<{ id: string }>(
        t.url + apiPath('createServiceAccount', { domain: 'default' }),
        'POST',
        t.adminToken,
        {
          name: `audited_${i}`,
          description: '',
          roles: ['Viewer'],
          groups: ['admins'],
          basicAuthEnabled: false,
        },
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      ids.push(reply.body.id);
    }
    for (let i = 0; i < 3; i++) await createToken(t, ids[0]!, { name: `tok_${i}`, expiresAt: null });
    t.clock.advance(1000);
    const helper = await addHumanWithToken(t, {
      name: 'helper_pu',
      roles: ['Power User'],
      groupIds: [t.adminsGroupId],
    });
    await createToken(t, ids[1]!, { name: 'by_helper', expiresAt: null }, { token: helper.token });
  });

  it('pages newest first without duplicates or gaps', async () => {
    const all = await walk(t, 'limit=3');
    expect(all).toHaveLength(12);
    expect(new Set(all.map((e) => e.id)).size).toBe(12);
    const numeric = all.map((e) => Number(e.id));
    expect(numeric).toEqual([...numeric].sort((a, b) => b - a));
    expect(all[0]!.actor).toBe('helper_pu');
    expect(JSON.stringify(all)).not.toMatch(/tdk_(sa|pt)_[A-Za-z0-9]{8}/);
  });

  it('filters by actor, resource type and action', async () => {
    const byHelper = await walk(t, 'actor=helper_pu');
    expect(byHelper.map((e) => e.action)).toEqual(['token.create']);
    const tokens = await walk(t, 'resourceType=token&limit=2');
    expect(tokens).toHaveLength(4);
    expect(tokens.every((e) => e.resourceType === 'token')).toBe(true);
    const creates = await walk(t, 'action=service_account.create&actor=admin&limit=5');
    expect(creates).toHaveLength(8);
    expect(creates.map((e) => e.resourceName)).toEqual([7, 6, 5, 4, 3, 2, 1, 0].map((i) => `audited_${i}`));
  });

  it('needs audit.read', async () => {
    const deployer = await addHumanWithToken(t, { name: 'deployer_d', roles: ['Deployment'] });
    await expectError(
      call(t.url + apiPath('listAuditEvents', { domain: 'default' }), { token: deployer.token }),
      403,
      'forbidden',
    );
  });
});
