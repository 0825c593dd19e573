import { describe, expect, it } from 'vitest';
import type { ServiceAccount, TokenMeta } from './api/models.js';
import { attentionOf, type AttentionGroup } from './attention.js';
import { DAY_MS, DEFAULT_TOKEN_POLICY, type TokenPolicy } from './token-policy.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const iso = (days: number) => new Date(NOW + days * DAY_MS).toISOString();

function account(patch: Partial<ServiceAccount> = {}): ServiceAccount {
  return {
    id: 'a1',
    name: 'ci-runner',
    description: '',
    roles: ['Deployment'],
    grants: [],
    denies: [],
    groups: ['ops'],
    enabled: true,
    basicAuthEnabled: false,
    createdAt: iso(-400),
    createdBy: 'admin',
    updatedAt: iso(-400),
    updatedBy: 'admin',
    tokenCount: 1,
    nextExpiry: null,
    ...patch,
  };
}

/** A healthy token: active, used yesterday, expiring in 60 days. Each case changes what it is about. */
function token(patch: Partial<TokenMeta> = {}): TokenMeta {
  return {
    id: `t-${Math.random()}`,
    name: 'deploy',
    status: 'ACTIVE',
    expiresAt: iso(60),
    roles: ['Deployment'],
    maxRps: null,
    hint: 'tdk_sa_ab…cdef',
    createdAt: iso(-100),
    createdBy: 'admin',
    lastUsedAt: iso(-1),
    lastUsedFrom: '10.0.0.1',
    replacedBy: null,
    leak: null,
    ...patch,
  };
}

function groupsOf(
  t: TokenMeta,
  options: { acc?: ServiceAccount; policy?: TokenPolicy | null; unusedDays?: number } = {},
) {
  const entries = attentionOf([options.acc ?? account()], () => [t], options.policy ?? null, {
    now: NOW,
    unusedDays: options.unusedDays ?? 90,
  });
  return entries.entries[0]?.groups ?? [];
}

describe('attention rules', () => {
  it('leaves a healthy token alone', () => {
    expect(groupsOf(token())).toEqual([]);
  });

  it.each<[string, Partial<TokenMeta>, AttentionGroup[]]>([
    ['expiring within 7 days', { expiresAt: iso(3) }, ['expiring7']],
    ['expiring exactly at 7 days', { expiresAt: iso(7) }, ['expiring7']],
    ['expiring within 30 days', { expiresAt: iso(20) }, ['expiring30']],
    ['expiring after 30 days', { expiresAt: iso(31) }, []],
    ['expired by status', { status: 'EXPIRED', expiresAt: iso(-2) }, ['expired']],
    // The cache is older than the expiry: the clock says it has expired.
    ['expired by the clock', { status: 'ACTIVE', expiresAt: iso(-1) }, ['expired']],
    ['a suspended token past its expiry', { status: 'SUSPENDED', expiresAt: iso(-1) }, ['expired']],
    ['never used, made long ago', { lastUsedAt: null, createdAt: iso(-30) }, ['neverUsed']],
    ['never used, made today', { lastUsedAt: null, createdAt: iso(-0.1) }, []],
    ['unused for 91 days', { lastUsedAt: iso(-91) }, ['unused']],
    ['used 89 days ago', { lastUsedAt: iso(-89) }, []],
    ['revoked as leaked', { status: 'REVOKED_LEAKED', expiresAt: iso(3), lastUsedAt: null }, ['leaked']],
    ['a Power User token that never expires', { expiresAt: null, roles: ['Power User'] }, ['adminForever']],
    ['an Admin token that never expires', { expiresAt: null, roles: ['Admin'] }, ['adminForever']],
    ['a Deployment token that never expires', { expiresAt: null, roles: ['Deployment'] }, []],
    ['a suspended token, unused and expiring', { status: 'SUSPENDED', lastUsedAt: null, expiresAt: iso(2) }, []],
    ['a rotated-out token', { replacedBy: 'next', expiresAt: iso(1) }, []],
    ['several at once', { expiresAt: iso(2), lastUsedAt: null, createdAt: iso(-10) }, ['expiring7', 'neverUsed']],
  ])('%s', (_, patch, groups) => {
    expect(groupsOf(token(patch))).toEqual(groups);
  });

  it("reads times in any form the schema accepts, not only the server's own", () => {
    // 2 days away written with an offset, and without milliseconds: both compare as the same instant.
    const inTwoDays = new Date(NOW + 2 * DAY_MS);
    const withOffset = `${new Date(inTwoDays.getTime() + 2 * 3600_000).toISOString().slice(0, 19)}+02:00`;
    expect(groupsOf(token({ expiresAt: withOffset }))).toEqual(['expiring7']);
    expect(groupsOf(token({ expiresAt: `${inTwoDays.toISOString().slice(0, 19)}Z` }))).toEqual(['expiring7']);
    // A minute ago, written five hours ahead of UTC: expired, though its text sorts after now's.
    const minuteAgo = `${new Date(NOW - 60_000 + 5 * 3600_000).toISOString().slice(0, 19)}+05:00`;
    expect(groupsOf(token({ expiresAt: minuteAgo }))).toEqual(['expired']);
  });

  it('reads the unused days from the setting', () => {
    expect(groupsOf(token({ lastUsedAt: iso(-40) }), { unusedDays: 30 })).toEqual(['unused']);
    expect(groupsOf(token({ lastUsedAt: iso(-40) }), { unusedDays: 60 })).toEqual([]);
  });

  it("counts a token as Admin when its account's grants make it Admin-grade", () => {
    const acc = account({ grants: ['member.manage'] });
    expect(groupsOf(token({ expiresAt: null }), { acc })).toEqual(['adminForever']);
    expect(groupsOf(token({ expiresAt: null }))).toEqual([]);
  });

  it('lists the active tokens of a disabled account, not its suspended ones', () => {
    const acc = account({ enabled: false });
    expect(groupsOf(token(), { acc })).toEqual(['disabledAccount']);
    expect(groupsOf(token({ status: 'SUSPENDED' }), { acc })).toEqual([]);
  });

  describe('policy', () => {
    const capped: TokenPolicy = { ...DEFAULT_TOKEN_POLICY, serviceAccountTokens: { maxLifetimeDays: 30 } };

    it('lists an active token that lives longer than the cap, in words', () => {
      const {
        entries: [entry],
      } = attentionOf([account()], () => [token({ expiresAt: iso(45.5) })], capped, {
        now: NOW,
        unusedDays: 90,
      });
      expect(entry?.groups).toEqual(['policy']);
      expect(entry?.policy).toBe('Still lives 46 days; the domain allows at most 30 days.');
    });

    it('lists a token that never expires under a cap', () => {
      const {
        entries: [entry],
      } = attentionOf([account()], () => [token({ expiresAt: null })], capped, {
        now: NOW,
        unusedDays: 90,
      });
      expect(entry?.policy).toBe('Never expires; the domain allows service-account tokens of at most 30 days.');
    });

    it('lists an Admin-grade token that never expires against the never-expiring rule', () => {
      const acc = account({ grants: ['member.manage'] });
      const {
        entries: [entry],
      } = attentionOf([acc], () => [token({ expiresAt: null })], DEFAULT_TOKEN_POLICY, {
        now: NOW,
        unusedDays: 90,
      });
      expect(entry?.groups).toEqual(['adminForever', 'policy']);
      expect(entry?.policy).toBe(
        'Never expires and counts as Admin; the domain allows that only for Power User, Deployment, Viewer.',
      );
    });

    it('lists every active token of an account over the count cap', () => {
      const policy: TokenPolicy = { ...DEFAULT_TOKEN_POLICY, maxActiveTokensPerAccount: 2 };
      const tokens = [
        token({ name: 'a' }),
        token({ name: 'b' }),
        token({ name: 'c' }),
        token({ name: 'd', status: 'SUSPENDED' }),
      ];
      const entries = attentionOf([account()], () => tokens, policy, { now: NOW, unusedDays: 90 });
      expect(entries.entries.map((e) => e.token.name)).toEqual(['a', 'b', 'c']);
      expect(entries.entries[0]?.policy).toBe('This account has 3 active tokens; the domain allows 2.');
      // As many as the cap is within it.
      expect(attentionOf([account()], () => tokens.slice(1), policy, { now: NOW, unusedDays: 90 }).entries).toEqual([]);
    });

    it('looks at no policy when the snapshot has none', () => {
      expect(groupsOf(token({ expiresAt: iso(400) }), { policy: null })).toEqual([]);
      expect(groupsOf(token({ expiresAt: iso(400) }), { policy: capped })).toEqual(['policy']);
    });
  });

  it('skips accounts whose tokens the admin may not see', () => {
    expect(attentionOf([account()], () => null, null, { now: NOW, unusedDays: 90 })).toEqual({
      accounts: [],
      entries: [],
    });
  });
});
