import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangeButton } from '../../components/ChangeButton.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { connection, syncStatus } from '../../test-support/fake-bridge.js';
import { NOW, iso, snapshot } from '../../test-support/fixtures.js';
import { installFakeBridge } from '../../test-support/render.js';
import { CacheRecoveredNotice } from './CacheRecoveredNotice.js';
import { OfflineBanner } from './OfflineBanner.js';

const asOf = iso(NOW - 3 * 60 * 60 * 1000);

function goOffline() {
  useAppStore.setState({
    connections: [connection()],
    selectedConnectionId: 'c1',
    snapshot: snapshot([], { asOf }),
    syncStatus: {
      c1: syncStatus({
        connectionId: 'c1',
        phase: 'offline',
        lastSyncedAt: asOf,
        error: { code: 'network_unreachable', message: 'Could not reach https://tokens.example.com.' },
      }),
    },
  });
}

describe('OfflineBanner', () => {
  it('is absent while online', () => {
    useAppStore.setState({ selectedConnectionId: 'c1', syncStatus: { c1: syncStatus({ connectionId: 'c1' }) } });
    render(<OfflineBanner />);
    expect(screen.queryByText(/Offline/)).toBeNull();
  });

  it('says exactly what is shown and why, with Retry', () => {
    const bridge = installFakeBridge();
    goOffline();
    render(<OfflineBanner />);
    const banner = screen.getByRole('status');
    expect(screen.getByText(`Offline — showing data as of ${formatExact(asOf)}`)).toBeTruthy();
    expect(banner.textContent).toContain('Could not reach https://tokens.example.com.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(bridge.calls.some((c) => c.fn === 'sync.run')).toBe(true);
  });

  it('disables change actions offline, saying why', () => {
    goOffline();
    render(<ChangeButton>Disable account</ChangeButton>);
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Disable account' });
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('Unavailable offline');
    act(() => useAppStore.setState({ syncStatus: { c1: syncStatus({ connectionId: 'c1', lastSyncedAt: asOf }) } }));
    expect(button.disabled).toBe(false);
    expect(button.title).toBe('');
  });
});

describe('CacheRecoveredNotice', () => {
  it('shows the message until dismissed', () => {
    const message = 'The cache could not be read and was set aside; TokenDesk is syncing a fresh copy.';
    useAppStore.setState({
      selectedConnectionId: 'c1',
      syncStatus: { c1: syncStatus({ connectionId: 'c1', cacheRecovered: message }) },
    });
    render(<CacheRecoveredNotice />);
    expect(screen.getByText(message)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(message)).toBeNull();
  });
});
