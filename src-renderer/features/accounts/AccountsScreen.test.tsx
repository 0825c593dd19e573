import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../store/app-store.js';
import { connection, syncStatus } from '../../test-support/fake-bridge.js';
import { account, manyAccounts, snapshot } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { seedQueries } from '../../test-support/connected.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { AccountsScreen } from './AccountsScreen.js';

fakeViewport('grid__scroll');

function setup(accounts = manyAccounts(10_000)) {
  installFakeBridge();
  seedQueries({
    connections: [connection()],
    snapshot: snapshot(accounts),
    statuses: [syncStatus({ connectionId: 'c1', lastSyncedAt: new Date().toISOString() })],
  });
  useAppStore.setState({ selectedConnectionId: 'c1' });
  return renderWithData(<AccountsScreen />);
}

const grid = () => screen.getByRole('grid', { name: 'Service accounts' });
const bodyRows = () => within(grid()).getAllByRole('row').slice(1);

describe('Service accounts list', () => {
  it('renders only the visible rows of 10,000', () => {
    setup();
    expect(screen.getByText('Showing 10,000 of 10,000 service accounts')).toBeTruthy();
    expect(grid().getAttribute('aria-rowcount')).toBe('10001');
    const rows = bodyRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.getAttribute('aria-label')).toBe('svc_00000');
  });

  it('searches instantly and counts what it shows', async () => {
    setup();
    fireEvent.change(screen.getByLabelText('Search service accounts'), {
      target: { value: 'NIGHTLY export job number 99' },
    });
    await act(() => Promise.resolve());
    // 990, 9900..9990 step 10 → 11 matches
    expect(screen.getByText('Showing 11 of 10,000 service accounts')).toBeTruthy();
    expect(bodyRows().map((row) => row.getAttribute('aria-label'))).toContain('svc_09900');
  });

  it('shows a no-match state with Clear filters', async () => {
    setup();
    fireEvent.change(screen.getByLabelText('Search service accounts'), { target: { value: 'zzz-nothing' } });
    await act(() => Promise.resolve());
    expect(screen.getByRole('heading', { name: 'No service accounts match' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await act(() => Promise.resolve());
    expect(screen.getByText('Showing 10,000 of 10,000 service accounts')).toBeTruthy();
  });

  it('filters by chip and sorts by select', () => {
    setup([
      account({ id: '1', name: 'alpha', enabled: false }),
      account({ id: '2', name: 'beta', roles: ['Viewer'] }),
      account({ id: '3', name: 'gamma', roles: ['Viewer'] }),
    ]);
    fireEvent.click(screen.getByRole('radio', { name: 'Disabled' }));
    expect(screen.getByText('Showing 1 of 3 service accounts')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Viewer' }));
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: '-name' } });
    expect(bodyRows().map((row) => row.getAttribute('aria-label'))).toEqual(['gamma', 'beta']);
  });

  it('says when the server has no accounts', () => {
    setup([]);
    expect(screen.getByRole('heading', { name: 'No service accounts yet' })).toBeTruthy();
  });

  it('opens the detail with Enter and moves with the arrow keys', () => {
    setup();
    const first = bodyRows()[0]!;
    expect(first.tabIndex).toBe(0);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const second = bodyRows().find((row) => row.getAttribute('aria-label') === 'svc_00001')!;
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: 'Enter' });
    expect(useAppStore.getState().route).toEqual({ name: 'account', accountId: 'sa1', tab: 'info' });
  });

  it('opens the detail on click', () => {
    setup();
    fireEvent.click(bodyRows()[2]!);
    expect(useAppStore.getState().route).toMatchObject({ name: 'account', accountId: 'sa2' });
  });

  it('truncates long names but keeps the full text in the title', () => {
    const long = `very_long_service_account_name_${'x'.repeat(80)}`;
    setup([account({ id: '1', name: long, description: 'd'.repeat(300) })]);
    const cell = within(bodyRows()[0]!).getByText(long);
    expect(cell.className).toContain('truncate');
    expect(cell.getAttribute('title')).toBe(long);
  });
});
