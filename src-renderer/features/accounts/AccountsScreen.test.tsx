import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../store/app-store.js';
import { expectNames } from '../../test-support/assertions.js';
import { setupConnected } from '../../test-support/connected.js';
import { account, manyAccounts } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { renderWithData } from '../../test-support/render.js';
import { AccountsScreen } from './AccountsScreen.js';
import { ROW_HEIGHT } from './columns.js';
import { bodyRows } from '../../test-support/screen-parts.js';

fakeViewport('grid__scroll');

function setup(accounts = manyAccounts(10_000)) {
  setupConnected({ accounts });
  return renderWithData(<AccountsScreen />);
}

const grid = () => screen.getByRole('grid', { name: 'Service accounts' });
const accountRows = () => bodyRows('Service accounts', 'grid');

describe('Service accounts list', () => {
  it('renders only the visible rows of 10,000', () => {
    setup();
    expect(screen.getByText('Showing 10,000 of 10,000 service accounts')).toBeVisible();
    expect(grid()).toHaveAttribute('aria-rowcount', '10001');
    const rows = accountRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]).toHaveAccessibleName('svc_00000');
  });

  it('searches instantly and counts what it shows', async () => {
    const { user } = setup();
    // Pasted, as one change: typing it would filter 10,000 rows 28 times, which the bench measures.
    await user.click(screen.getByLabelText('Search service accounts'));
    await user.paste('NIGHTLY export job number 99');
    // 990, 9900..9990 step 10 → 11 matches
    expect(screen.getByText('Showing 11 of 10,000 service accounts')).toBeVisible();
    expect(within(grid()).getByRole('row', { name: 'svc_09900' })).toBeVisible();
  });

  it('keeps the same grid and rows while the search is typed, and starts the new result at the top', async () => {
    const { user } = setup();
    const gridBefore = grid();
    const scroller = gridBefore.querySelector<HTMLElement>('.grid__scroll')!;
    act(() => {
      scroller.scrollTop = ROW_HEIGHT * 3;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const rowBefore = within(gridBefore).getByRole('row', { name: 'svc_00005' });
    // Each key filters 10,000 rows; the grid must not be rebuilt for any of them.
    await user.type(screen.getByLabelText('Search service accounts'), 'svc_0000');
    expect(screen.getByText('Showing 10 of 10,000 service accounts')).toBeVisible();
    expect(grid()).toBe(gridBefore);
    expect(within(grid()).getByRole('row', { name: 'svc_00005' })).toBe(rowBefore);
    expect(scroller.scrollTop).toBe(0);
    expect(accountRows()[0]).toHaveAttribute('tabindex', '0');
    expect(screen.getByLabelText('Search service accounts')).toHaveFocus();
  });

  it('shows a no-match state with Clear filters', async () => {
    const { user } = setup();
    const search = screen.getByLabelText('Search service accounts');
    await user.type(search, 'zzz-nothing');
    expect(screen.getByRole('heading', { name: 'No service accounts match' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByText('Showing 10,000 of 10,000 service accounts')).toBeVisible();
    expect(search).toHaveValue('');
  });

  it('filters by chip and sorts by select', async () => {
    const { user } = setup([
      account({ id: '1', name: 'alpha', enabled: false }),
      account({ id: '2', name: 'beta', roles: ['Viewer'] }),
      account({ id: '3', name: 'gamma', roles: ['Viewer'] }),
    ]);
    await user.click(screen.getByRole('radio', { name: 'Disabled' }));
    expect(screen.getByText('Showing 1 of 3 service accounts')).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'Viewer' }));
    await user.selectOptions(screen.getByLabelText('Sort by'), '-name');
    expectNames(accountRows(), ['gamma', 'beta']);
  });

  it('says when the server has no accounts', () => {
    setup([]);
    expect(screen.getByRole('heading', { name: 'No service accounts yet' })).toBeVisible();
  });

  it('opens the detail with Enter and moves with the arrow keys', async () => {
    const { user } = setup();
    const first = accountRows()[0]!;
    expect(first).toHaveAttribute('tabindex', '0');
    act(() => first.focus());
    await user.keyboard('{ArrowDown}');
    const second = within(grid()).getByRole('row', { name: 'svc_00001' });
    expect(second).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(useAppStore.getState().route).toEqual({ name: 'account', accountId: 'sa1', tab: 'info' });
  });

  it('opens the detail on click', async () => {
    const { user } = setup();
    await user.click(accountRows()[2]!);
    expect(useAppStore.getState().route).toMatchObject({ name: 'account', accountId: 'sa2' });
  });

  it('truncates long names but keeps the full text in the title', () => {
    const long = `very_long_service_account_name_${'x'.repeat(80)}`;
    setup([account({ id: '1', name: long, description: 'd'.repeat(300) })]);
    const cell = within(accountRows()[0]!).getByText(long);
    expect(cell).toHaveClass('truncate');
    expect(cell).toHaveAttribute('title', long);
  });
});
