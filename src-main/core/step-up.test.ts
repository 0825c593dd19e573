import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../src-shared/permissions.js';
import type { Session } from './session.js';
import { ADMIN_ONLY_PERMISSIONS } from '../../src-shared/roles.js';
import { needsStepUp } from './step-up.js';

/** A session whose cache knows one account, two groups and two bundles: what the rules read. */
function session(): Session {
  const snapshot = {
    me: { permissions: effectivePermissions({ roles: ['Power User'] }) },
    bundles: [
      { name: 'member-admin', permissions: ['member.manage'] },
      { name: 'log-readers', permissions: ['log.read'] },
    ],
    groups: [
      { name: 'ops', bundles: ['member-admin'] },
      { name: 'devs', bundles: ['log-readers'] },
    ],
  };
  const account = {
    name: 'bot',
    roles: ['Deployment'],
    grants: [],
    denies: [],
    tokens: [{ name: 'ci', roles: ['Deployment'] }],
  };
  return {
    sync: {
      snapshot: () => snapshot,
      account: (_c: string, id: string) =>
        id === 'sa1' ? account : id === 'sa2' ? { ...account, grants: ['member.manage'] } : null,
    },
  } as unknown as Session;
}

const ask = (channel: Parameters<typeof needsStepUp>[0], request: Record<string, unknown>) =>
  needsStepUp(channel, { connectionId: 'c1', ...request }, session());

describe('needsStepUp: every way to make or hand out Admin-only power', () => {
  it('Admin-only is member.manage', () => {
    expect([...ADMIN_ONLY_PERMISSIONS]).toEqual(['member.manage']);
  });

  it('tokens: by their roles, the account’s grants, or an account or token the cache does not know', () => {
    expect(ask('tokens:create', { accountId: 'sa1', input: { name: 't' } })).toBe(false);
    expect(ask('tokens:create', { accountId: 'sa2', input: { name: 't' } })).toBe(true);
    expect(ask('tokens:create', { accountId: 'sa9', input: { name: 't' } })).toBe(true);
    expect(ask('tokens:rotate', { accountId: 'sa1', name: 'ci' })).toBe(false);
    expect(ask('tokens:rotate', { accountId: 'sa1', name: 'gone' })).toBe(true);
    expect(ask('connections:add', {})).toBe(true);
  });

  it('the chain around it: widen an account, a person’s roles, groups or bundles, or a bundle itself', () => {
    expect(ask('accounts:update', { id: 'sa1', patch: { grants: ['member.manage'] } })).toBe(true);
    expect(ask('accounts:update', { id: 'sa1', patch: { grants: ['log.read'] } })).toBe(false);
    expect(ask('members:create', { input: { name: 'x', roles: ['Viewer'], groups: ['devs'] } })).toBe(false);
    expect(ask('members:create', { input: { name: 'x', roles: ['Admin'], groups: [] } })).toBe(true);
    // A group that holds an Admin-grade bundle hands it to whoever joins.
    expect(ask('members:create', { input: { name: 'x', roles: ['Viewer'], groups: ['ops'] } })).toBe(true);
    expect(ask('members:update', { id: 'm1', patch: { groups: ['ops'] } })).toBe(true);
    expect(ask('members:update', { id: 'm1', patch: { enabled: false } })).toBe(false);
    expect(ask('members:setBundles', { id: 'm1', bundles: ['member-admin'] })).toBe(true);
    expect(ask('groups:setBundles', { name: 'devs', bundles: ['log-readers'] })).toBe(false);
    expect(ask('bundles:update', { name: 'log-readers', patch: { permissions: ['MANAGE_MEMBER'] } })).toBe(true);
    // The caller is a Power User: their own personal tokens are not Admin-grade.
    expect(ask('personalTokens:create', { input: { name: 'mine' } })).toBe(false);
  });
});
