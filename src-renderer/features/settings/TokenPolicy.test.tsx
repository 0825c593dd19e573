import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { DEFAULT_TOKEN_POLICY, type TokenPolicy } from '../../../src-shared/token-policy.js';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { DAY, iso, NOW, token } from '../../test-support/fixtures.js';
import { lastCall, openCreateToken, openTokensTab, pinClock, rowOf } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';

pinClock();

/** Service-account tokens live at most 20 days; Admin-grade ones may never be unlimited. */
const STRICT: TokenPolicy = { ...DEFAULT_TOKEN_POLICY, serviceAccountTokens: { maxLifetimeDays: 20 } };

describe('token dialogs under the domain’s policy', () => {
  it('Generate: Unlimited and presets beyond the cap are off with the reason; the default is the cap', async () => {
    const { bridge, user } = await openTokensTab({ tokenPolicy: STRICT });
    const dialog = await openCreateToken(user);
    const unlimited = within(dialog).getByRole('radio', { name: 'Unlimited' });
    expect(unlimited).toBeDisabled();
    expect(
      within(dialog).getByText(
        'This domain allows service-account tokens of at most 20 days; a token that never expires is not allowed.',
      ),
    ).toBeVisible();
    const duration = within(dialog).getByLabelText('Duration');
    expect(duration).toHaveDisplayValue('20 days (the most allowed)');
    const options = within(dialog).getAllByRole<HTMLOptionElement>('option');
    expect(options.map((o) => [o.textContent, o.disabled])).toEqual([
      ['7 days', false],
      ['20 days (the most allowed)', false],
      ['30 days', true],
      ['60 days', true],
      ['90 days', true],
      ['Custom date', false],
    ]);
    await fill(user, within(dialog).getByLabelText('Name'), 'capped');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({
      input: { name: 'capped', expiresAt: iso(NOW + 20 * DAY) },
    });
  });

  it('Generate: at the account’s cap of active tokens, says why and sends nothing', async () => {
    const { bridge, user } = await openTokensTab({
      tokenPolicy: { ...DEFAULT_TOKEN_POLICY, maxActiveTokensPerAccount: 1 },
    });
    const dialog = await openCreateToken(user);
    await fill(user, within(dialog).getByLabelText('Name'), 'one-more');
    const generate = within(dialog).getByRole('button', { name: 'Generate' });
    expect(generate).toBeDisabled();
    expect(generate).toHaveAttribute(
      'title',
      'This domain allows at most 1 active token per account, and this account has 1; suspend or delete one first.',
    );
    await user.click(generate);
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toBeUndefined();
  });

  it('Reactivate: a token the policy no longer allows comes back with a new expiry, in one change', async () => {
    const tokens = [token({ id: 't2', name: 'nightly', status: 'SUSPENDED', expiresAt: iso(NOW + 60 * DAY) })];
    const { bridge, user } = await openTokensTab({ tokens, tokenPolicy: STRICT });
    await user.click(within(rowOf('nightly')).getByRole('button', { name: 'Reactivate nightly' }));
    const dialog = screen.getByRole('dialog', { name: 'Reactivate nightly' });
    expect(dialog).toHaveTextContent(
      'This domain allows service-account tokens of at most 20 days; this one would last 60 days.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Reactivate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({
      name: 'nightly',
      patch: { status: 'ACTIVE', expiresAt: iso(NOW + 20 * DAY) },
    });
  });

  it('Rotate: keeping an expiry the policy refuses is off; the new token gets one within it', async () => {
    const tokens = [token({ id: 't1', name: 'ci-main', expiresAt: iso(NOW + 60 * DAY) })];
    const { bridge, user } = await openTokensTab({ tokens, tokenPolicy: STRICT });
    await user.click(within(rowOf('ci-main')).getByRole('button', { name: 'Rotate ci-main' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate ci-main' });
    expect(within(dialog).getByRole('radio', { name: /^As the old one/ })).toBeDisabled();
    expect(within(dialog).getByRole('radio', { name: 'At a new date' })).toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.rotate')).toMatchObject({ name: 'ci-main', expiresAt: iso(NOW + 20 * DAY) });
  });

  it('a token revoked as leaked says so with its report’s source, as text, and can only be deleted', async () => {
    const leaked = token({
      id: 't9',
      name: 'pasted',
      status: 'REVOKED_LEAKED',
      leak: {
        reportedAt: iso(NOW - DAY),
        reportedBy: 'leak report',
        source: '<b>gist</b>',
        url: 'javascript:alert(1)',
      },
    });
    await openTokensTab({ tokens: [leaked] });
    const row = rowOf('pasted');
    expect(within(row).getByText('Leaked — revoked')).toBeVisible();
    expect(within(row).getByText('<b>gist</b>')).toBeVisible();
    expect(row.querySelector('a, b')).toBeNull();
    for (const name of ['Suspend pasted', 'Max RPS for pasted', 'Rotate pasted']) {
      expect(within(row).getByRole('button', { name })).toBeDisabled();
    }
    expect(within(row).getByRole('button', { name: 'Delete pasted' })).toBeEnabled();
  });

  it('a personal token revoked as leaked cannot be rotated, and says why', async () => {
    const leaked = token({
      id: 'p9',
      name: 'old-laptop',
      status: 'REVOKED_LEAKED',
      leak: { reportedAt: iso(NOW - DAY), reportedBy: 'leak report', source: 'paste', url: null },
    });
    await renderApp({ route: { name: 'personalTokens' }, state: { personalTokens: [leaked] } });
    const table = screen.getByRole('table', { name: 'Personal tokens' });
    expect(within(table).getByText('Leaked — revoked')).toBeVisible();
    const rotate = within(table).getByRole('button', { name: 'Rotate old-laptop' });
    expect(rotate).toBeDisabled();
    expect(rotate).toHaveAttribute(
      'title',
      'Token "old-laptop" was revoked as leaked and can never be used again. Delete it and create a new one.',
    );
    expect(within(table).queryByRole('button', { name: /^(Suspend|Reactivate) old-laptop$/ })).not.toBeInTheDocument();
  });
});

describe('Settings: token policy', () => {
  const admin = { roles: ['Admin' as const], permissions: effectivePermissions({ roles: ['Admin'] }) };

  it('an Admin changes it; turning on auto-suspend asks first', async () => {
    const { bridge, user } = await renderApp({
      me: admin,
      route: { name: 'settings' },
      tokenPolicy: DEFAULT_TOKEN_POLICY,
    });
    const form = screen.getByRole('form', { name: 'Token policy' });
    await fill(user, within(form).getByLabelText('Service-account tokens live at most (days)'), '90');
    await user.click(within(form).getByRole('checkbox', { name: 'Viewer' }));
    await user.click(within(form).getByRole('button', { name: 'Save policy' }));
    await settle();
    expect(lastCall(bridge, 'tokenPolicy.set')).toEqual({
      connectionId: 'c1',
      policy: {
        ...DEFAULT_TOKEN_POLICY,
        serviceAccountTokens: { maxLifetimeDays: 90 },
        neverExpiring: { allowedFor: ['Power User', 'Deployment'] },
      },
    });

    await fill(user, within(form).getByLabelText('Suspend tokens unused for (days)'), '30');
    await user.click(within(form).getByRole('button', { name: 'Save policy' }));
    const confirm = screen.getByRole('dialog', { name: 'Suspend unused tokens?' });
    expect(confirm).toHaveTextContent(
      'Every token unused for 30 days will be suspended within a minute, yours included.',
    );
    expect(bridge.calls.filter((c) => c.fn === 'tokenPolicy.set')).toHaveLength(1);
    await user.click(within(confirm).getByRole('button', { name: 'Save and suspend' }));
    await settle();
    expect(lastCall(bridge, 'tokenPolicy.set')).toMatchObject({ policy: { autoSuspendAfterDaysUnused: 30 } });
  });

  it('others read it, with the tokens that break it', async () => {
    const { bridge } = await renderApp({
      me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }) },
      route: { name: 'settings' },
      tokenPolicy: { ...DEFAULT_TOKEN_POLICY, serviceAccountTokens: { maxLifetimeDays: 30 } },
      state: {
        violations: [
          {
            accountId: 'sa1',
            accountName: 'ci_deployer',
            kind: 'serviceAccount',
            tokenName: 'forever',
            rule: 'maxLifetimeDays',
            allowed: 30,
            actual: null,
          },
        ],
      },
    });
    void bridge;
    const form = screen.getByRole('form', { name: 'Token policy' });
    expect(within(form).getByLabelText('Service-account tokens live at most (days)')).toHaveValue(30);
    expect(within(form).getByLabelText('Service-account tokens live at most (days)')).toBeDisabled();
    expect(within(form).queryByRole('button', { name: 'Save policy' })).not.toBeInTheDocument();
    expect(screen.getByText('Only Admins can change the policy; you can read it.')).toBeVisible();
    const table = screen.getByRole('table', { name: 'Tokens that break the policy' });
    expect(within(table).getByRole('rowheader', { name: 'ci_deployer' })).toBeVisible();
    expect(within(table).getByText('Lives too long')).toBeVisible();
    expect(within(table).getByText('never expires')).toBeVisible();
  });
});
