import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  effectivePermissions,
  PERMISSION_INFO,
  permissionNamed,
  permissionNames,
  PERMISSIONS_BY_RESOURCE,
  RESOURCES,
  waysToGet,
  withPermission,
} from './permissions.js';
import { BUILT_IN_ROLES, PERMISSIONS, permissionsOf, ROLE_NAMES, type Permission } from './roles.js';

const permission = fc.constantFrom(...PERMISSIONS);
/** A permission as a bundle may list it: by its catalogue name or by its alias. */
const spelled = permission.chain((p) => fc.constantFrom(p, PERMISSION_INFO[p].alias));
const inputs = fc.record({
  roles: fc.subarray([...ROLE_NAMES]),
  bundles: fc.array(fc.record({ name: fc.constantFrom('ops', 'readers', 'tokens'), permissions: fc.array(spelled) }), {
    maxLength: 4,
  }),
  grants: fc.array(permission, { maxLength: 4 }),
  denies: fc.array(permission, { maxLength: 3 }),
});

describe('effective permissions', () => {
  it('are the roles’, bundles’ and grants’ permissions minus the denies, each with exactly its sources', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const effective = effectivePermissions({ ...input, account: 'bot' });
        const expected = new Map<Permission, string[]>();
        const give = (p: Permission, source: string) => {
          if (input.denies.includes(p)) return;
          const list = expected.get(p) ?? [];
          if (!list.includes(source)) list.push(source);
          expected.set(p, list);
        };
        for (const role of input.roles) permissionsOf([role]).forEach((p) => give(p, `role:${role}`));
        for (const b of input.bundles) b.permissions.forEach((p) => give(permissionNamed(p)!, `bundle:${b.name}`));
        for (const p of input.grants) give(p, 'grant:bot');
        expect(permissionNames(effective)).toEqual(PERMISSIONS.filter((p) => expected.has(p)));
        for (const { permission: p, sources } of effective) {
          expect(sources.map((s) => `${s.kind}:${s.name}`).sort()).toEqual([...expected.get(p)!].sort());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never hold a denied permission, whatever else gives it', () => {
    fc.assert(
      fc.property(inputs, permission, (input, denied) => {
        const all = effectivePermissions({
          ...input,
          roles: [...ROLE_NAMES],
          grants: [...PERMISSIONS],
          denies: [...input.denies, denied],
        });
        expect(permissionNames(all)).not.toContain(denied);
      }),
    );
  });

  it('take nothing from a bundle a service account’s inputs do not list', () => {
    expect(effectivePermissions({ roles: ['Viewer'], grants: ['log.read'], account: 'ci_bot' })).toEqual([
      { permission: 'service_account.read', sources: [{ kind: 'role', name: 'Viewer' }] },
      { permission: 'member.read', sources: [{ kind: 'role', name: 'Viewer' }] },
      { permission: 'log.read', sources: [{ kind: 'grant', name: 'ci_bot' }] },
    ]);
  });
});

describe('the catalogue', () => {
  it('gives every permission a resource, one line and an alias of its own that names it back', () => {
    const aliases = PERMISSIONS.map((p) => PERMISSION_INFO[p].alias);
    expect(new Set(aliases).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) {
      expect(permissionNamed(p)).toBe(p);
      expect(permissionNamed(PERMISSION_INFO[p].alias)).toBe(p);
      expect(PERMISSION_INFO[p].allows).toMatch(/^[A-Z].*\.$/);
    }
    expect(permissionNamed('MANAGE_ACCESS_TOKEN')).toBe('access_token.manage');
    expect(permissionNamed('manage_access_token')).toBeNull();
    expect(permissionNamed('everything')).toBeNull();
  });

  it('words the ways to a permission: the roles that carry it, then the bundles', () => {
    expect(waysToGet('member.manage')).toBe('the Admin role');
    expect(waysToGet('access_token.manage')).toBe('the Admin, Power User or Deployment role');
    const bundles = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, permissions: ['VIEW_AUDIT'] }));
    expect(waysToGet('audit.read', bundles.slice(0, 2))).toBe('the Admin or Power User role, or the a or b bundles');
    expect(waysToGet('audit.read', bundles)).toBe('the Admin or Power User role, or the a, b or c bundles (or 2 more)');
    expect(BUILT_IN_ROLES.every((r) => r.permissions.every((p) => waysToGet(p).includes(r.name)))).toBe(true);
  });

  it('lays the catalogue out by resource, every permission once; a checklist keeps catalogue order', () => {
    const laidOut = PERMISSIONS_BY_RESOURCE.flatMap((section) => section.permissions);
    expect([...laidOut].sort()).toEqual([...PERMISSIONS].sort());
    expect(PERMISSIONS_BY_RESOURCE.map((section) => section.resource)).toEqual(RESOURCES);
    for (const { resource, permissions } of PERMISSIONS_BY_RESOURCE) {
      expect(permissions.every((p) => PERMISSION_INFO[p].resource === resource)).toBe(true);
    }
    fc.assert(
      fc.property(fc.subarray([...PERMISSIONS]), permission, fc.boolean(), (value, p, on) => {
        const next = withPermission(value, p, on);
        expect(next.includes(p)).toBe(on);
        for (const q of PERMISSIONS) if (q !== p) expect(next.includes(q)).toBe(value.includes(q));
        expect(next.map((q) => PERMISSIONS.indexOf(q))).toEqual(
          next.map((q) => PERMISSIONS.indexOf(q)).sort((a, b) => a - b),
        );
        expect(new Set(next).size).toBe(next.length);
      }),
    );
  });
});
