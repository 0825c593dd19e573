import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp } from '../../test-support/app.js';
import { exactly } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { account, detail } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { fill } from '../../test-support/user.js';

fakeViewport('grid__scroll');

const ROLES_ERROR = 'Choose at least one role.';
const admin = {
  roles: ['Admin' as const],
  groups: ['platform'],
  permissions: effectivePermissions({ roles: ['Admin'] }),
};

/** The Info tab of `roles`' account, in edit mode. */
async function openEdit(roles: ('Deployment' | 'Viewer')[]) {
  const bot = account({ id: 'sa1', name: 'ci_deployer', description: 'Deploys from CI', roles, groups: ['platform'] });
  const { bridge, user } = await renderApp({
    accounts: [bot],
    details: { sa1: detail(bot, []) },
    me: admin,
    route: { name: 'account', accountId: 'sa1', tab: 'info' },
  });
  await user.click(screen.getByRole('button', { name: 'Edit' }));
  const form = screen.getByRole('form', { name: 'Edit service account' });
  const sent = () => bridge.calls.filter((c) => c.fn === 'accounts.update');
  return { user, form, sent };
}

describe('edit form in the Info tab: when errors show', () => {
  it('opens without errors, even for an account saved without roles', async () => {
    const { form } = await openEdit([]);
    expect(form.querySelector('.field__error')).toBeNull();
    expect(within(form).queryByText(ROLES_ERROR)).not.toBeInTheDocument();
    expect(within(form).getByLabelText('Description')).not.toHaveAttribute('aria-invalid');
  });

  it('judges the description once it is left, not while typing', async () => {
    const { user, form } = await openEdit(['Deployment']);
    const description = within(form).getByLabelText('Description');
    await user.click(description);
    await user.paste('x'.repeat(1001));
    expect(description).not.toHaveAttribute('aria-invalid');
    expect(errorOf(description)).toBeNull();
    await user.tab();
    expect(description).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(description)).toHaveTextContent(exactly('Keep the description to 1,000 characters or fewer.'));
  });

  it('judges the roles once focus leaves them, not while ticking', async () => {
    const { user, form } = await openEdit(['Deployment']);
    await user.click(within(form).getByRole('checkbox', { name: /^Deployment/ }));
    expect(within(form).queryByText(ROLES_ERROR)).not.toBeInTheDocument();
    await user.click(within(form).getByLabelText('Description'));
    expect(within(form).getByText(ROLES_ERROR)).toBeVisible();
  });

  it('a try to save shows the error of a field not yet touched and sends nothing', async () => {
    const { user, form, sent } = await openEdit([]);
    await fill(user, within(form).getByLabelText('Description'), 'Deploys main');
    expect(within(form).queryByText(ROLES_ERROR)).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(form).getByText(ROLES_ERROR)).toBeVisible();
    expect(sent()).toEqual([]);
    expect(screen.getByRole('form', { name: 'Edit service account' })).toBeInTheDocument();
  });
});
