import { screen, within } from '@testing-library/react';
import { memo, type FunctionComponent } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../data/query-client.js';
import { setupConnected } from '../../test-support/connected.js';
import { account, manyAccounts } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { renderWithData } from '../../test-support/render.js';
import type { AccountGridRowProps } from './AccountGridRow.js';
import { AccountsScreen } from './AccountsScreen.js';

/**
 * What a search keystroke costs in React: only what shows the result may render again. Counted by
 * wrapping the row and the screen header in counters that render the real thing (the row with the
 * same memo, so a row renders exactly when it would).
 */
const renders = vi.hoisted(() => ({ rows: 0, header: 0 }));

vi.mock('./AccountGridRow.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./AccountGridRow.js')>();
  const Row = (original.AccountGridRow as unknown as { type: FunctionComponent<AccountGridRowProps> }).type;
  return {
    ...original,
    AccountGridRow: memo(function CountedRow(props: AccountGridRowProps) {
      renders.rows++;
      return Row(props);
    }),
  };
});

vi.mock('../../components/ScreenHeader.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../components/ScreenHeader.js')>();
  return {
    ...original,
    ScreenHeader(props: Parameters<typeof original.ScreenHeader>[0]) {
      renders.header++;
      return original.ScreenHeader(props);
    },
  };
});

fakeViewport('grid__scroll');

beforeEach(() => {
  renders.rows = 0;
  renders.header = 0;
});

/** Every observer of the query cache: each is a subscription set up when a component mounts. */
const observers = () =>
  queryClient
    .getQueryCache()
    .getAll()
    .reduce((n, query) => n + query.getObserversCount(), 0);

describe('A search keystroke in the service accounts list', () => {
  it('renders no row that keeps its account and place, and not the screen around the list', async () => {
    setupConnected({ accounts: manyAccounts(10_000) });
    const { user } = renderWithData(<AccountsScreen />);
    const search = screen.getByLabelText('Search service accounts');
    await user.click(search);
    renders.rows = 0;
    renders.header = 0;
    // svc_00000… stay the first rows, in the same places, at every key.
    await user.type(search, 'svc_000');
    expect(screen.getByText('Showing 100 of 10,000 service accounts')).toBeVisible();
    expect(renders.rows).toBe(0);
    expect(renders.header).toBe(0);
  });

  it('keeps a row’s switch and role chip elements when the row shows another account', async () => {
    setupConnected({ accounts: manyAccounts(1_000) });
    const { user } = renderWithData(<AccountsScreen />);
    const firstRow = () => screen.getAllByRole('row')[1]!;
    const switchBefore = within(firstRow()).getByRole('switch', { name: 'svc_00000 enabled' });
    const chipBefore = within(firstRow()).getByText('Admin');
    expect(switchBefore).not.toBeChecked();
    // svc_00001 takes the first row: other name, state and role, in the same elements.
    await user.type(screen.getByLabelText('Search service accounts'), '1');
    const switchAfter = within(firstRow()).getByRole('switch', { name: 'svc_00001 enabled' });
    expect(switchAfter).toBeChecked();
    expect(switchAfter).toBe(switchBefore);
    expect(within(firstRow()).getByText('Power User')).toBe(chipBefore);
  });

  it('mounts rows that subscribe to nothing: the cache has as many observers with one row as with a screenful', () => {
    setupConnected({ accounts: [account({ id: '1', name: 'alpha' })] });
    const one = renderWithData(<AccountsScreen />);
    const withOne = observers();
    one.unmount();
    setupConnected({ accounts: manyAccounts(1_000) });
    renderWithData(<AccountsScreen />);
    expect(screen.getAllByRole('row').length).toBeGreaterThan(10);
    expect(observers()).toBe(withOne);
  });
});
