import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { renderApp } from '../../test-support/app.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { account } from '../../test-support/fixtures.js';
import { openCreateToken, openTokensTab, pinClock } from '../../test-support/tokens-setup.js';

pinClock();

const deployer = {
  roles: ['Deployment' as const],
  permissions: effectivePermissions({ roles: ['Deployment'] }),
  groups: ['platform'],
};
const beyond = (permission: string) =>
  `You can only give permissions you have yourself; ${permission} goes beyond yours.`;

describe('the token ceiling counts the account’s grants', () => {
  it('a Deployment member cannot mint or rotate a token of an account granted audit.read', async () => {
    const { user } = await openTokensTab({ me: deployer, account: { grants: ['audit.read'] } });
    expectBlocked(screen.getByRole('button', { name: 'Rotate ci-main' }), beyond('audit.read'));
    const dialog = await openCreateToken(user);
    expectBlocked(within(dialog).getByRole('button', { name: 'Generate' }), beyond('audit.read'));
  });

  it('a denied grant hands nothing out: the same member may mint again', async () => {
    const { user } = await openTokensTab({
      me: deployer,
      account: { grants: ['audit.read'], denies: ['audit.read'] },
    });
    expect(screen.getByRole('button', { name: 'Rotate ci-main' })).toBeEnabled();
    const dialog = await openCreateToken(user);
    expect(within(dialog).getByRole('button', { name: 'Generate' })).toBeEnabled();
  });
});

describe('enabling an account again brings back all it holds', () => {
  it('a Power User cannot turn on an account granted member.manage; one without the grant they can', async () => {
    const me = {
      roles: ['Power User' as const],
      permissions: effectivePermissions({ roles: ['Power User'] }),
      groups: ['platform'],
    };
    const off = { roles: ['Viewer' as const], groups: ['platform'], enabled: false };
    await renderApp({
      me,
      accounts: [
        account({ id: 'sa1', name: 'granted_one', ...off, grants: ['member.manage'] }),
        account({ id: 'sa2', name: 'plain_one', ...off }),
      ],
    });
    expectBlocked(await screen.findByRole('switch', { name: 'granted_one enabled' }), beyond('member.manage'));
    expect(screen.getByRole('switch', { name: 'plain_one enabled' })).toBeEnabled();
  });
});
