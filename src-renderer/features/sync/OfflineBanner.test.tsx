import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangeButton } from '../../components/ChangeButton.js';
import { UNAVAILABLE_TOKEN_REJECTED } from '../../components/use-can-change.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { renderApp } from '../../test-support/app.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { connection, offlineLink, syncStatus } from '../../test-support/fake-bridge.js';
import { NOW, iso, snapshot } from '../../test-support/fixtures.js';
import { seedQueries, tick } from '../../test-support/connected.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { CacheRecoveredNotice } from './CacheRecoveredNotice.js';
import { OfflineBanner } from './OfflineBanner.js';

const asOf = iso(NOW - 3 * 60 * 60 * 1000);
const since = iso(NOW - 60 * 1000);
const REASON = 'Could not reach https://tokens.example.com.';

function goOffline(link = offlineLink(since, REASON)) {
  seedQueries({
    connections: [connection()],
    snapshot: snapshot([], { asOf }),
    statuses: [syncStatus({ connectionId: 'c1', lastSyncedAt: asOf, link })],
  });
  useAppStore.setState({ selectedConnectionId: 'c1' });
}

describe('OfflineBanner', () => {
  it('is absent while online', () => {
    seedQueries({ statuses: [syncStatus({ connectionId: 'c1' })] });
    useAppStore.setState({ selectedConnectionId: 'c1' });
    renderWithData(<OfflineBanner />);
    expect(screen.queryByText(/Offline/)).not.toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('says since when, that the app is read-only, what is shown and why; retrying is not its job', () => {
    installFakeBridge();
    goOffline();
    renderWithData(<OfflineBanner />);
    const banner = screen.getByRole('status');
    expect(
      within(banner).getByText(
        `Offline since ${formatExact(since)} — read-only, showing data as of ${formatExact(asOf)}`,
      ),
    ).toBeVisible();
    expect(banner).toHaveTextContent(REASON);
    expect(within(banner).queryByRole('button')).not.toBeInTheDocument();
  });

  it('a rejected token says so and leads to where a new one is entered', async () => {
    installFakeBridge();
    goOffline({ ...offlineLink(since, 'The server rejected this connection’s token.'), state: 'auth_failed' });
    const { user } = renderWithData(<OfflineBanner />);
    expect(screen.getByRole('status')).toHaveTextContent(`Token rejected since ${formatExact(since)} — read-only`);
    await user.click(screen.getByRole('button', { name: 'Enter a new token' }));
    expect(useAppStore.getState().route).toEqual({ name: 'connections' });
  });

  it('disables change actions offline or with the token rejected, saying why', async () => {
    goOffline();
    renderWithData(<ChangeButton>Disable account</ChangeButton>);
    const button = screen.getByRole('button', { name: 'Disable account' });
    expectBlocked(button, 'Unavailable offline');
    act(() =>
      seedQueries({
        statuses: [
          syncStatus({ connectionId: 'c1', lastSyncedAt: asOf, link: { ...offlineLink(since), state: 'auth_failed' } }),
        ],
      }),
    );
    await tick();
    expectBlocked(button, UNAVAILABLE_TOKEN_REJECTED);
    act(() => seedQueries({ statuses: [syncStatus({ connectionId: 'c1', lastSyncedAt: asOf })] }));
    await tick();
    expect(button).toBeEnabled();
    expect(button).not.toHaveAttribute('title');
    expect(button).not.toHaveAccessibleDescription();
  });
});

describe('one way to retry', () => {
  it('offline, the whole app has one retry button, in the top bar, and it syncs', async () => {
    const { bridge, user } = await renderApp({ offline: true });
    const retries = screen.queryAllByRole('button', { name: /retry|try again|sync now/i });
    expect(retries.map((b) => b.textContent)).toEqual(['Retry now']);
    expect(within(screen.getByRole('group', { name: 'Connection status' })).getByRole('button')).toBe(retries[0]);
    bridge.calls.length = 0;
    await user.click(retries[0]!);
    await tick();
    expect(bridge.calls.map((c) => c.fn)).toContain('sync.run');
  });

  it('online, the same button reads Sync now', async () => {
    await renderApp({});
    expect(screen.getAllByRole('button', { name: /retry|try again|sync now/i }).map((b) => b.textContent)).toEqual([
      'Sync now',
    ]);
  });
});

describe('CacheRecoveredNotice', () => {
  it('shows the message until dismissed', async () => {
    const message = 'The cache could not be read and was set aside; TokenDesk is syncing a fresh copy.';
    seedQueries({ statuses: [syncStatus({ connectionId: 'c1', cacheRecovered: message })] });
    useAppStore.setState({ selectedConnectionId: 'c1' });
    const { user } = renderWithData(<CacheRecoveredNotice />);
    expect(within(screen.getByRole('status')).getByText(message)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });
});
