import type { AppError } from '../../../src-shared/errors.js';
import type { SyncStatus } from '../../../src-shared/ipc/models.js';
import { formatCount } from '../../lib/numbers.js';
import { formatAgo, formatExact } from '../../lib/time-format.js';

/** What the top bar says about sync, in plain words. Pure so it can be tested without a clock. */
export function describeSync(status: SyncStatus | null, callError: AppError | null, now: number): string {
  if (status?.phase === 'syncing') return syncingText(status.progress);
  // The bar stays short; SyncErrorNotice gives the full reason under it.
  if (callError) return 'Sync failed';
  if (status === null) return 'Checking sync status…';
  if (status.phase === 'error') return 'Sync failed';
  const synced = status.lastSyncedAt ? `Synced ${formatAgo(status.lastSyncedAt, now)}` : 'Not synced yet';
  if (status.phase === 'offline') return status.lastSyncedAt ? `Offline · last ${synced.toLowerCase()}` : 'Offline';
  return synced;
}

export function syncingText(progress: SyncStatus['progress']): string {
  if (!progress) return 'Syncing…';
  if (progress.total === null) return `Syncing… ${formatCount(progress.done)}`;
  return `Syncing… ${formatCount(progress.done)} of ${formatCount(progress.total)}`;
}

/** The offline banner's headline; `asOf` is when the data on screen was fetched. */
export function offlineTitle(asOf: string | null): string {
  return asOf
    ? `Offline — showing data as of ${formatExact(asOf)}`
    : 'Offline — nothing has been synced from this server yet';
}

/** The full reason a sync failed, or null when it did not. */
export function syncFailure(status: SyncStatus | null, callError: { message: string } | null): string | null {
  if (status?.phase === 'syncing') return null;
  if (callError) return callError.message;
  if (status?.phase === 'error') return status.error?.message ?? 'The server did not answer as expected.';
  return null;
}
