import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../src-shared/permissions.js';
import { PERMISSIONS, ROLE_NAMES, type Permission } from '../../src-shared/roles.js';
import {
  changeRefusal,
  heldPermissions,
  overridesAfter,
  permissionChange,
  permissionSections,
  setWanted,
  tickRefusal,
  type AccountPermissions,
  type PermissionDraft,
} from './permission-edit.js';

/** Deployment: service_account.read, access_token.manage, member.read, log.read. */
const deployer: AccountPermissions = { roles: ['Deployment'], grants: [], denies: [] };
const draft = (entries: [Permission, boolean][]): PermissionDraft => new Map(entries);
const actorWith = (roles: string[]) => ({
  roles,
  permissions: effectivePermissions({ roles }).map((e) => e.permission),
  groups: ['admins'],
});

describe('overridesAfter: a tick or an untick becomes grants and denies', () => {
  it('unticking a permission a role gives adds a deny', () => {
    expect(overridesAfter(deployer, draft([['log.read', false]]))).toEqual({ grants: [], denies: ['log.read'] });
  });

  it('unticking a granted permission removes the grant', () => {
    const account = { ...deployer, grants: ['audit.read'] };
    expect(overridesAfter(account, draft([['audit.read', false]]))).toEqual({ grants: [], denies: [] });
  });

  it('unticking one that comes with a role and a grant denies it and drops the grant the deny would beat', () => {
    const account = { ...deployer, grants: ['log.read'] };
    expect(overridesAfter(account, draft([['log.read', false]]))).toEqual({ grants: [], denies: ['log.read'] });
  });

  it('ticking a permission no role gives adds a grant', () => {
    expect(overridesAfter(deployer, draft([['audit.read', true]]))).toEqual({ grants: ['audit.read'], denies: [] });
  });

  it('ticking a denied permission a role gives removes the deny', () => {
    const account = { ...deployer, denies: ['log.read'] };
    expect(overridesAfter(account, draft([['log.read', true]]))).toEqual({ grants: [], denies: [] });
  });

  it('ticking a denied permission no role gives removes the deny and grants it', () => {
    const account = { ...deployer, grants: ['audit.read'], denies: ['audit.read'] };
    expect(overridesAfter(account, draft([['audit.read', true]]))).toEqual({ grants: ['audit.read'], denies: [] });
  });

  it('an entry equal to what the account holds changes nothing, even a grant beaten by a deny', () => {
    const account = { roles: ['Viewer'], grants: ['log.read'], denies: ['log.read', 'member.read'] };
    const same = draft([
      ['log.read', false],
      ['member.read', false],
      ['service_account.read', true],
    ]);
    expect(overridesAfter(account, same)).toEqual({ grants: ['log.read'], denies: ['member.read', 'log.read'] });
  });

  it('answers in catalogue order whatever order the account stored', () => {
    const account = { roles: [], grants: ['log.read', 'audit.read'], denies: [] };
    expect(overridesAfter(account, draft([['service_account.read', true]])).grants).toEqual([
      'service_account.read',
      'audit.read',
      'log.read',
    ]);
  });
});

describe('permissionChange: what the preview lists and Save sends', () => {
  it('lists gains and losses and the overrides to send', () => {
    const change = permissionChange(
      deployer,
      draft([
        ['access_token.manage', false],
        ['audit.read', true],
      ]),
    );
    expect(change).toEqual({
      gains: ['audit.read'],
      losses: ['access_token.manage'],
      grants: ['audit.read'],
      denies: ['access_token.manage'],
      changed: true,
    });
  });

  it('an edit undone is no change', () => {
    let edited = setWanted(deployer, new Map(), 'log.read', false);
    edited = setWanted(deployer, edited, 'log.read', true);
    expect(edited.size).toBe(0);
    expect(permissionChange(deployer, edited)).toMatchObject({ gains: [], losses: [], changed: false });
  });
});

describe('permissionSections', () => {
  it('groups every catalogue permission by resource and says where it comes from', () => {
    const account = { roles: ['Deployment'], grants: ['audit.read'], denies: ['log.read'] };
    const sections = permissionSections(account);
    expect(sections.map((s) => s.resource)).toEqual([
      'Service accounts',
      'Tokens',
      'Members and groups',
      'Audit',
      'Request logs',
    ]);
    const rows = sections.flatMap((s) => s.rows);
    expect(rows.map((r) => r.permission)).toEqual([...PERMISSIONS]);
    const row = (p: Permission) => rows.find((r) => r.permission === p)!;
    expect(row('access_token.manage')).toMatchObject({ standing: 'role', roles: ['Deployment'], held: true });
    expect(row('audit.read')).toMatchObject({ standing: 'granted', roles: [], held: true });
    expect(row('log.read')).toMatchObject({ standing: 'denied', roles: ['Deployment'], held: false });
    expect(row('member.manage')).toMatchObject({ standing: 'none', held: false, wanted: false });
    expect(row('audit.read').allows).toBe('Read the audit log of the domain.');
  });

  it('shows the draft as wanted', () => {
    const rows = permissionSections(deployer, draft([['log.read', false]])).flatMap((s) => s.rows);
    expect(rows.find((r) => r.permission === 'log.read')).toMatchObject({ held: true, wanted: false });
  });
});

describe('the ceiling', () => {
  const deploymentUser = actorWith(['Deployment']);

  it('ticking a permission the user does not hold is refused with the shared words', () => {
    expect(tickRefusal(deploymentUser, deployer, 'audit.read')).toBe(
      'You can only give permissions you have yourself; audit.read goes beyond yours.',
    );
    expect(tickRefusal(deploymentUser, deployer, 'log.read')).toBeNull();
  });

  it('a permission the account holds may be unticked and ticked back by anyone who may edit', () => {
    const account = { roles: ['Admin'], grants: [], denies: [] };
    expect(tickRefusal(deploymentUser, account, 'member.manage')).toBeNull();
  });

  it('un-denying counts as giving', () => {
    const account = { roles: ['Admin'], grants: [], denies: ['member.manage'] };
    expect(tickRefusal(deploymentUser, account, 'member.manage')).toMatch(/member\.manage goes beyond yours/);
    const change = permissionChange(account, draft([['member.manage', true]]));
    expect(changeRefusal(deploymentUser, account, change)).toMatch(/member\.manage goes beyond yours/);
    expect(changeRefusal(actorWith(['Admin']), account, change)).toBeNull();
  });
});

describe('property: the saved overrides give exactly the ticked boxes', () => {
  const someOf = <T>(items: readonly T[]) => fc.subarray([...items]);
  const accountArb = fc.record({
    roles: someOf(ROLE_NAMES),
    grants: someOf(PERMISSIONS),
    denies: someOf(PERMISSIONS),
  });
  const draftArb = fc
    .array(fc.tuple(fc.constantFrom(...PERMISSIONS), fc.boolean()), { maxLength: 10 })
    .map((entries) => new Map(entries));

  it('after saving, the account holds what is ticked; a deny still wins; untouched overrides stay', () => {
    fc.assert(
      fc.property(accountArb, draftArb, (account, edits) => {
        const { grants, denies } = overridesAfter(account, edits);
        const after = heldPermissions({ roles: account.roles, grants, denies });
        const wanted = permissionSections(account, edits)
          .flatMap((s) => s.rows)
          .filter((r) => r.wanted)
          .map((r) => r.permission);
        expect(after).toEqual(wanted);
        for (const d of denies) expect(after).not.toContain(d);
        for (const p of PERMISSIONS) {
          if (edits.has(p)) continue;
          expect(grants.includes(p)).toBe(account.grants.includes(p));
          expect(denies.includes(p)).toBe(account.denies.includes(p));
        }
      }),
    );
  });
});
