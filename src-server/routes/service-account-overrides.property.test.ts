import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Me, ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { effectivePermissions, permissionNames } from '../../src-shared/permissions.js';
import { PERMISSIONS, ROLE_NAMES, type Permission, type RoleName } from '../../src-shared/roles.js';
import { useTestServer } from '../test-server-hooks.js';
import { call, send } from '../test-support.js';
import { createToken } from '../token-test-support.js';

/** HTTP round trips are slow; a few runs per commit, different ones each commit (see test/setup/property-seed.ts). */
const RUNS = 12;

interface Definition {
  roles: RoleName[];
  grants: Permission[];
  denies: Permission[];
}

/** Roles, grants and denies as the API takes them: no permission both ways, at least one role or grant. */
const definition: fc.Arbitrary<Definition> = fc
  .record({
    roles: fc.subarray([...ROLE_NAMES]),
    grants: fc.subarray([...PERMISSIONS]),
    denies: fc.subarray([...PERMISSIONS]),
  })
  .map((d) => ({ ...d, denies: d.denies.filter((p) => !d.grants.includes(p)) }))
  .filter((d) => d.roles.length > 0 || d.grants.length > 0);

/**
 * Over random roles, grants and denies of an account and random roles of its tokens, before and after
 * a change of the account: what each existing token may do (as /me answers it, from the very next
 * request) is exactly the definition (src-shared/permissions.ts effectivePermissions over the token's
 * roles the account still has, plus the account's grants, minus its denies), never more than the
 * account holds, and never a denied permission.
 */
describe('token permissions over random grants and denies', () => {
  const t = useTestServer('sa-overrides-property');
  let made = 0;

  it('are the definition, within the account, and a deny always wins', async () => {
    const scenario = fc.tuple(definition, definition).chain(([first, second]) =>
      fc.record({
        first: fc.constant(first),
        second: fc.constant(second),
        tokenRoles: fc.array(fc.subarray(first.roles), { minLength: 1, maxLength: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ first, second, tokenRoles }) => {
        const name = `prop_bot_${++made}`;
        const created = await send<ServiceAccount>(
          t.url + apiPath('createServiceAccount', { domain: 'default' }),
          'POST',
          t.adminToken,
          { name, ...first, groups: ['admins'] },
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const secrets: { roles: RoleName[]; secret: string }[] = [];
        for (const [i, roles] of tokenRoles.entries()) {
          const { secret } = await createToken(t, created.body.id, {
            name: `token-${i}`,
            expiresAt: t.clock.inDays(365),
            roles,
          });
          secrets.push({ roles, secret });
        }

        for (const account of [first, second]) {
          if (account === second) {
            const url = t.url + apiPath('updateServiceAccount', { domain: 'default', id: created.body.id });
            const changed = await send<ServiceAccount>(url, 'PATCH', t.adminToken, second);
            expect(changed.status, JSON.stringify(changed.body)).toBe(200);
          }
          const held = new Set(permissionNames(effectivePermissions({ ...account, account: name })));
          for (const { roles, secret } of secrets) {
            const me = await call<Me>(t.url + apiPath('getMe'), { token: secret });
            expect(me.status).toBe(200);
            const stillHeld = roles.filter((role) => account.roles.includes(role));
            expect(me.body.permissions).toEqual(
              effectivePermissions({ roles: stillHeld, grants: account.grants, denies: account.denies, account: name }),
            );
            const names = permissionNames(me.body.permissions);
            expect(names.every((p) => held.has(p))).toBe(true);
            expect(names.filter((p) => account.denies.includes(p))).toEqual([]);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
