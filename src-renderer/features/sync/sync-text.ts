import type { AppError } from '../../../src-shared/errors.js';
import type { ConnectionLink, SyncStatus } from '../../../src-shared/ipc/models.js';
import { formatCount } from '../../lib/numbers.js';
import { formatAgo, formatClock, formatExact, formatRelative } from '../../lib/time-format.js';

/**
 * What the top bar says about the connection, in plain words: offline since when, the token
 * refused, syncing, or how long ago it synced. Pure so it can be tested without a clock.
 */
export function describeSync(status: SyncStatus | null, callError: AppError | null, now: number): string {
  const link = status?.link;
  if (link?.state === 'offline') return link.since ? `Offline since ${formatClock(link.since, now)}` : 'Offline';
  if (link?.state === 'auth_failed') return 'Token rejected';
  if (status?.phase === 'syncing') return syncingText(status.progress);
  // The bar stays short; SyncErrorNotice gives the full reason under it.
  if (callError) return 'Sync failed';
  if (status === null) return 'Checking sync status…';
  if (status.phase === 'error') return 'Sync failed';
  return status.lastSyncedAt ? `Synced ${formatAgo(status.lastSyncedAt, now)}` : 'Not synced yet';
}

/** The banner's headline while the app is read-only: since when, and what is shown. */
export function linkTitle(link: ConnectionLink, asOf: string | null): string {
  const since = link.since ? ` since ${formatExact(link.since)}` : '';
  const what = asOf ? `showing data as of ${formatExact(asOf)}` : 'nothing has been synced from this server yet';
  return link.state === 'auth_failed'
    ? `Token rejected${since} — read-only, ${what}`
    : `Offline${since} — read-only, ${what}`;
}

/** When main tries the server again by itself, or null. */
export function nextCheckText(link: ConnectionLink, now: number): string | null {
  if (link.nextCheckAt === null) return null;
  const at = Date.parse(link.nextCheckAt);
  return at <= now ? 'Checking again now…' : `Checking again ${formatRelative(link.nextCheckAt, now)}.`;
}

export function syncingText(progress: SyncStatus['progress']): string {
  if (!progress) return 'Syncing…';
  if (progress.total === null) return `Syncing… ${formatCount(progress.done)}`;
  return `Syncing… ${formatCount(progress.done)} of ${formatCount(progress.total)}`;
}

/** The full reason a sync failed, or null when it did not. */
export function syncFailure(status: SyncStatus | null, callError: { message: string } | null): string | null {
  if (status?.phase === 'syncing') return null;
  if (callError) return callError.message;
  if (status?.phase === 'error') return status.error?.message ?? 'The server did not answer as expected.';
  return null;
}
