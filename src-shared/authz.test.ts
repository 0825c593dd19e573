import { describe, expect, it } from 'vitest';
import {
  accountPermissionHandouts,
  ACCESS,
  canChangeServiceAccount,
  canIssueToken,
  canSetAccountPermissions,
  canCreateServiceAccount,
  canGrantPermissions,
  canGrantRoles,
  canManageTokens,
  canPutInGroups,
  lastManagerReason,
  leavesNoManager,
  liftsToken,
  mayActOn,
  mayCall,
  NO_MANAGER_LEFT_REASON,
  PERSON_ONLY_MESSAGE,
  personChangeReason,
  raisesMaxRps,
  SELF_REMOVAL_REASON,
} from './authz.js';
import { permissionsOf } from './roles.js';

const actor = (role: 'Admin' | 'Power User' | 'Deployment' | 'Viewer', groups = ['team-a']) => ({
  roles: [role],
  permissions: permissionsOf([role]),
  groups,
});

describe('shared authorization rules', () => {
  it('lets managers create, and tells others why not', () => {
    expect(canCreateServiceAccount(actor('Power User')).allowed).toBe(true);
    expect(canCreateServiceAccount(actor('Deployment'))).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('needs a shared group to change an account, even for an Admin', () => {
    expect(canChangeServiceAccount(actor('Admin'), { groups: ['team-a'] }).allowed).toBe(true);
    expect(canChangeServiceAccount(actor('Admin'), { groups: ['team-b'] })).toMatchObject({ code: 'not_same_group' });
    expect(canChangeServiceAccount(actor('Viewer'), { groups: ['team-a'] })).toMatchObject({ code: 'forbidden' });
  });

  it('lets token managers in the group manage tokens', () => {
    expect(canManageTokens(actor('Deployment'), { groups: ['team-a'] }).allowed).toBe(true);
    expect(canManageTokens(actor('Deployment'), { groups: ['x'] })).toMatchObject({ code: 'not_same_group' });
    expect(canManageTokens(actor('Viewer'), { groups: ['team-a'] })).toMatchObject({ code: 'forbidden' });
  });

  it('decides a route’s access in one way: the caller’s half, then the shared group where one is declared', () => {
    const viewer = actor('Viewer');
    expect(mayCall(viewer, 'public')).toEqual({ allowed: true });
    expect(mayCall(viewer, 'authenticated')).toEqual({ allowed: true });
    expect(mayCall({ ...viewer, type: 'HUMAN' }, 'person')).toEqual({ allowed: true });
    expect(mayCall({ ...viewer, type: 'SERVICE_ACCOUNT' }, 'person')).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: PERSON_ONLY_MESSAGE,
    });
    expect(mayCall(viewer, ACCESS.readAudit)).toEqual({
      allowed: false,
      code: 'forbidden',
      reason:
        'Your permissions do not allow you to read the audit log (it needs audit.read, which comes with the Admin or Power User role).',
    });
    expect(mayCall(actor('Power User'), ACCESS.manageTokensAsAdmin)).toMatchObject({
      reason: 'Only members with the Admin role can do this.',
    });
    // Token management lets the Admin role through even without the permission itself.
    const bareAdmin = { roles: ['Admin'], permissions: [], groups: ['team-a'] };
    expect(mayCall(bareAdmin, ACCESS.manageTokens).allowed).toBe(true);
    expect(mayCall(bareAdmin, ACCESS.readLogs).allowed).toBe(false);
    // The group half only where the access declares it, in its own words.
    expect(mayActOn(actor('Admin'), ACCESS.readServiceAccounts, { groups: ['team-b'] }).allowed).toBe(true);
    expect(mayActOn(actor('Admin'), ACCESS.readLogs, { groups: ['team-b'] })).toEqual({
      allowed: false,
      code: 'not_same_group',
      reason: ACCESS.readLogs.sameGroup,
    });
  });

  it('never lets anyone give a role beyond their own permissions', () => {
    expect(canGrantRoles(actor('Admin'), ['Admin']).allowed).toBe(true);
    expect(canGrantRoles(actor('Power User'), ['Power User', 'Deployment', 'Viewer']).allowed).toBe(true);
    expect(canGrantRoles(actor('Power User'), ['Admin', 'Viewer'])).toMatchObject({
      allowed: false,
      code: 'forbidden',
      reason: 'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.',
    });
    expect(canGrantRoles(actor('Deployment'), ['Power User', 'Admin']).allowed).toBe(false);
  });

  it('names the bundles that carry a missing permission, when the rule is told the domain’s bundles', () => {
    const bundles = [
      { name: 'token-ops', permissions: ['MANAGE_ACCESS_TOKEN'] },
      { name: 'readers', permissions: ['service_account.read'] },
    ];
    expect(mayActOn(actor('Viewer'), ACCESS.manageTokens, { groups: ['team-a'] }, { bundles })).toEqual({
      allowed: false,
      code: 'forbidden',
      reason:
        'Your permissions do not allow you to manage tokens (it needs access_token.manage, which comes with the Admin, Power User or Deployment role, or the token-ops bundle).',
    });
  });

  it('holds the ceiling over bundles and grants: every permission handed out must be held', () => {
    const deployer = actor('Deployment');
    const tokens = { kind: 'bundle', name: 'token-ops', permissions: ['MANAGE_ACCESS_TOKEN'] } as const;
    const members = { kind: 'bundle', name: 'people', permissions: ['member.read', 'member.manage'] } as const;
    expect(canGrantPermissions(deployer, [tokens, { kind: 'grant', permission: 'log.read' }]).allowed).toBe(true);
    expect(canGrantPermissions(deployer, [members, { kind: 'grant', permission: 'audit.read' }])).toEqual({
      allowed: false,
      code: 'forbidden',
      reason:
        'You can only give permissions you have yourself; the people bundle (member.manage) and audit.read go beyond yours.',
    });
    // A name the catalogue does not know is never held.
    expect(canGrantPermissions(actor('Admin'), [{ kind: 'grant', permission: 'everything' }]).allowed).toBe(false);
  });

  it('counts what setting an account’s permissions hands out: roles added, permissions gained, grants added, denies lifted', () => {
    const none = { roles: [], grants: [], denies: [] };
    const viewer = { roles: ['Viewer'], grants: [], denies: [] };
    // A new account hands out all it holds; a role's own permissions are not counted twice.
    expect(
      accountPermissionHandouts(null, { roles: ['Viewer'], grants: ['audit.read', 'member.read'], denies: [] }),
    ).toEqual([
      { kind: 'role', name: 'Viewer' },
      { kind: 'grant', permission: 'audit.read' },
    ]);
    expect(accountPermissionHandouts(viewer, viewer)).toEqual([]);
    // Denying, and dropping a grant, hand out nothing.
    expect(
      accountPermissionHandouts({ ...viewer, grants: ['log.read'] }, { ...viewer, denies: ['member.read'] }),
    ).toEqual([]);
    // Lifting a deny hands the permission out, even when nothing gives it yet; so does a grant a role already gives.
    expect(accountPermissionHandouts({ ...viewer, denies: ['member.manage'] }, viewer)).toEqual([
      { kind: 'grant', permission: 'member.manage' },
    ]);
    expect(accountPermissionHandouts(viewer, { ...viewer, grants: ['VIEW_MEMBER'] })).toEqual([
      { kind: 'grant', permission: 'member.read' },
    ]);
    expect(accountPermissionHandouts(none, none)).toEqual([]);

    const powerUser = actor('Power User');
    expect(canSetAccountPermissions(powerUser, viewer, { ...viewer, grants: ['log.read'] }).allowed).toBe(true);
    expect(canSetAccountPermissions(powerUser, viewer, { ...viewer, grants: ['member.manage'] })).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'You can only give permissions you have yourself; member.manage goes beyond yours.',
    });
    // A role counts whole, a deny on part of it notwithstanding: the role itself opens doors (Admin).
    expect(
      canSetAccountPermissions(powerUser, null, { roles: ['Admin'], grants: [], denies: ['member.manage'] }).allowed,
    ).toBe(false);
  });

  it('holds a token to the ceiling with its roles and the account’s grants, less its denies', () => {
    const deployer = actor('Deployment');
    expect(canIssueToken(deployer, ['Deployment'], { grants: ['log.read'], denies: [] }).allowed).toBe(true);
    expect(canIssueToken(deployer, [], { grants: ['audit.read'], denies: [] })).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'You can only give permissions you have yourself; audit.read goes beyond yours.',
    });
    // A denied grant is not held by the token, so it hands nothing out.
    expect(canIssueToken(deployer, [], { grants: ['audit.read'], denies: ['audit.read'] }).allowed).toBe(true);
  });

  it('lets only member.manage put an account into a group the actor is not in', () => {
    expect(canPutInGroups(actor('Power User'), ['team-a']).allowed).toBe(true);
    expect(canPutInGroups(actor('Power User'), [])).toEqual({ allowed: true });
    expect(canPutInGroups(actor('Power User'), ['team-a', 'admins', 'ops'])).toEqual({
      allowed: false,
      code: 'group_not_yours',
      reason:
        'You can only put a service account into your own groups, and you are not in admins and ops. Other groups need member.manage.',
    });
    expect(canPutInGroups(actor('Admin'), ['admins', 'ops']).allowed).toBe(true);
  });

  it('tells a change that gives a token rights back from one that takes them away', () => {
    expect(raisesMaxRps(5, null)).toBe(true);
    expect(raisesMaxRps(5, 6)).toBe(true);
    expect(raisesMaxRps(5, 5)).toBe(false);
    expect(raisesMaxRps(null, 100)).toBe(false);
    expect(raisesMaxRps(null, null)).toBe(false);
    const suspended = { status: 'SUSPENDED', maxRps: 5 };
    expect(liftsToken(suspended, { status: 'ACTIVE' })).toBe(true);
    expect(liftsToken(suspended, { status: 'SUSPENDED', maxRps: 1 })).toBe(false);
    expect(liftsToken({ status: 'ACTIVE', maxRps: 5 }, { status: 'ACTIVE' })).toBe(false);
    expect(liftsToken({ status: 'ACTIVE', maxRps: 5 }, { maxRps: null })).toBe(true);
  });

  it('keeps an enabled person who can manage members', () => {
    const people = [
      { id: 'me', enabled: true, roles: ['Admin'] },
      { id: 'off', enabled: false, roles: ['Admin'] },
      { id: 'pu', enabled: true, roles: ['Power User'] },
    ];
    expect(lastManagerReason(people, { id: 'me', roles: ['Viewer'] }, 'me')).toMatch(/^You are the last member/);
    expect(lastManagerReason(people, { id: 'me', deleted: true }, 'bot')).toMatch(/^This would leave no enabled/);
    expect(lastManagerReason(people, { id: 'me', enabled: false }, 'bot')).not.toBeNull();
    expect(lastManagerReason(people, { id: 'me', roles: ['Admin', 'Viewer'] }, 'me')).toBeNull();
    expect(lastManagerReason(people, { id: 'pu', roles: ['Viewer'] }, 'me')).toBeNull();
    // Someone else enabled with Admin: stepping down is fine.
    const two = [...people, { id: 'ada', enabled: true, roles: ['Admin'] }];
    expect(lastManagerReason(two, { id: 'me', roles: ['Viewer'] }, 'me')).toBeNull();
    // Enabling the disabled Admin again counts.
    expect(lastManagerReason(people, { id: 'off', enabled: true }, 'me')).toBeNull();
  });

  it('counts member.manage from bundles as well as roles', () => {
    const people = [
      { id: 'me', enabled: true, roles: ['Admin'] },
      { id: 'bea', enabled: true, roles: ['Viewer'], bundlePermissions: ['MANAGE_MEMBER'] },
    ];
    // Bea manages members through a bundle, so stepping down from Admin keeps a manager.
    expect(lastManagerReason(people, { id: 'me', roles: ['Viewer'] }, 'me')).toBeNull();
    const bundleGone = people.map((p) => ({ ...p, bundlePermissions: [] }));
    expect(lastManagerReason(bundleGone, { id: 'me', roles: ['Viewer'] }, 'me')).toMatch(/^You are the last member/);
    // Taking the bundle away from the last manager through it.
    const alone = [{ id: 'bea', enabled: true, roles: ['Viewer'], bundlePermissions: ['member.manage'] }];
    expect(lastManagerReason(alone, { id: 'bea', bundlePermissions: [] }, 'me')).toBe(NO_MANAGER_LEFT_REASON);
    expect(leavesNoManager(alone, [{ ...alone[0]!, bundlePermissions: ['member.read'] }])).toBe(true);
    expect(leavesNoManager(alone, alone)).toBe(false);
  });

  it('no one disables or deletes themselves; then the last-manager rule', () => {
    const people = [
      { id: 'me', enabled: true, roles: ['Admin'] },
      { id: 'ada', enabled: true, roles: ['Admin'] },
    ];
    expect(personChangeReason(people, { id: 'me', enabled: false }, 'me')).toBe(SELF_REMOVAL_REASON);
    expect(personChangeReason(people, { id: 'me', deleted: true }, 'me')).toBe(SELF_REMOVAL_REASON);
    // Changing your own roles or groups is not removing yourself.
    expect(personChangeReason(people, { id: 'me', roles: ['Viewer'] }, 'me')).toBeNull();
    expect(personChangeReason(people, { id: 'ada', enabled: false }, 'me')).toBeNull();
    const alone = [people[0]!, { id: 'ada', enabled: true, roles: ['Viewer'] }];
    expect(personChangeReason(alone, { id: 'me', roles: ['Viewer'] }, 'me')).toMatch(/^You are the last member/);
    expect(personChangeReason(alone, { id: 'me', deleted: true }, 'bot')).toMatch(/^This would leave no enabled/);
  });
});
