import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { account, DAY, detail, iso, NOW, token } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';

pinClock();

const accounts = ['alpha', 'bravo', 'charlie', 'delta'].map((name, i) =>
  account({ id: `a${i}`, name, tokenCount: 1, groups: name === 'delta' ? ['billing'] : ['admins'] }),
);

describe('service-account list: bulk changes of the selected accounts’ tokens', () => {
  it('shift-click picks a range; Delete… dry-runs every token of them, the other group’s refused', async () => {
    const { bridge, user } = await renderApp({
      accounts,
      details: Object.fromEntries(
        accounts.map((a, i) => [
          a.id,
          detail(a, [token({ id: `t${i}`, name: `${a.name}-key`, expiresAt: iso(NOW + 40 * DAY) })]),
        ]),
      ),
    });
    await user.click(screen.getByRole('checkbox', { name: 'Select bravo' }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select delta' }));
    await user.keyboard('{/Shift}');
    expect(screen.getByRole('checkbox', { name: 'Select charlie' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select alpha' })).not.toBeChecked();
    // Picking a row does not open it.
    expect(screen.getByRole('heading', { name: 'Service accounts' })).toBeVisible();
    expect(within(screen.getByRole('region', { name: 'Selection' })).getByText(/3 accounts selected/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    await settle();
    const dialog = screen.getByRole('dialog', { name: /Delete tokens: dry run/ });
    const deleted = within(dialog).getByRole('region', { name: 'Will be deleted' });
    expect(
      within(deleted)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringContaining('bravo-key') as string, expect.stringContaining('charlie-key') as string]);
    expect(within(within(dialog).getByRole('region', { name: 'Refused' })).getByText('delta-key')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 tokens' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'tokens.remove').map((c) => c.request)).toEqual([
      { connectionId: 'c1', accountId: 'a1', name: 'bravo-key' },
      { connectionId: 'c1', accountId: 'a2', name: 'charlie-key' },
    ]);
  });

  it('the header box picks every account shown, and again none', async () => {
    const { user } = await renderApp({ accounts });
    await user.click(screen.getByRole('checkbox', { name: 'Select all 4 shown' }));
    expect(within(screen.getByRole('region', { name: 'Selection' })).getByText(/4 accounts selected/)).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'Select all 4 shown' }));
    expect(screen.queryByRole('region', { name: 'Selection' })).not.toBeInTheDocument();
  });
});
