import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangeButton } from '../../components/ChangeButton.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
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
    expect(screen.queryByText(/Offline/)).toBeNull();
  });

  it('says exactly what is shown and why, with Retry', async () => {
    const bridge = installFakeBridge();
    goOffline();
    renderWithData(<OfflineBanner />);
    const banner = screen.getByRole('status');
    expect(screen.getByText(`Offline — showing data as of ${formatExact(asOf)}`)).toBeTruthy();
    expect(banner.textContent).toContain('Could not reach https://tokens.example.com.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await tick();
    expect(bridge.calls.some((c) => c.fn === 'sync.run')).toBe(true);
  });

  it('disables change actions offline, saying why', async () => {
    goOffline();
    renderWithData(<ChangeButton>Disable account</ChangeButton>);
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Disable account' });
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('Unavailable offline');
    act(() => seedQueries({ statuses: [syncStatus({ connectionId: 'c1', lastSyncedAt: asOf })] }));
    await tick();
    expect(button.disabled).toBe(false);
    expect(button.title).toBe('');
  });
});

describe('CacheRecoveredNotice', () => {
  it('shows the message until dismissed', () => {
    const message = 'The cache could not be read and was set aside; TokenDesk is syncing a fresh copy.';
    seedQueries({ statuses: [syncStatus({ connectionId: 'c1', cacheRecovered: message })] });
    useAppStore.setState({ selectedConnectionId: 'c1' });
    renderWithData(<CacheRecoveredNotice />);
    expect(screen.getByText(message)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(message)).toBeNull();
  });
});
