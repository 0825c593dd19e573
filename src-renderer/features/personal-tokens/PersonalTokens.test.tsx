import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PERSONAL_TOKEN_NAME_RULE } from '../../../src-shared/api/personal-tokens.js';
import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { useAppStore } from '../../store/app-store.js';
import { renderApp } from '../../test-support/app.js';
import { exactly, expectBlocked } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { DAY, iso, NOW, token } from '../../test-support/fixtures.js';
import { closeReveal, revealDialog } from '../../test-support/reveal.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { PERSONAL_DELETE_WARNING } from './DeletePersonalTokenDialog.js';
import { openDialog } from '../../test-support/screen-parts.js';

pinClock();

function openPage(options: { offline?: boolean } = {}) {
  return renderApp({
    offline: options.offline ?? false,
    route: { name: 'personalTokens' },
    state: {
      personalTokens: [
        token({ id: 'p1', name: 'terraform', hint: 'tdk_pt_…zz99', expiresAt: iso(NOW + 20 * DAY) }),
        token({ id: 'p2', name: 'old-laptop', status: 'DEACTIVATED', lastUsedAt: iso(NOW - 3 * DAY) }),
      ],
    },
  });
}

const rowOf = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('personal tokens page', () => {
  it('lists the admin’s own tokens with hint, status (incl. DEACTIVATED), expiry and last use', async () => {
    await openPage();
    expect(screen.getByRole('heading', { name: 'Personal tokens' })).toBeVisible();
    const table = screen.getByRole('table', { name: 'Personal tokens' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(rowOf('terraform')).getByText('tdk_pt_…zz99')).toBeVisible();
    expect(within(rowOf('terraform')).getByText('in 20 days')).toBeVisible();
    expect(within(rowOf('old-laptop')).getByText('DEACTIVATED')).toBeVisible();
    expect(within(rowOf('old-laptop')).getByText('3 days ago')).toBeVisible();
    expect(within(rowOf('old-laptop')).queryByRole('button', { name: 'Suspend old-laptop' })).not.toBeInTheDocument();
  });

  it('judges the name live (at least 3 characters) and does not send an invalid one', async () => {
    const { bridge, user } = await openPage();
    const dialog = await openDialog(user, 'Create token', 'Create personal token');
    const name = within(dialog).getByLabelText('Name');
    expect(errorOf(name)).not.toBeInTheDocument();
    await fill(user, name, 'ab');
    expect(errorOf(name)).not.toBeInTheDocument();
    await user.tab();
    expect(errorOf(name)).toHaveTextContent(exactly(PERSONAL_TOKEN_NAME_RULE));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await fill(user, name, 'terraform');
    expect(errorOf(name)).toHaveTextContent(exactly('You already have a personal token with that name.'));
    await user.click(within(dialog).getByRole('button', { name: 'Generate token' }));
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'personalTokens.create')).toBe(false);
    // Limited, 30 days, is the default.
    expect(within(dialog).getByLabelText('Duration')).toHaveValue('30');
  });

  it('creates a token, reveals the secret once and never puts it in the store', async () => {
    const { bridge, user } = await openPage();
    const dialog = await openDialog(user, 'Create token', 'Create personal token');
    await fill(user, within(dialog).getByLabelText('Name'), 'ci-script');
    await user.click(within(dialog).getByRole('button', { name: 'Generate token' }));
    await settle();
    const sent = bridge.calls.find((c) => c.fn === 'personalTokens.create')?.request as {
      input: { name: string; expiresAt: string };
    };
    expect(sent.input.name).toBe('ci-script');
    expect(Date.parse(sent.input.expiresAt)).toBe(NOW + 30 * DAY);
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    expect(within(revealDialog()).getByText(secret)).toBeVisible();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    await closeReveal(user);
    expect(document.body).not.toHaveTextContent(secret);
    expect(rowOf('ci-script')).toBeVisible();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
  });

  it('deletes after a confirmation that carries the seed’s warning', async () => {
    const { bridge, user } = await openPage();
    const dialog = await openDialog(user, 'Delete terraform', 'Delete personal token terraform?');
    expect(within(dialog).getByText(PERSONAL_DELETE_WARNING)).toBeVisible();
    expect(PERSONAL_DELETE_WARNING).toContain('remove the token from any project');
    await user.click(within(dialog).getByRole('button', { name: 'Delete token' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(bridge.state.personalTokens.map((t) => t.name)).toEqual(['old-laptop']);
    expect(screen.queryByRole('row', { name: /^terraform\b/ })).not.toBeInTheDocument();
  });

  it('offline: the list shows but nothing can change', async () => {
    await openPage({ offline: true });
    expectBlocked(screen.getByRole('button', { name: 'Create token' }), UNAVAILABLE_OFFLINE);
    expectBlocked(screen.getByRole('button', { name: 'Delete terraform' }), UNAVAILABLE_OFFLINE);
  });
});
