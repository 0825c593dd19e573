import { AuditLog } from '../audit/audit-log.js';
import { AuthState } from './auth-state.js';
import { Bundles } from './bundles.js';
import { openDatabase, type DatabaseLocation } from '../db/open.js';
import type { Sql } from '../db/sql.js';
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
import { TokenPolicies } from './token-policies.js';
import { Tokens } from './tokens.js';

/**
 * The data layer: SQL statements grouped by what they touch, over one `Sql` (SQLite or PostgreSQL). Routes, the bootstrap and the demo
 * seeder all go through it, so the change sequence and digests are kept the same way everywhere.
 * Every write method runs in its own transaction, which nests (as a savepoint) inside `transaction()`.
 */
export class Store {
  readonly sql: Sql;
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
  readonly policies: TokenPolicies;

  constructor(sql: Sql, now: Clock = Date.now, retention: LogRetention = DEFAULT_LOG_RETENTION) {
    this.sql = sql;
    this.now = now;
    this.domains = new Domains(sql);
    this.groups = new Groups(sql);
    this.members = new Members(sql, now, this.domains);
    this.tokens = new Tokens(sql, now, this.members);
    this.serviceAccounts = new ServiceAccounts(sql, now, this.domains);
    this.directory = new Directory(sql);
    this.audit = new AuditLog(sql, now);
    this.idempotency = new IdempotencyKeys(sql, now);
    this.people = new People(sql, now, this.members, this.groups);
    this.authState = new AuthState(sql);
    this.bundles = new Bundles(sql);
    this.policies = new TokenPolicies(sql, now);
    this.logPruner = new LogPruner(sql, now, retention);
    this.requestLog = new RequestLog(sql, now, (fn, waitMs) => this.tryWrite(fn, waitMs), this.logPruner);
  }

  /** Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE, so no lock-upgrade deadlock). */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.sql.transaction(fn);
  }

  /**
   * Runs an optional write in its own transaction that may wait only `waitMs` for the lock. Returns
   * false, having done nothing, if the database stayed busy.
   */
  tryWrite(fn: () => Promise<void>, waitMs = 50): Promise<boolean> {
    return this.sql.tryTransaction(fn, waitMs);
  }

  async close(): Promise<void> {
    await this.requestLog.close();
    await this.sql.close();
  }
}

/** Opens the store on a SQLite data folder (a path) or a PostgreSQL database (`{ databaseUrl }`). */
export async function openStore(
  location: DatabaseLocation,
  options: { now?: Clock; logRetention?: LogRetention } = {},
): Promise<Store> {
  return new Store(
    await openDatabase(location),
    options.now ?? Date.now,
    options.logRetention ?? DEFAULT_LOG_RETENTION,
  );
}
