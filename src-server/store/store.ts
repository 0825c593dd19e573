import { AuditLog } from '../audit/audit-log.js';
import { AuthState } from './auth-state.js';
import { Bundles } from './bundles.js';
import { BUSY_TIMEOUT_MS, openDatabase, type Db } from '../db/open.js';
import { Directory } from './directory.js';
import { Domains } from './domains.js';
import { Groups } from './groups.js';
import { IdempotencyKeys } from './idempotency.js';
import { DEFAULT_LOG_RETENTION, LogPruner, type LogRetention } from './log-retention.js';
import { Members } from './members.js';
import { People } from './people.js';
import { RequestLog } from './request-log.js';
import { ServiceAccounts } from './service-accounts.js';
import type { Clock } from './time.js';
import { Tokens } from './tokens.js';

/**
 * The data layer: prepared statements grouped by what they touch. Routes, the bootstrap and the demo
 * seeder all go through it, so the change sequence and digests are kept the same way everywhere.
 * Every write method runs in its own transaction, which nests (as a savepoint) inside `transaction()`.
 */
export class Store {
  readonly db: Db;
  readonly now: Clock;
  readonly domains: Domains;
  readonly groups: Groups;
  readonly members: Members;
  readonly tokens: Tokens;
  readonly serviceAccounts: ServiceAccounts;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly idempotency: IdempotencyKeys;
  readonly requestLog: RequestLog;
  readonly logPruner: LogPruner;
  readonly people: People;
  readonly authState: AuthState;
  readonly bundles: Bundles;

  constructor(db: Db, now: Clock = Date.now, retention: LogRetention = DEFAULT_LOG_RETENTION) {
    this.db = db;
    this.now = now;
    this.domains = new Domains(db);
    this.groups = new Groups(db);
    this.members = new Members(db, now, this.domains);
    this.tokens = new Tokens(db, now, this.members);
    this.serviceAccounts = new ServiceAccounts(db, now, this.domains);
    this.directory = new Directory(db);
    this.audit = new AuditLog(db, now);
    this.idempotency = new IdempotencyKeys(db, now);
    this.people = new People(db, now, this.members, this.groups);
    this.authState = new AuthState(db);
    this.bundles = new Bundles(db);
    this.logPruner = new LogPruner(db, now, retention);
    this.requestLog = new RequestLog(db, now, (fn, waitMs) => this.tryWrite(fn, waitMs), this.logPruner);
  }

  /** Runs `fn` in one IMMEDIATE transaction (the write lock is taken up front, so no upgrade deadlock). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs an optional write that may wait only `waitMs` for the lock (better-sqlite3 waits synchronously,
   * stalling every request). Returns false, having done nothing, if the database stayed busy.
   */
  tryWrite(fn: () => void, waitMs = 50): boolean {
    this.db.pragma(`busy_timeout = ${waitMs}`);
    try {
      fn();
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return false;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  close(): void {
    this.requestLog.close();
    if (this.db.open) this.db.close();
  }
}

export function openStore(dataDir: string, options: { now?: Clock; logRetention?: LogRetention } = {}): Store {
  return new Store(openDatabase(dataDir), options.now ?? Date.now, options.logRetention ?? DEFAULT_LOG_RETENTION);
}
