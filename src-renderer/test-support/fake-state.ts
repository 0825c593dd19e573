import type { LeakScanReport } from '../../src-shared/ipc/leak-scan.js';
import type { AutoSuspendState, PolicyViolation } from '../../src-shared/api/token-policy.js';
/**
 * The fake bridge's state and how it announces a change, in a module of their own so the fake's parts
 * (tokens, directory) and the bridge that combines them do not import each other.
 */
import type { AuditEvent } from '../../src-shared/api/directory.js';
import type { LockFakeState } from './fake-lock.js';
import type { RequestLogEntry } from '../../src-shared/api/logs.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import type {
  AccountDetail,
  AppInfo,
  ConnectionTestResult,
  ConnectionView,
  Settings,
  Snapshot,
  SyncStatus,
} from '../../src-shared/ipc/models.js';

export type TokenFakeState = {
  settings: Settings;
  /** Make the next tokens.create lose its answer: the token is made, the secret is not returned. */
  loseNextSecret: boolean;
  /** Every secret the fake handed out, so tests can look for it where it must not be. */
  secretsIssued: string[];
};

export type DirectoryFakeState = {
  personalTokens: TokenMeta[];
  /** Request logs by account id, newest first. */
  logs: Record<string, RequestLogEntry[]>;
  audit: AuditEvent[];
  /** Answer logs, audit and personal tokens as the copy cached for offline use. */
  pagesFromCache: boolean;
  /** What the server says of auto-suspend, and the tokens that break the policy. */
  autoSuspend: AutoSuspendState;
  violations: PolicyViolation[];
};

export type FakeState = TokenFakeState &
  DirectoryFakeState &
  LockFakeState & {
    appInfo: AppInfo;
    connections: ConnectionView[];
    snapshots: Record<string, Snapshot | null>;
    details: Record<string, AccountDetail | null>;
    syncStatus: Record<string, SyncStatus>;
    testResult: Result<ConnectionTestResult>;
    /** Make the next call of a function fail with this error. */
    failNext: Partial<Record<string, AppError>>;
    /** What Scan a folder… finds (null: the folder dialog is cancelled). */
    leakScan: LeakScanReport | null;
    /** Hold every answer of a function until this promise settles (to look at the UI mid-call). */
    holds: Partial<Record<string, Promise<unknown>>>;
  };

/**
 * How the fake, like main, says its cached snapshot changed: a snapshot:changed event, sent before
 * the answer of the call that made the change.
 */
export type Announce = (connectionId: string, changedIds: string[] | null, directoryChanged: boolean) => void;
