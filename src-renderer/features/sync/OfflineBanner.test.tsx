import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangeButton } from '../../components/ChangeButton.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { connection, syncStatus } from '../../test-support/fake-bridge.js';
import { NOW, iso, snapshot } from '../../test-support/fixtures.js';
import { seedQueries, tick } from '../../test-support/connected.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { CacheRecoveredNotice } from './CacheRecoveredNotice.js';
import { OfflineBanner } from './OfflineBanner.js';

const asOf = iso(NOW - 3 * 60 * 60 * 1000);

function goOffline() {
  seedQueries({
    connections: [connection()],
    snapshot: snapshot([], { asOf }),
    statuses: [
      syncStatus({
        connectionId: 'c1',
        phase: 'offline',
        lastSyncedAt: asOf,
        error: { code: 'network_unreachable', message: 'Could not reach https://tokens.example.com.' },
      }),
    ],
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

  it('says exactly what is shown and why, with Retry', async () => {
    const bridge = installFakeBridge();
    goOffline();
    const { user } = renderWithData(<OfflineBanner />);
    const banner = screen.getByRole('status');
    expect(within(banner).getByText(`Offline — showing data as of ${formatExact(asOf)}`)).toBeVisible();
    expect(banner).toHaveTextContent('Could not reach https://tokens.example.com.');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await tick();
    expect(bridge.calls.some((c) => c.fn === 'sync.run')).toBe(true);
  });

  it('disables change actions offline, saying why', async () => {
    goOffline();
    renderWithData(<ChangeButton>Disable account</ChangeButton>);
    const button = screen.getByRole('button', { name: 'Disable account' });
    expectBlocked(button, 'Unavailable offline');
    act(() => seedQueries({ statuses: [syncStatus({ connectionId: 'c1', lastSyncedAt: asOf })] }));
    await tick();
    expect(button).toBeEnabled();
    expect(button).not.toHaveAttribute('title');
    expect(button).not.toHaveAccessibleDescription();
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
