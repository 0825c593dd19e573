import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PERSONAL_TOKEN_NAME_RULE } from '../../../src-shared/api/personal-tokens.js';
import { App } from '../../app/App.js';
import { useAppStore } from '../../store/app-store.js';
import { setupConnected, settle } from '../../test-support/connected.js';
import { DAY, iso, NOW, token } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { PERSONAL_DELETE_WARNING } from './DeletePersonalTokenDialog.js';

pinClock();

async function openPage(options: { offline?: boolean } = {}) {
  const bridge = setupConnected({ accounts: [], offline: options.offline ?? false, route: { name: 'personalTokens' } });
  bridge.state.personalTokens = [
    token({ id: 'p1', name: 'terraform', hint: 'tdk_pt_…zz99', expiresAt: iso(NOW + 20 * DAY) }),
    token({ id: 'p2', name: 'old-laptop', status: 'DEACTIVATED', lastUsedAt: iso(NOW - 3 * DAY) }),
  ];
  render(<App />);
  await settle();
  return bridge;
}

const rowOf = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('personal tokens page', () => {
  it('lists the admin’s own tokens with hint, status (incl. DEACTIVATED), expiry and last use', async () => {
    await openPage();
    expect(screen.getByRole('heading', { name: 'Personal tokens' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Personal tokens' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(rowOf('terraform')).getByText('tdk_pt_…zz99')).toBeTruthy();
    expect(within(rowOf('terraform')).getByText('in 20 days')).toBeTruthy();
    expect(within(rowOf('old-laptop')).getByText('DEACTIVATED')).toBeTruthy();
    expect(within(rowOf('old-laptop')).getByText('3 days ago')).toBeTruthy();
    expect(within(rowOf('old-laptop')).queryByRole('button', { name: 'Suspend old-laptop' })).toBeNull();
  });

  it('judges the name live (at least 3 characters) and does not send an invalid one', async () => {
    const bridge = await openPage();
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = screen.getByRole('dialog', { name: 'Create personal token' });
    const name = within(dialog).getByLabelText('Name');
    fireEvent.change(name, { target: { value: 'ab' } });
    expect(within(dialog).getByText(PERSONAL_TOKEN_NAME_RULE, { selector: '.field__error' })).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(name, { target: { value: 'terraform' } });
    expect(within(dialog).getByText('You already have a personal token with that name.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate token' }));
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'personalTokens.create')).toBe(false);
    // Limited, 30 days, is the default.
    expect(within(dialog).getByLabelText<HTMLSelectElement>('Duration').value).toBe('30');
  });

  it('creates a token, reveals the secret once and never puts it in the store', async () => {
    const bridge = await openPage();
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = screen.getByRole('dialog', { name: 'Create personal token' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ci-script' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate token' }));
    await settle();
    const sent = bridge.calls.find((c) => c.fn === 'personalTokens.create')?.request as {
      input: { name: string; expiresAt: string };
    };
    expect(sent.input.name).toBe('ci-script');
    expect(Date.parse(sent.input.expiresAt)).toBe(NOW + 30 * DAY);
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
    expect(within(reveal).getByText(secret)).toBeTruthy();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    fireEvent.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
    fireEvent.click(within(reveal).getByRole('button', { name: 'Done' }));
    await settle();
    expect(document.body.textContent).not.toContain(secret);
    expect(rowOf('ci-script')).toBeTruthy();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
  });

  it('deletes after a confirmation that carries the seed’s warning', async () => {
    const bridge = await openPage();
    fireEvent.click(screen.getByRole('button', { name: 'Delete terraform' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete personal token terraform?' });
    expect(within(dialog).getByText(PERSONAL_DELETE_WARNING)).toBeTruthy();
    expect(PERSONAL_DELETE_WARNING).toContain('remove the token from any project');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete token' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.state.personalTokens.map((t) => t.name)).toEqual(['old-laptop']);
    expect(screen.queryByRole('row', { name: /^terraform\b/ })).toBeNull();
  });

  it('offline: the list shows but nothing can change', async () => {
    await openPage({ offline: true });
    const create = screen.getByRole<HTMLButtonElement>('button', { name: 'Create token' });
    expect(create.disabled).toBe(true);
    expect(create.title).toBe('Unavailable offline');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Delete terraform' }).disabled).toBe(true);
  });
});
