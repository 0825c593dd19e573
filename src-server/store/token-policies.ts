import type { AutoSuspendState } from '../../src-shared/api/token-policy.js';
import { DEFAULT_TOKEN_POLICY, TokenPolicy } from '../../src-shared/token-policy.js';
import type { Sql } from '../db/sql.js';
import { isoOf, type Clock } from './time.js';

export interface StoredPolicy {
  policy: TokenPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Each domain's token policy (the default until an Admin sets one) and what auto-suspend did there. */
export class TokenPolicies {
  private readonly sql: Sql;
  private readonly clock: Clock;

  constructor(sql: Sql, clock: Clock) {
    this.sql = sql;
    this.clock = clock;
  }

  async get(domainId: string): Promise<StoredPolicy> {
    const row = await this.sql.get<{ policy: string; updated_at: string; updated_by: string }>(
      'SELECT policy, updated_at, updated_by FROM token_policies WHERE domain_id = ?',
      [domainId],
    );
    if (!row) return { policy: DEFAULT_TOKEN_POLICY, updatedAt: null, updatedBy: null };
    // Written only by set() from a parsed policy; parsed again so a hand-edited row fails loudly, not silently.
    return { policy: TokenPolicy.parse(JSON.parse(row.policy)), updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async set(domainId: string, policy: TokenPolicy, by: string): Promise<void> {
    const at = isoOf(this.clock());
    await this.sql.run(
      `INSERT INTO token_policies (domain_id, policy, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (domain_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
      [domainId, JSON.stringify(policy), at, by],
    );
  }

  /** The domains whose policy turns auto-suspend on, with the number of idle days. */
  async autoSuspending(): Promise<{ domainId: string; days: number }[]> {
    const rows = await this.sql.all<{ domain_id: string; policy: string }>(
      'SELECT domain_id, policy FROM token_policies',
    );
    return rows.flatMap((row) => {
      const days = TokenPolicy.parse(JSON.parse(row.policy)).autoSuspendAfterDaysUnused;
      return days === null ? [] : [{ domainId: row.domain_id, days }];
    });
  }

  async autoSuspendState(domainId: string): Promise<AutoSuspendState> {
    const row = await this.sql.get<{ last_run_at: string; last_suspended: number; total_suspended: number }>(
      'SELECT last_run_at, last_suspended, total_suspended FROM auto_suspend_runs WHERE domain_id = ?',
      [domainId],
    );
    return row
      ? {
          lastRunAt: row.last_run_at,
          lastSuspended: Number(row.last_suspended),
          totalSuspended: Number(row.total_suspended),
        }
      : { lastRunAt: null, lastSuspended: 0, totalSuspended: 0 };
  }

  async recordAutoSuspend(domainId: string, suspended: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO auto_suspend_runs (domain_id, last_run_at, last_suspended, total_suspended) VALUES (?, ?, ?, ?)
       ON CONFLICT (domain_id) DO UPDATE SET last_run_at = excluded.last_run_at,
         last_suspended = excluded.last_suspended,
         total_suspended = auto_suspend_runs.total_suspended + excluded.last_suspended`,
      [domainId, isoOf(this.clock()), suspended, suspended],
    );
  }
}
