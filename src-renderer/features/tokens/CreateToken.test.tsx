import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TOKEN_NAME_RULE } from '../../../src-shared/validation.js';
import { formatExpiryDate } from '../../lib/token-form.js';
import { exactly, expectNames } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { DAY, NOW } from '../../test-support/fixtures.js';
import { lastCall, openCreateToken, openTokensTab, pinClock } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';

pinClock();

async function openCreate() {
  const { bridge, user } = await openTokensTab();
  const dialog = await openCreateToken(user);
  const field = (label: string) => within(dialog).getByLabelText(label);
  const generate = () => user.click(within(dialog).getByRole('button', { name: 'Generate' }));
  return { bridge, user, dialog, field, generate };
}

describe('Generate new token', () => {
  it('defaults to Limited, 30 days, with the date in the blue box, and sends that date', async () => {
    const { bridge, user, dialog, field, generate } = await openCreate();
    expect(within(dialog).getByRole('radio', { name: 'Limited' })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Unlimited' })).not.toBeChecked();
    expect(field('Duration')).toHaveValue('30');
    expect(field('Duration')).toHaveDisplayValue('30 days');
    const options = within(dialog)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['7 days', '30 days', '60 days', '90 days', 'Custom date']);
    const expected = new Date(NOW + 30 * DAY);
    const box = within(dialog).getByText(/^Expires on /);
    expect(box).toHaveTextContent(exactly(`Expires on ${formatExpiryDate(expected)}`));
    expect(box).toHaveClass('notice--info');
    expect(box).toBeVisible();

    await fill(user, field('Name'), 'ci-new');
    await generate();
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      input: { name: 'ci-new', expiresAt: expected.toISOString(), roles: ['Deployment', 'Viewer'], maxRps: null },
    });
  });

  it('switches the box with the preset, and sends null for Unlimited', async () => {
    const { bridge, user, dialog, field, generate } = await openCreate();
    await user.selectOptions(field('Duration'), '7 days');
    expect(within(dialog).getByText(/^Expires on /)).toHaveTextContent(
      exactly(`Expires on ${formatExpiryDate(new Date(NOW + 7 * DAY))}`),
    );
    await user.click(within(dialog).getByRole('radio', { name: 'Unlimited' }));
    expect(within(dialog).queryByText(/^Expires on /)).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Duration')).not.toBeInTheDocument();
    await fill(user, field('Name'), 'forever');
    await fill(user, field('Max RPS (optional)'), '25');
    await generate();
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { expiresAt: null, maxRps: 25 } });
  });

  it('rejects a custom date that is not in the future, and accepts one that is', async () => {
    const { bridge, user, dialog, field, generate } = await openCreate();
    await fill(user, field('Name'), 'dated');
    await user.selectOptions(field('Duration'), 'Custom date');
    const date = field('Expiration date');
    await fill(user, date, '2025-05-31');
    // Judged once the field is left (or on a try to generate), not while typing.
    expect(date).not.toHaveAttribute('aria-invalid');
    await user.tab();
    expect(errorOf(date)).toHaveTextContent(exactly('Pick a date in the future.'));
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(date).toHaveAttribute('min', '2025-06-02');
    expect(within(dialog).queryByText(/^Expires on /)).not.toBeInTheDocument();
    await generate();
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'tokens.create')).toBe(false);

    await fill(user, date, '2025-07-15');
    expect(within(dialog).queryByText('Pick a date in the future.')).not.toBeInTheDocument();
    expect(date).not.toHaveAttribute('aria-invalid');
    const local = new Date(2025, 6, 15);
    expect(within(dialog).getByText(/^Expires on /)).toHaveTextContent(
      exactly(`Expires on ${formatExpiryDate(local)}`),
    );
    await generate();
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { expiresAt: local.toISOString() } });
  });

  it('offers only the account’s roles, all ticked, and needs at least one', async () => {
    const { bridge, user, dialog, field, generate } = await openCreate();
    const roles = within(dialog).getByRole('group', { name: 'Roles' });
    const boxes = within(roles).getAllByRole('checkbox');
    expectNames(boxes, ['Deployment', 'Viewer']);
    for (const box of boxes) expect(box).toBeChecked();
    expect(within(roles).queryByRole('checkbox', { name: 'Admin' })).not.toBeInTheDocument();

    await fill(user, field('Name'), 'scoped');
    await user.click(within(roles).getByRole('checkbox', { name: 'Deployment' }));
    await user.click(within(roles).getByRole('checkbox', { name: 'Viewer' }));
    await user.tab();
    expect(within(roles).getByRole('alert')).toHaveTextContent(exactly('Choose at least one role.'));
    await generate();
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'tokens.create')).toBe(false);

    await user.click(within(roles).getByRole('checkbox', { name: 'Viewer' }));
    await generate();
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { roles: ['Viewer'] } });
  });

  it('validates the name live with the shared rule and against the account’s other tokens', async () => {
    const { user, field } = await openCreate();
    const name = field('Name');
    await fill(user, name, 'no spaces');
    expect(errorOf(name)).not.toBeInTheDocument();
    await user.tab();
    expect(errorOf(name)).toHaveTextContent(exactly(TOKEN_NAME_RULE));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await fill(user, name, 'ci-main');
    expect(errorOf(name)).toHaveTextContent(exactly('This service account already has a token with that name.'));
    await fill(user, name, 'ci-other');
    expect(name).not.toHaveAttribute('aria-invalid');
    expect(errorOf(name)).not.toBeInTheDocument();
    const maxRps = field('Max RPS (optional)');
    await fill(user, maxRps, '0');
    await user.tab();
    expect(errorOf(maxRps)).toHaveTextContent(exactly('Max RPS must be at least 1, or empty for no cap.'));
  });

  it('shows a refusal from the server in the dialog, in its words', async () => {
    const { bridge, user, dialog, field, generate } = await openCreate();
    bridge.state.failNext['tokens.create'] = { code: 'forbidden', message: 'Your roles changed on the server.' };
    await fill(user, field('Name'), 'refused');
    await generate();
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      exactly('Could not generate the token: Your roles changed on the server.'),
    );
  });
});
