import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { DEFAULT_TOKEN_POLICY } from '../../../src-shared/token-policy.js';
import { me } from '../../test-support/fake-bridge.js';
import { account, DAY, iso, NOW, token } from '../../test-support/fixtures.js';
import { OWN_TOKEN_BULK_REASON, planBulk, type BulkAction, type BulkTarget } from './bulk-plan.js';

function target(
  patch: {
    token?: Partial<BulkTarget['token']>;
    connection?: Partial<BulkTarget['connection']>;
    account?: Partial<BulkTarget['account']>;
  } = {},
): BulkTarget {
  return {
    key: 'k',
    connection: {
      connectionId: 'c1',
      name: 'Production',
      link: 'online',
      ownTokenId: 'own',
      me: me(),
      tokenPolicy: DEFAULT_TOKEN_POLICY,
      ...patch.connection,
    },
    account: account({ id: 'a1', name: 'ci', groups: ['admins'], ...patch.account }),
    token: token({ id: 't1', name: 'deploy', expiresAt: iso(NOW + 20 * DAY), roles: ['Deployment'], ...patch.token }),
  };
}

const SUSPEND: BulkAction = { kind: 'suspend' };
const DELETE: BulkAction = { kind: 'delete' };
const expiry = (days: number): BulkAction => ({ kind: 'expiry', expiresAt: iso(NOW + days * DAY) });

describe('planBulk (the dry run)', () => {
  it('changes what the rules allow', () => {
    for (const action of [SUSPEND, DELETE, expiry(10)])
      expect(planBulk(action, target(), NOW)).toEqual({ kind: 'change' });
  });

  it('refuses a token of an account the admin shares no group with (the same-group rule)', () => {
    const verdict = planBulk(SUSPEND, target({ account: { groups: ['billing'] } }), NOW);
    expect(verdict).toEqual({ kind: 'refused', reason: expect.stringContaining('same group') as string });
  });

  it('refuses without access_token.manage, naming it', () => {
    const viewer = me({ roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }) });
    const verdict = planBulk(DELETE, target({ connection: { me: viewer } }), NOW);
    expect(verdict.kind === 'refused' && verdict.reason).toContain('access_token.manage');
  });

  it('refuses everything on a connection that is offline, and before the first sync', () => {
    expect(planBulk(SUSPEND, target({ connection: { link: 'offline' } }), NOW)).toEqual({
      kind: 'refused',
      reason: 'Production cannot be reached now, so nothing there can change until it is back.',
    });
    expect(planBulk(SUSPEND, target({ connection: { me: null } }), NOW).kind).toBe('refused');
  });

  it("never suspends or deletes the connection's own token in bulk", () => {
    for (const action of [SUSPEND, DELETE]) {
      expect(planBulk(action, target({ token: { id: 'own' } }), NOW)).toEqual({
        kind: 'refused',
        reason: OWN_TOKEN_BULK_REASON,
      });
    }
    // A new expiry does not cut the app off.
    expect(planBulk(expiry(5), target({ token: { id: 'own' } }), NOW).kind).toBe('change');
  });

  it('lets a leaked token only be deleted', () => {
    const leaked = target({ token: { status: 'REVOKED_LEAKED' } });
    expect(planBulk(SUSPEND, leaked, NOW)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('revoked as leaked') as string,
    });
    expect(planBulk(expiry(5), leaked, NOW).kind).toBe('refused');
    expect(planBulk(DELETE, leaked, NOW).kind).toBe('change');
  });

  it('says what needs no change', () => {
    expect(planBulk(SUSPEND, target({ token: { status: 'SUSPENDED' } }), NOW).kind).toBe('unchanged');
    expect(planBulk(SUSPEND, target({ token: { expiresAt: iso(NOW - DAY) } }), NOW).kind).toBe('unchanged');
    expect(planBulk(expiry(20), target(), NOW).kind).toBe('unchanged');
  });

  it("refuses an expiry the domain's policy does not allow, in the policy's words", () => {
    const capped = { ...DEFAULT_TOKEN_POLICY, serviceAccountTokens: { maxLifetimeDays: 30 } };
    expect(planBulk(expiry(45), target({ connection: { tokenPolicy: capped } }), NOW)).toEqual({
      kind: 'refused',
      reason: 'This domain allows service-account tokens of at most 30 days; this one would last 45 days.',
    });
    expect(planBulk(expiry(25), target({ connection: { tokenPolicy: capped } }), NOW).kind).toBe('change');
  });

  it('refuses a later expiry for a token with more power than the admin (the ceiling of a create)', () => {
    const deployer = me({
      roles: ['Deployment'],
      permissions: effectivePermissions({ roles: ['Deployment'], grants: ['access_token.manage'] }),
    });
    const adminToken = target({ connection: { me: deployer }, token: { roles: ['Admin'] } });
    expect(planBulk(expiry(60), adminToken, NOW).kind).toBe('refused');
    // A shorter life only takes power away: allowed.
    expect(planBulk(expiry(5), adminToken, NOW).kind).toBe('change');
  });
});
