import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditPage } from '../../src-shared/api/directory.js';
import type { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { addGroup, addHumanWithToken, call, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken } from '../token-test-support.js';

/**
 * Outside the Admin role, the audit trail shows events about a service account or its
 * tokens only when the caller shares a group with the account now, personal-token events only for the
 * caller's own tokens, and every event the caller made. Filtered in SQL, so keyset pages stay full.
 */
describe('audit visibility follows the same-group rule', () => {
  const t = useTestServer('audit-visibility');
  let polly: string;
  const label = (e: AuditEvent) => `${e.actor} ${e.action} ${e.resourceName}`;

  async function walk(token: string, limit: number, query = ''): Promise<{ items: AuditEvent[]; sizes: number[] }> {
    const items: AuditEvent[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${t.url}${apiPath('listAuditEvents', { domain: 'default' })}?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const reply = await call<AuditPage>(url, { token });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      items.push(...reply.body.items);
      sizes.push(reply.body.items.length);
      cursor = reply.body.nextCursor;
    } while (cursor);
    return { items, sizes };
  }

  const createAccount = async (name: string, groups: string[]) => {
    const reply = await send<ServiceAccount>(
      t.url + apiPath('createServiceAccount', { domain: 'default' }),
      'POST',
      t.adminToken,
      {
        name,
        roles: ['Viewer'],
        groups,
      },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.id;
  };

  beforeAll(async () => {
    const teamA = await addGroup(t, 'team-a');
    polly = (await addHumanWithToken(t, { name: 'polly', roles: ['Power User'], groupIds: [teamA] })).token;
    // The admin joins team-a too, so it may create accounts there (it keeps a group in common).
    await send(t.url + apiPath('updateMember', { domain: 'default', id: t.admin.id }), 'PATCH', t.adminToken, {
      groups: ['admins', 'team-a'],
    });

    const mine = await createAccount('team_bot', ['team-a']);
    await createToken(t, mine, { name: 'deploy', expiresAt: t.clock.inDays(365) });
    const hidden = await createAccount('vault_bot', ['admins']);
    await createToken(t, hidden, { name: 'secret-ish', expiresAt: t.clock.inDays(365) });
    await send(t.url + apiPath('createPersonalToken'), 'POST', t.adminToken, {
      name: 'admin-laptop',
      expiresAt: t.clock.inDays(365),
    });
    // Events polly makes herself: one on an account that later leaves her groups.
    const moving = await createAccount('moving_bot', ['team-a']);
    await createToken(t, moving, { name: 'by-polly', expiresAt: t.clock.inDays(365) }, { token: polly });
    await send(t.url + apiPath('createPersonalToken'), 'POST', polly, {
      name: 'polly-laptop',
      expiresAt: t.clock.inDays(365),
    });
    await send(t.url + apiPath('updateServiceAccount', { domain: 'default', id: moving }), 'PATCH', t.adminToken, {
      groups: ['admins'],
    });
    await send(t.url + apiPath('createGroup', { domain: 'default' }), 'POST', t.adminToken, { name: 'team-c' });
    // Many hidden events after the visible ones, so unfiltered pages would come back short or empty.
    for (let i = 0; i < 7; i++) {
      await send(t.url + apiPath('updateServiceAccount', { domain: 'default', id: hidden }), 'PATCH', t.adminToken, {
        description: `n${i}`,
      });
    }
    await send(t.url + apiPath('updateServiceAccount', { domain: 'default', id: mine }), 'PATCH', t.adminToken, {
      description: 'last',
    });
  });

  it('shows a Power User only the events the same-group rule lets them see', async () => {
    const { items } = await walk(polly, 500);
    expect(items.map(label).reverse()).toEqual([
      'admin member.update admin',
      'admin service_account.create team_bot',
      'admin token.create team_bot/deploy',
      'polly token.create moving_bot/by-polly',
      'polly personal_token.create polly/polly-laptop',
      'admin group.create team-c',
      'admin service_account.update team_bot',
    ]);
  });

  it('shows an Admin everything', async () => {
    const { items } = await walk(t.adminToken, 500);
    const labels = items.map(label);
    for (const hidden of [
      'admin service_account.create vault_bot',
      'admin token.create vault_bot/secret-ish',
      'admin personal_token.create admin/admin-laptop',
      'admin service_account.update moving_bot',
    ]) {
      expect(labels).toContain(hidden);
    }
  });

  it('keeps keyset pages full: a page is short only when it is the last', async () => {
    const all = (await walk(polly, 500)).items.map((e) => e.id);
    for (const limit of [1, 2, 3]) {
      const { items, sizes } = await walk(polly, limit);
      expect(items.map((e) => e.id)).toEqual(all);
      expect(
        sizes.slice(0, -1).every((size) => size === limit),
        `limit ${limit}: ${sizes.join(',')}`,
      ).toBe(true);
    }
    // With a filter as well.
    const tokens = await walk(polly, 1, '&resourceType=token');
    expect(tokens.items.map(label)).toEqual([
      'polly token.create moving_bot/by-polly',
      'admin token.create team_bot/deploy',
    ]);
  });
});
