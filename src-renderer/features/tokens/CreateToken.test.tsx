import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TOKEN_NAME_RULE } from '../../../src-shared/validation.js';
import { formatExpiryDate } from '../../lib/token-form.js';
import { settle } from '../../test-support/connected.js';
import { DAY, NOW } from '../../test-support/fixtures.js';
import { lastCall, openTokensTab, pinClock } from '../../test-support/tokens-setup.js';

pinClock();

async function openCreate() {
  const bridge = await openTokensTab();
  fireEvent.click(screen.getByRole('button', { name: 'Generate new token' }));
  return { bridge, dialog: screen.getByRole('dialog', { name: 'Generate new token' }) };
}

const field = (dialog: HTMLElement, label: string) => within(dialog).getByLabelText<HTMLInputElement>(label);

describe('Generate new token', () => {
  it('defaults to Limited, 30 days, with the date in the blue box, and sends that date', async () => {
    const { bridge, dialog } = await openCreate();
    expect(within(dialog).getByRole<HTMLInputElement>('radio', { name: 'Limited' }).checked).toBe(true);
    expect(within(dialog).getByRole<HTMLInputElement>('radio', { name: 'Unlimited' }).checked).toBe(false);
    expect(within(dialog).getByLabelText<HTMLSelectElement>('Duration').value).toBe('30');
    const options = within(dialog)
      .getAllByRole<HTMLOptionElement>('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['7 days', '30 days', '60 days', '90 days', 'Custom date']);
    const expected = new Date(NOW + 30 * DAY);
    const box = within(dialog).getByText(/^Expires on /);
    expect(box.textContent).toBe(`Expires on ${formatExpiryDate(expected)}`);
    expect(box.className).toContain('notice--info');

    fireEvent.change(field(dialog, 'Name'), { target: { value: 'ci-new' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      input: { name: 'ci-new', expiresAt: expected.toISOString(), roles: ['Deployment', 'Viewer'], maxRps: null },
    });
  });

  it('switches the box with the preset, and sends null for Unlimited', async () => {
    const { bridge, dialog } = await openCreate();
    fireEvent.change(within(dialog).getByLabelText('Duration'), { target: { value: '7' } });
    expect(within(dialog).getByText(/^Expires on /).textContent).toBe(
      `Expires on ${formatExpiryDate(new Date(NOW + 7 * DAY))}`,
    );
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Unlimited' }));
    expect(within(dialog).queryByText(/^Expires on /)).toBeNull();
    expect(within(dialog).queryByLabelText('Duration')).toBeNull();
    fireEvent.change(field(dialog, 'Name'), { target: { value: 'forever' } });
    fireEvent.change(field(dialog, 'Max RPS (optional)'), { target: { value: '25' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { expiresAt: null, maxRps: 25 } });
  });

  it('rejects a custom date that is not in the future, and accepts one that is', async () => {
    const { bridge, dialog } = await openCreate();
    fireEvent.change(field(dialog, 'Name'), { target: { value: 'dated' } });
    fireEvent.change(within(dialog).getByLabelText('Duration'), { target: { value: 'custom' } });
    const date = field(dialog, 'Expiration date');
    fireEvent.change(date, { target: { value: '2025-05-31' } });
    expect(within(dialog).getByText('Pick a date in the future.')).toBeTruthy();
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.min).toBe('2025-06-02');
    expect(within(dialog).queryByText(/^Expires on /)).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'tokens.create')).toBe(false);

    fireEvent.change(date, { target: { value: '2025-07-15' } });
    expect(within(dialog).queryByText('Pick a date in the future.')).toBeNull();
    const local = new Date(2025, 6, 15);
    expect(within(dialog).getByText(/^Expires on /).textContent).toBe(`Expires on ${formatExpiryDate(local)}`);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { expiresAt: local.toISOString() } });
  });

  it('offers only the account’s roles, all ticked, and needs at least one', async () => {
    const { bridge, dialog } = await openCreate();
    const roles = within(dialog).getByRole('group', { name: 'Roles' });
    const boxes = within(roles).getAllByRole<HTMLInputElement>('checkbox');
    expect(boxes.map((b) => b.closest('label')?.textContent)).toEqual(['Deployment', 'Viewer']);
    expect(boxes.every((b) => b.checked)).toBe(true);
    expect(within(roles).queryByRole('checkbox', { name: 'Admin' })).toBeNull();

    fireEvent.change(field(dialog, 'Name'), { target: { value: 'scoped' } });
    fireEvent.click(within(roles).getByRole('checkbox', { name: 'Deployment' }));
    fireEvent.click(within(roles).getByRole('checkbox', { name: 'Viewer' }));
    expect(within(dialog).getByText('Choose at least one role.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'tokens.create')).toBe(false);

    fireEvent.click(within(roles).getByRole('checkbox', { name: 'Viewer' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.create')).toMatchObject({ input: { roles: ['Viewer'] } });
  });

  it('validates the name live with the shared rule and against the account’s other tokens', async () => {
    const { dialog } = await openCreate();
    const name = field(dialog, 'Name');
    fireEvent.change(name, { target: { value: 'no spaces' } });
    expect(within(dialog).getByText(TOKEN_NAME_RULE, { selector: '.field__error' })).toBeTruthy();
    fireEvent.change(name, { target: { value: 'ci-main' } });
    expect(within(dialog).getByText('This service account already has a token with that name.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'ci-other' } });
    expect(name.getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(field(dialog, 'Max RPS (optional)'), { target: { value: '0' } });
    expect(within(dialog).getByText('Max RPS must be at least 1, or empty for no cap.')).toBeTruthy();
  });

  it('shows a refusal from the server in the dialog, in its words', async () => {
    const { bridge, dialog } = await openCreate();
    bridge.state.failNext['tokens.create'] = { code: 'forbidden', message: 'Your roles changed on the server.' };
    fireEvent.change(field(dialog, 'Name'), { target: { value: 'refused' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await settle();
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Could not generate the token: Your roles changed on the server.',
    );
  });
});
