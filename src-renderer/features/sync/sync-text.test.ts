import { describe, expect, it } from 'vitest';
import { syncStatus } from '../../test-support/fake-bridge.js';
import { formatClock, formatExact } from '../../lib/time-format.js';
import { describeSync, linkTitle, nextCheckText, syncFailure, syncingText } from './sync-text.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('describeSync', () => {
  it('says how long ago the last sync was', () => {
    expect(describeSync(syncStatus({ connectionId: 'c1', lastSyncedAt: ago(12_000) }), null, NOW)).toBe(
      'Synced 12 s ago',
    );
    expect(describeSync(syncStatus({ connectionId: 'c1', lastSyncedAt: ago(1_000) }), null, NOW)).toBe(
      'Synced just now',
    );
    expect(describeSync(syncStatus({ connectionId: 'c1', lastSyncedAt: ago(180_000) }), null, NOW)).toBe(
      'Synced 3 min ago',
    );
  });

  it('shows progress while syncing', () => {
    const status = syncStatus({ connectionId: 'c1', phase: 'syncing', progress: { done: 3000, total: 10000 } });
    expect(describeSync(status, null, NOW)).toBe('Syncing… 3,000 of 10,000');
    expect(syncingText({ done: 250, total: null })).toBe('Syncing… 250');
    expect(syncingText(null)).toBe('Syncing…');
  });

  it('says a sync failed, and gives the reason in words', () => {
    const status = syncStatus({
      connectionId: 'c1',
      phase: 'error',
      error: { code: 'token_unknown', message: 'The server does not recognise this token.' },
    });
    expect(describeSync(status, null, NOW)).toBe('Sync failed');
    expect(syncFailure(status, null)).toBe('The server does not recognise this token.');
    const callError = { code: 'unknown_connection' as const, message: 'No such connection.' };
    expect(describeSync(null, callError, NOW)).toBe('Sync failed');
    expect(syncFailure(null, callError)).toBe('No such connection.');
    expect(syncFailure(syncStatus({ connectionId: 'c1' }), null)).toBeNull();
  });

  it('says when nothing has been synced yet', () => {
    expect(describeSync(syncStatus({ connectionId: 'c1' }), null, NOW)).toBe('Not synced yet');
  });
});

describe('the link', () => {
  const offline = {
    state: 'offline' as const,
    since: ago(90_000),
    reason: "Can't reach http://127.0.0.1:8787. Check that the server is running.",
    code: 'network_unreachable',
    nextCheckAt: new Date(NOW + 20_000).toISOString(),
  };

  it('the top bar says offline since when, or that the token was rejected, before anything else', () => {
    const status = syncStatus({ connectionId: 'c1', lastSyncedAt: ago(600_000), link: offline });
    expect(describeSync(status, null, NOW)).toBe(`Offline since ${formatClock(offline.since, NOW)}`);
    expect(describeSync({ ...status, phase: 'syncing' }, null, NOW)).toBe(
      `Offline since ${formatClock(offline.since, NOW)}`,
    );
    const rejected = { ...offline, state: 'auth_failed' as const, code: 'token_suspended' };
    expect(describeSync({ ...status, link: rejected }, null, NOW)).toBe('Token rejected');
  });

  it('the banner says since when, that the app is read-only, what is shown, and when it checks again', () => {
    const asOf = '2025-05-30T08:15:00.000Z';
    expect(linkTitle(offline, asOf)).toBe(
      `Offline since ${formatExact(offline.since)} — read-only, showing data as of ${formatExact(asOf)}`,
    );
    expect(linkTitle({ ...offline, state: 'auth_failed' }, null)).toBe(
      `Token rejected since ${formatExact(offline.since)} — read-only, nothing has been synced from this server yet`,
    );
    expect(nextCheckText(offline, NOW)).toBe('Checking again in 20 seconds.');
    expect(nextCheckText({ ...offline, nextCheckAt: null }, NOW)).toBeNull();
  });
});
