import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceAccount, TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { CreatedToken, RotatedToken } from '../../src-shared/api/tokens.js';
import { ROLE_NAMES, type Permission, type RoleName } from '../../src-shared/roles.js';
import {
  DAY_MS,
  lifetimeBreach,
  neverExpiringBreach,
  serviceAccountTokenPermissions,
  type TokenPolicy,
} from '../../src-shared/token-policy.js';
import { send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { listTokens, request, tokensUrl, tokenUrl } from '../token-test-support.js';

/**
 * Different runs each commit (see test/setup/property-seed.ts). 60 runs take about 2 s and catch each
 * planted gap in the rules (no count on reactivation, no policy on rotate or create) nearly every time.
 */
const RUNS = 60;
const NAMES = ['tok-a', 'tok-b', 'tok-c'] as const;

const days = fc.constantFrom(null, 1, 10, 40);
const policy: fc.Arbitrary<TokenPolicy> = fc.record({
  serviceAccountTokens: fc.record({ maxLifetimeDays: fc.constantFrom(null, 5, 20) }),
  personalTokens: fc.record({ maxLifetimeDays: fc.constant(null) }),
  neverExpiring: fc.record({ allowedFor: fc.subarray([...ROLE_NAMES]) }),
  maxActiveTokensPerAccount: fc.constantFrom(null, 1, 2),
  autoSuspendAfterDaysUnused: fc.constant(null),
});
const name = fc.constantFrom(...NAMES);
const LAX: TokenPolicy = {
  serviceAccountTokens: { maxLifetimeDays: null },
  personalTokens: { maxLifetimeDays: null },
  neverExpiring: { allowedFor: [...ROLE_NAMES] },
  maxActiveTokensPerAccount: null,
  autoSuspendAfterDaysUnused: null,
};
type Step =
  | { kind: 'policy'; policy: TokenPolicy }
  | { kind: 'create'; name: string; days: number | null; roles: RoleName[] }
  | { kind: 'rotate'; name: string; days: number | null | undefined }
  | { kind: 'suspend'; name: string }
  | { kind: 'reactivate'; name: string; days: number | null | undefined }
  | { kind: 'expiry'; name: string; days: number | null }
  | { kind: 'advance'; days: number };
const create: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('create' as const),
  name,
  days,
  roles: fc.subarray<RoleName>(['Admin', 'Viewer'], { minLength: 1 }),
});
// Weighted so that tokens exist to act on and policies change under them.
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('policy' as const), policy }) },
  { weight: 3, arbitrary: create },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('rotate' as const), name, days: fc.option(days, { nil: undefined }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('suspend' as const), name }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reactivate' as const), name, days: fc.option(days, { nil: undefined }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expiry' as const), name, days }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 15 }) }) },
);
/** A few tokens under a lax policy first, then anything. */
const steps = fc
  .tuple(fc.array(create, { minLength: 1, maxLength: 3 }), fc.array(step, { minLength: 1, maxLength: 16 }))
  .map(([first, rest]): Step[] => [{ kind: 'policy', policy: LAX }, ...first, ...rest]);

/**
 * No sequence of creates, rotates, reactivations, expiry changes and policy changes leaves an active
 * token that breaks a rule of the policy that was in force when it was made or last changed: its
 * lifetime from now, the never-expiring rule (counting an Admin-grade grant as Admin), and, when it
 * became active, the per-account cap.
 */
describe('token policy over random sequences', () => {
  const t = useTestServer('token-policy-property');
  let run = 0;
  let accepted = 0;

  it('never leaves an active token beyond the policy in force when it was made or last changed', async () => {
    await fc.assert(
      fc.asyncProperty(steps, fc.boolean(), async (sequence, granted) => {
        const grants: Permission[] = granted ? ['member.manage'] : [];
        const created = await send<ServiceAccount>(
          t.url + apiPath('createServiceAccount', { domain: 'default' }),
          'POST',
          t.adminToken,
          { name: `policy_prop_${++run}`, roles: ['Admin', 'Viewer'], grants, groups: ['admins'] },
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const account = created.body;
        let inForce: TokenPolicy = (await send<{ policy: TokenPolicy }>(policyUrl(), 'GET', t.adminToken)).body.policy;
        /** The policy each token was made or last changed under, by token id. */
        const madeUnder = new Map<string, TokenPolicy>();
        /** Each token's status at the last listing, to tell which step made one active. */
        let statusOf = new Map<string, TokenMeta['status']>();
        const expiry = (d: number | null) => (d === null ? null : new Date(t.clock.now() + d * DAY_MS).toISOString());
        const url = (n: string) => tokenUrl(t, 'domain', account.id, n);

        for (const s of sequence) {
          if (s.kind === 'advance') {
            t.clock.advance(s.days * DAY_MS);
            statusOf = new Map((await listTokens(t, account.id)).map((token) => [token.id, token.status]));
            continue;
          }
          if (s.kind === 'policy') {
            expect((await send(policyUrl(), 'PUT', t.adminToken, s.policy)).status).toBe(200);
            inForce = s.policy;
            continue;
          }
          const reply =
            s.kind === 'create'
              ? await request<CreatedToken>(t, 'POST', tokensUrl(t, 'domain', account.id), {
                  name: s.name,
                  expiresAt: expiry(s.days),
                  roles: s.roles,
                })
              : s.kind === 'rotate'
                ? await request<RotatedToken>(t, 'POST', `${url(s.name)}/rotate`, {
                    graceSeconds: 0,
                    ...(s.days === undefined ? {} : { expiresAt: expiry(s.days) }),
                  })
                : await request<TokenMeta>(
                    t,
                    'PATCH',
                    url(s.name),
                    s.kind === 'suspend'
                      ? { status: 'SUSPENDED' }
                      : s.kind === 'expiry'
                        ? { expiresAt: expiry(s.days) }
                        : { status: 'ACTIVE', ...(s.days === undefined ? {} : { expiresAt: expiry(s.days) }) },
                  );
          // Refusals are the policy's (422), the ceiling's, a gone name (404), an expired token (409) or a bad date.
          expect([200, 201, 400, 404, 409, 422], JSON.stringify(reply.body)).toContain(reply.status);
          if (reply.status >= 300) continue;
          accepted += 1;
          const changed = 'token' in reply.body ? reply.body.token : reply.body;
          // Setting ACTIVE on a token that already is changes nothing: it keeps the policy it had.
          const noChange = s.kind === 'reactivate' && s.days === undefined && statusOf.get(changed.id) !== 'SUSPENDED';
          if (s.kind !== 'suspend' && !noChange) madeUnder.set(changed.id, inForce);

          const tokens = await listTokens(t, account.id);
          const active = tokens.filter((token) => token.status === 'ACTIVE');
          const now = t.clock.now();
          for (const token of active) {
            const rules = madeUnder.get(token.id)!;
            const seen = {
              kind: 'serviceAccount' as const,
              expiresAt: token.expiresAt,
              roles: token.roles,
              permissions: serviceAccountTokenPermissions(token.roles, account),
            };
            expect(lifetimeBreach(rules, seen, now), token.name).toBeNull();
            expect(neverExpiringBreach(rules, seen), token.name).toBeNull();
          }
          // A token that became active by this step counts against the cap in force.
          const becameActive =
            changed.status === 'ACTIVE' &&
            (s.kind === 'create' || (s.kind !== 'rotate' && statusOf.get(changed.id) !== 'ACTIVE'));
          statusOf = new Map(tokens.map((token) => [token.id, token.status]));
          if (becameActive && inForce.maxActiveTokensPerAccount !== null) {
            const counted = active.filter((token) => token.replacedBy === null);
            expect(counted.length).toBeLessThanOrEqual(inForce.maxActiveTokensPerAccount);
          }
        }
      }),
      { numRuns: RUNS },
    );
    // The runs did exercise accepted changes, not only refusals.
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  const policyUrl = () => t.url + apiPath('getTokenPolicy', { domain: 'default' });
});
