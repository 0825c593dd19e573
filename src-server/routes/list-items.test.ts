import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { useTestServer } from '../test-server-hooks.js';
import { addGroup, addServiceAccount, listingPages, send } from '../test-support.js';

const DAY = 86_400_000;

/**
 * A list page's items come from SQLite as finished JSON (members.list_item, kept by triggers; see
 * schema-008). Each must be byte for byte what JSON.stringify makes of the account as a single read
 * builds it from its columns (store.serviceAccounts.get), for every shape a field can take, after
 * every kind of change, and once the stored summary has gone stale.
 */
describe('list page items as SQLite builds them', () => {
  const t = useTestServer('list-items');

  const pages = (query: string) => listingPages(t.url, t.adminToken, query);

  /** The page as the old serialisation wrote it: each account JSON.stringify'd, tokens spliced in as sent. */
  async function oldPageText(text: string): Promise<string> {
    const page = ServiceAccountListResponse.parse(JSON.parse(text));
    const items = await Promise.all(
      page.items.map(async (item) => {
        const account = JSON.stringify((await t.store.serviceAccounts.get(t.domain.id, item.id))!.account);
        return item.tokens === undefined ? account : `${account.slice(0, -1)},"tokens":${JSON.stringify(item.tokens)}}`;
      }),
    );
    const total = page.total === undefined ? '' : `,"total":${page.total}`;
    return (
      `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)},` +
      `"syncCursor":${JSON.stringify(page.syncCursor)},"deleted":${JSON.stringify(page.deleted)}${total}}`
    );
  }

  async function expectAsBefore(): Promise<number> {
    let seen = 0;
    for (const query of [
      'limit=3',
      'limit=4&sort=-updatedAt',
      'limit=5&include=tokens',
      'limit=50&status=disabled&count=true',
    ]) {
      for (const text of await pages(query)) {
        expect(text).toBe(await oldPageText(text));
        seen += ServiceAccountListResponse.parse(JSON.parse(text)).items.length;
      }
    }
    return seen;
  }

  it('are byte for byte the old serialisation, for every field shape and after every change', async () => {
    const teamB = await addGroup(t, 'b-team');
    const teamA = await addGroup(t, 'a-team ✓');
    await addServiceAccount(t, { name: 'plain_account' });
    const described = await addServiceAccount(t, { name: 'to_describe', groupIds: [t.adminsGroupId] });
    await addServiceAccount(t, {
      name: 'disabled_everything',
      description: 'Tab\there, "quotes", back\\slash, newline\nand a control \u0001 char; ünïcödé 🚀',
      roles: ['Viewer', 'Admin', 'Deployment'],
      grants: ['log.read', 'audit.read'],
      denies: ['member.manage', 'access_token.manage'],
      groupIds: [teamB, teamA, t.adminsGroupId],
      enabled: false,
      basicAuthEnabled: true,
    });
    const unicode = await addServiceAccount(t, {
      name: `naïve_${'ü'.repeat(60)}_名前`,
      description: '',
      roles: [],
      grants: ['service_account.read'],
      groupIds: [t.adminsGroupId],
    });
    const tokens = await addServiceAccount(t, {
      name: 'with_tokens',
      roles: ['Power User', 'Viewer'],
      groupIds: [teamA, t.adminsGroupId],
    });
    const token = async (name: string, expiresAt: number | null) =>
      (
        await t.store.tokens.create({
          memberId: tokens.id,
          kind: 'sa',
          name,
          roles: ['Viewer'],
          expiresAt,
          by: 'admin',
        })
      ).row;
    await token('never', null);
    const soon = await token('soon', t.clock.now() + DAY);
    await token('later', t.clock.now() + 30 * DAY);
    await t.store.tokens.update(soon.id, { status: 'SUSPENDED', maxRps: 3 });
    expect(await expectAsBefore()).toBeGreaterThan(0);

    // Changes through the API move the stored item with them.
    const patch = (id: string, body: unknown) =>
      send(t.url + apiPath('updateServiceAccount', { domain: 'default', id }), 'PATCH', t.adminToken, body);
    expect((await patch(described.id, { description: 'now described', enabled: false })).status).toBe(200);
    expect((await patch(unicode.id, { roles: ['Deployment'], groups: ['b-team', 'admins'] })).status).toBe(200);
    expect((await patch(tokens.id, { basicAuthEnabled: true, denies: ['VIEW_SERVICE_ACCOUNT'] })).status).toBe(200);
    expect(
      (await patch(unicode.id, { grants: ['log.read', 'MANAGE_ACCESS_TOKEN'], denies: ['audit.read'] })).status,
    ).toBe(200);
    expect((await patch(described.id, { grants: ['audit.read'], denies: [] })).status).toBe(200);
    await t.store.tokens.softDelete(soon.id);
    await expectAsBefore();

    // The stored summary goes stale once a token expires: count and next expiry are rebuilt at read.
    await token('brief', t.clock.now() + DAY / 2);
    t.clock.advance(DAY);
    await expectAsBefore();
    const [first] = await pages('limit=100&search=with_tokens');
    const item = ServiceAccountListResponse.parse(JSON.parse(first!)).items[0]!;
    // 'brief' has expired (still listed, as EXPIRED); the next expiry is now 'later', 30 days from the start.
    expect(item).toMatchObject({ tokenCount: 3, nextExpiry: new Date(t.clock.now() + 29 * DAY).toISOString() });
  });
});
