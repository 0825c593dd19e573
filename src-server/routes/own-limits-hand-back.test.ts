import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedMember, Member } from '../../src-shared/api/directory.js';
import type { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { RoleName } from '../../src-shared/roles.js';
import type { MemberRow } from '../store/members.js';
import { addGroup, addHumanWithToken, addServiceAccount, send, T0 } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { expectError } from '../token-test-support.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The caller's own token: expires 2 hours after the test clock starts, at most 5 requests per second. */
const OWN = { expiresAt: T0 + 2 * HOUR, maxRps: 5 };
const OWN_EXPIRY_TEXT = 'Your token expires on 2026-03-01 14:00:00 UTC';

/**
 * Own limits, continued from token-own-limits.test.ts: a service-account token cannot give a token
 * power beyond its own limits by changing the token's account instead of the token. Enabling an account again, giving back a role one
 * of its tokens was given, or adding a group all hand more to the account's live tokens; so do the same
 * changes to a person, whose personal tokens act with their roles and groups, and adding a person (who can
 * then make personal tokens with no expiry and no cap).
 */
describe('a service-account token cannot hand power back beyond its own limits', () => {
  const t = useTestServer('own-limits-hand-back');
  let ops: string;
  let qa: string;
  /** A person with the Admin role in both groups: people are not bound by a token's limits. */
  let person: string;
  /** Every request moves the clock on a second, so the caller's own 5 RPS cap never answers 429. */
  const as = async <T = unknown>(token: string, method: 'PATCH' | 'POST' | 'DELETE', url: string, body?: unknown) => {
    t.clock.advance(1000);
    return send<T>(url, method, token, body);
  };
  const accountUrl = (id: string) => t.url + apiPath('deleteServiceAccount', { domain: 'default', id });
  const memberUrl = (id: string) => t.url + apiPath('updateMember', { domain: 'default', id });
  /** A token made directly in the store, as an Admin would have made it. */
  const tokenFor = async (
    member: MemberRow,
    name: string,
    limits: { expiresAt: number | null; maxRps: number | null },
    extra: { roles?: RoleName[]; status?: 'ACTIVE' | 'SUSPENDED' } = {},
  ) =>
    await t.store.tokens.create({
      memberId: member.id,
      kind: member.type === 'HUMAN' ? 'pt' : 'sa',
      name,
      roles: member.type === 'HUMAN' ? [] : (extra.roles ?? (await t.store.members.rolesOf(member.id))),
      by: 'admin',
      ...(extra.status ? { status: extra.status } : {}),
      ...limits,
    });
  /** A bounded service-account caller in ops and qa with the given role. */
  const limitedCaller = async (
    name: string,
    role: RoleName,
    limits: { expiresAt: number | null; maxRps: number | null } = OWN,
  ) => {
    const account = await addServiceAccount(t, { name, roles: [role], groupIds: [ops, qa] });
    return (await tokenFor(account, 'own', limits)).secret;
  };
  /** What a refused account or member change must leave as it was (requests themselves write log rows). */
  const writes = async () => ({
    members: await t.store.sql.all('SELECT id, enabled, deleted_at, grants, denies FROM members ORDER BY id'),
    roles: await t.store.sql.all('SELECT * FROM member_roles ORDER BY member_id, role'),
    groups: await t.store.sql.all('SELECT group_id, member_id FROM group_members ORDER BY 1, 2'),
    tokens: await t.store.sql.all('SELECT id, status, max_rps, expires_at, deleted_at FROM tokens ORDER BY id'),
    audit: await t.store.sql.value('SELECT count(*) FROM audit_events'),
  });

  beforeAll(async () => {
    ops = await addGroup(t, 'ops');
    qa = await addGroup(t, 'qa');
    person = (await addHumanWithToken(t, { name: 'ann', roles: ['Admin'], groupIds: [ops, qa] })).token;
  });

  describe('service accounts', () => {
    it('cannot enable an account whose live active token outlives it or has a higher or no cap', async () => {
      const caller = await limitedCaller('enabler_bot', 'Power User');
      const cases = [
        { name: 'forever_bot', limits: { expiresAt: null, maxRps: 5 }, limit: 'expiresAt' },
        { name: 'later_bot', limits: { expiresAt: OWN.expiresAt + 1000, maxRps: 5 }, limit: 'expiresAt' },
        { name: 'uncapped_bot', limits: { expiresAt: OWN.expiresAt, maxRps: null }, limit: 'maxRps' },
        { name: 'faster_bot', limits: { expiresAt: OWN.expiresAt, maxRps: 6 }, limit: 'maxRps' },
      ] as const;
      for (const { name, limits, limit } of cases) {
        const account = await addServiceAccount(t, { name, roles: ['Viewer'], groupIds: [ops], enabled: false });
        await tokenFor(account, 'ci', limits);
        const before = await writes();
        const refused = await expectError(
          as(caller, 'PATCH', accountUrl(account.id), { enabled: true }),
          403,
          'beyond_own_limits',
        );
        expect(refused.error.details, name).toMatchObject({ limit, token: 'ci' });
        expect(await writes(), name).toEqual(before);
      }
      const forever = (await t.store.members.byName(t.domain.id, 'forever_bot'))!;
      const refused = await expectError(
        as(caller, 'PATCH', accountUrl(forever.id), { enabled: true }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.message).toBe(
        `${OWN_EXPIRY_TEXT}, and enabling this service account would bring back its token "ci", which outlives yours. ` +
          'Suspend or delete that token first, or ask a person to do this.',
      );
      const faster = (await t.store.members.byName(t.domain.id, 'faster_bot'))!;
      const slower = await expectError(
        as(caller, 'PATCH', accountUrl(faster.id), { enabled: true }),
        403,
        'beyond_own_limits',
      );
      expect(slower.error.message).toBe(
        'Your token is limited to 5 requests per second, and enabling this service account would bring back its ' +
          'token "ci", which has a higher limit or none. Suspend or delete that token first, or ask a person to do this.',
      );
      // A person is not bound by a token's limits.
      expect((await send(accountUrl(forever.id), 'PATCH', person, { enabled: true })).status).toBe(200);
    });

    it('may enable an account whose beyond-limit tokens are suspended, deleted, expired or rotated out', async () => {
      const caller = await limitedCaller('careful_bot', 'Power User');
      const account = await addServiceAccount(t, {
        name: 'parked_bot',
        roles: ['Viewer'],
        groupIds: [ops],
        enabled: false,
      });
      await tokenFor(account, 'suspended', { expiresAt: null, maxRps: null }, { status: 'SUSPENDED' });
      await t.store.tokens.softDelete((await tokenFor(account, 'deleted', { expiresAt: null, maxRps: null })).row.id);
      await tokenFor(account, 'expired', { expiresAt: t.clock.now() + 500, maxRps: null });
      // Rotated out with a 1 s grace; its replacement is deleted, so only the old one is left.
      const old = (await tokenFor(account, 'rotated', { expiresAt: null, maxRps: null })).row;
      const rotated = (await t.store.tokens.rotate(old.id, { graceMs: 1000, by: 'admin' }))!;
      await t.store.tokens.softDelete(rotated.row.id);
      await tokenFor(account, 'within', { expiresAt: OWN.expiresAt, maxRps: 5 });
      t.clock.advance(2000);
      const enabled = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), { enabled: true });
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
      expect(enabled.body.enabled).toBe(true);
      // Disabling again only takes away.
      expect((await as(caller, 'PATCH', accountUrl(account.id), { enabled: false })).status).toBe(200);
    });

    it('cannot give back a role that a long-lived token of the account was given; a role no token holds is fine', async () => {
      const caller = await limitedCaller('role_bot', 'Power User');
      const account = await addServiceAccount(t, {
        name: 'demoted_bot',
        roles: ['Deployment', 'Viewer'],
        groupIds: [ops],
      });
      await tokenFor(account, 'pipeline', { expiresAt: null, maxRps: null }, { roles: ['Deployment', 'Viewer'] });
      await tokenFor(account, 'reader', { expiresAt: null, maxRps: null }, { roles: ['Viewer'] });
      // The account lost Deployment (a person took it away): its pipeline token now acts as a Viewer only.
      expect((await send(accountUrl(account.id), 'PATCH', person, { roles: ['Viewer'] })).status).toBe(200);
      const before = await writes();
      const refused = await expectError(
        as(caller, 'PATCH', accountUrl(account.id), { roles: ['Deployment', 'Viewer'] }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.message).toBe(
        `${OWN_EXPIRY_TEXT}, and this change would give more rights to its token "pipeline", which outlives yours. ` +
          'Suspend or delete that token first, or ask a person to do this.',
      );
      expect(await writes()).toEqual(before);
      // Power User is a role no token of the account was given: adding it revives nothing.
      const added = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), {
        roles: ['Power User', 'Viewer'],
      });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      // Once the long-lived token is suspended, giving Deployment back hands nothing out.
      expect(
        (
          await as(
            caller,
            'PATCH',
            `${t.url}${apiPath('updateServiceAccountToken', { domain: 'default', id: account.id, name: 'pipeline' })}`,
            {
              status: 'SUSPENDED',
            },
          )
        ).status,
      ).toBe(200);
      const back = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), {
        roles: ['Deployment', 'Power User', 'Viewer'],
      });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
    });

    it('cannot grant a long-lived token of the account a permission, or lift a deny it would regain; denying is fine', async () => {
      const caller = await limitedCaller('grant_bot', 'Power User');
      const account = await addServiceAccount(t, { name: 'granted_bot', roles: ['Viewer'], groupIds: [ops] });
      await tokenFor(account, 'reader', { expiresAt: null, maxRps: null }, { roles: ['Viewer'] });
      const before = await writes();
      const refused = await expectError(
        as(caller, 'PATCH', accountUrl(account.id), { grants: ['audit.read'] }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.message).toBe(
        `${OWN_EXPIRY_TEXT}, and this change would give more rights to its token "reader", which outlives yours. ` +
          'Suspend or delete that token first, or ask a person to do this.',
      );
      expect(await writes()).toEqual(before);
      // Denying only takes away; lifting that deny gives the token its role's permission back.
      const denied = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), { denies: ['member.read'] });
      expect(denied.status, JSON.stringify(denied.body)).toBe(200);
      await expectError(as(caller, 'PATCH', accountUrl(account.id), { denies: [] }), 403, 'beyond_own_limits');
      // A person is not bound by a token's limits.
      expect((await send(accountUrl(account.id), 'PATCH', person, { denies: [], grants: ['audit.read'] })).status).toBe(
        200,
      );
    });

    it('cannot add a group to an account with a long-lived token; removing one, or Basic Auth, is fine', async () => {
      const caller = await limitedCaller('group_bot', 'Power User');
      const account = await addServiceAccount(t, { name: 'reach_bot', roles: ['Deployment'], groupIds: [ops] });
      await tokenFor(account, 'deploy', { expiresAt: OWN.expiresAt, maxRps: null });
      const before = await writes();
      const refused = await expectError(
        as(caller, 'PATCH', accountUrl(account.id), { groups: ['ops', 'qa'] }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.details).toMatchObject({ limit: 'maxRps', token: 'deploy', yours: 5 });
      expect(await writes()).toEqual(before);
      // Basic Auth lets the same tokens authenticate another way: same roles, groups and limits.
      const basic = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), { basicAuthEnabled: true });
      expect(basic.status, JSON.stringify(basic.body)).toBe(200);
      // A person may add the group.
      expect((await send(accountUrl(account.id), 'PATCH', person, { groups: ['ops', 'qa'] })).status).toBe(200);
      const removed = await as<ServiceAccount>(caller, 'PATCH', accountUrl(account.id), { groups: ['qa'] });
      expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    });

    it('binds no service-account token without limits', async () => {
      const caller = await limitedCaller('free_bot', 'Power User', { expiresAt: null, maxRps: null });
      const account = await addServiceAccount(t, {
        name: 'free_target',
        roles: ['Viewer'],
        groupIds: [ops],
        enabled: false,
      });
      await tokenFor(account, 'ci', { expiresAt: null, maxRps: null });
      expect((await as(caller, 'PATCH', accountUrl(account.id), { enabled: true, groups: ['ops', 'qa'] })).status).toBe(
        200,
      );
    });
  });

  describe('people', () => {
    it('cannot add a person, who could then make personal tokens with no expiry and no cap', async () => {
      const caller = await limitedCaller('hr_bot', 'Admin');
      const before = await writes();
      const refused = await expectError(
        as<CreatedMember>(caller, 'POST', t.url + apiPath('createMember', { domain: 'default' }), {
          name: 'mallory',
          roles: ['Admin'],
        }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.message).toBe(
        `${OWN_EXPIRY_TEXT}, and a person you add could make personal tokens that never expire. ` +
          'Ask a person with member.manage to do this.',
      );
      expect(await writes()).toEqual(before);
      expect(await t.store.members.byName(t.domain.id, 'mallory')).toBeUndefined();
      // A person adds them, with a first token of 90 days and no cap, as before.
      const byPerson = await send<CreatedMember>(
        t.url + apiPath('createMember', { domain: 'default' }),
        'POST',
        person,
        {
          name: 'mallory',
        },
      );
      expect(byPerson.status, JSON.stringify(byPerson.body)).toBe(201);
      expect(byPerson.body.token).toMatchObject({ expiresAt: iso(t.clock.now() + 90 * 24 * HOUR), maxRps: null });
    });

    it('cannot enable a person, or give them a role or a group, while they hold a live personal token', async () => {
      const caller = await limitedCaller('people_bot', 'Admin');
      const { member: pat, token } = await addHumanWithToken(t, { name: 'pat', roles: ['Viewer'], groupIds: [ops] });
      expect((await send(t.url + apiPath('getMe'), 'GET', token)).status).toBe(200);
      // Taking away is allowed: disable them.
      expect((await as<Member>(caller, 'PATCH', memberUrl(pat.id), { enabled: false })).status).toBe(200);
      const disabled = await writes();
      const enable = await expectError(
        as(caller, 'PATCH', memberUrl(pat.id), { enabled: true }),
        403,
        'beyond_own_limits',
      );
      expect(enable.error.details).toMatchObject({ limit: 'expiresAt', token: 'personal' });
      expect(await writes()).toEqual(disabled);
      // Enabled again by a person: now a role or a group would widen what the personal token can do.
      expect((await send(memberUrl(pat.id), 'PATCH', t.adminToken, { enabled: true })).status).toBe(200);
      const before = await writes();
      for (const body of [{ roles: ['Deployment', 'Viewer'] }, { groups: ['ops', 'qa'] }]) {
        const refused = await expectError(as(caller, 'PATCH', memberUrl(pat.id), body), 403, 'beyond_own_limits');
        expect(refused.error.details, JSON.stringify(body)).toMatchObject({ limit: 'expiresAt', token: 'personal' });
      }
      expect(await writes()).toEqual(before);
      const refused = await expectError(
        as(caller, 'PATCH', memberUrl(pat.id), { roles: ['Power User'] }),
        403,
        'beyond_own_limits',
      );
      expect(refused.error.message).toBe(
        `${OWN_EXPIRY_TEXT}, and this change would give more rights to this member’s personal token "personal"; a ` +
          'person can make personal tokens that never expire. Ask a person with member.manage to do this.',
      );
      // Dropping a role or a group only takes away.
      const dropped = await as<Member>(caller, 'PATCH', memberUrl(pat.id), { roles: [], groups: [] });
      expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    });

    it('may enable a person with no live active personal token (they cannot act until a person helps)', async () => {
      const caller = await limitedCaller('quiet_bot', 'Admin');
      const sam = await t.store.members.create({
        domainId: t.domain.id,
        type: 'HUMAN',
        name: 'sam',
        roles: ['Viewer'],
        groupIds: [],
        enabled: false,
        by: 'admin',
      });
      await tokenFor(sam, 'parked', { expiresAt: null, maxRps: null }, { status: 'SUSPENDED' });
      const enabled = await as<Member>(caller, 'PATCH', memberUrl(sam.id), { enabled: true });
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    });
  });
});
