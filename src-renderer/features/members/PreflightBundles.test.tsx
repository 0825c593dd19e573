import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ACCESS, permissionRefusal } from '../../../src-shared/authz.js';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { renderApp } from '../../test-support/app.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { bundle, detail } from '../../test-support/fixtures.js';
import { ci, pinClock, sampleTokens } from '../../test-support/tokens-setup.js';

pinClock();

/**
 * Pre-flight with effective permissions: a refusal names the missing permission and every way to get it,
 * the built-in roles and the domain's bundles (from the cached snapshot) that carry it.
 */
const bundles = [
  bundle('token-operators', { permissions: ['access_token.manage', 'service_account.read'] }),
  bundle('people-admins', { permissions: ['member.read', 'member.manage'] }),
  bundle('auditors', { permissions: ['audit.read'] }),
  bundle('account-makers', { permissions: ['service_account.manage'] }),
  bundle('log-readers', { permissions: ['log.read'] }),
];
const viewer = { roles: ['Viewer' as const], permissions: effectivePermissions({ roles: ['Viewer'] }) };

describe('pre-flight names the bundles that would give the missing permission', () => {
  it('Members: member.manage', async () => {
    await renderApp({ route: { name: 'members' }, me: viewer, bundles });
    const reason =
      'Your permissions do not allow you to manage members (it needs member.manage, which comes with the Admin role, or the people-admins bundle).';
    expect(permissionRefusal(ACCESS.manageDirectory, bundles)).toBe(reason);
    expect(screen.getByText(reason)).toBeVisible();
  });

  it('Audit: audit.read', async () => {
    await renderApp({ route: { name: 'audit' }, me: viewer, bundles });
    expect(screen.getByText(/^Your permissions do not allow you to read the audit log/)).toHaveTextContent(
      /, or the auditors bundle\)\.$/,
    );
  });

  it('Accounts: creating one needs service_account.manage', async () => {
    await renderApp({ accounts: [ci], me: { ...viewer, groups: ['platform'] }, bundles });
    expectBlocked(
      screen.getByRole('button', { name: 'New service account' }),
      'Your permissions do not allow you to create service accounts (it needs service_account.manage, which comes with the Admin or Power User role, or the account-makers bundle).',
    );
  });

  it('Logs tab: log.read', async () => {
    await renderApp({
      accounts: [ci],
      details: { sa1: detail(ci, sampleTokens()) },
      route: { name: 'account', accountId: 'sa1', tab: 'logs' },
      me: { ...viewer, groups: ['platform'] },
      bundles,
    });
    expect(
      screen.getByText(
        'Your permissions do not allow you to read request logs (it needs log.read, which comes with the Admin, Power User or Deployment role, or the log-readers bundle).',
      ),
    ).toBeVisible();
  });

  it('Tokens: access_token.manage, and a member holding it through a bundle may act', async () => {
    const reason =
      'Your permissions do not allow you to manage tokens (it needs access_token.manage, which comes with the Admin, Power User or Deployment role, or the token-operators bundle).';
    const route = { name: 'account', accountId: 'sa1', tab: 'tokens' } as const;
    const details = { sa1: detail(ci, sampleTokens()) };
    const first = await renderApp({ accounts: [ci], details, route, me: { ...viewer, groups: ['platform'] }, bundles });
    expectBlocked(screen.getByRole('button', { name: 'Generate new token' }), reason);
    first.unmount();
    // The same Viewer with the bundle (and a group shared with the account): the IOMETE v2 path.
    const held = effectivePermissions({ roles: ['Viewer'], bundles: [bundles[0]!] });
    await renderApp({
      accounts: [ci],
      details,
      route,
      me: { roles: ['Viewer'], permissions: held, groups: ['platform'] },
      bundles,
    });
    expect(screen.getByRole('button', { name: 'Generate new token' })).toBeEnabled();
  });
});
