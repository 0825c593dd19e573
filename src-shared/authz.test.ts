import { describe, expect, it } from 'vitest';
import { canChangeServiceAccount, canCreateServiceAccount, canGrantRoles, canManageTokens } from './authz.js';
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

  it('never lets anyone give a role beyond their own permissions', () => {
    expect(canGrantRoles(actor('Admin'), ['Admin']).allowed).toBe(true);
    expect(canGrantRoles(actor('Power User'), ['Power User', 'Deployment', 'Viewer']).allowed).toBe(true);
    expect(canGrantRoles(actor('Power User'), ['Admin', 'Viewer'])).toMatchObject({
      allowed: false,
      code: 'forbidden',
      reason: 'You can only give roles whose permissions you have yourself; Admin goes beyond yours.',
    });
    expect(canGrantRoles(actor('Deployment'), ['Power User', 'Admin']).allowed).toBe(false);
  });
});
