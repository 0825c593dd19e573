/**
 * The Attention view's rows, over the fixture's synced cache:
 * - the rules over every account and token (`attentionOf`, what main runs per connection), against
 *   their floor: one pass over the same tokens that only compares the three times the rules read;
 * - `attention:list` through the real core (the cache warm), the rules plus building the answer.
 * Goal (issue 16): 10,000 accounts × 5 tokens computed in ≤ 50 ms.
 */
import { join } from 'node:path';
import type { TokenMeta } from '../src-shared/api/models.js';
import { attentionOf } from '../src-shared/attention.js';
import type { AttentionReport } from '../src-shared/ipc/attention.js';
import type { AccountDetail, AccountRow } from '../src-shared/ipc/models.js';
import { DEFAULT_TOKEN_POLICY } from '../src-shared/token-policy.js';
import { connect, ok, openCore, time, type Fixture } from './fixture.js';
import { median, ms, type BenchRow } from './report.js';

/** The least any rule pass does: look at each token's three times once (as ISO text, as the rules do). */
function floorPass(accounts: readonly AccountRow[], tokens: ReadonlyMap<string, readonly TokenMeta[]>): number {
  const now = new Date().toISOString();
  let count = 0;
  for (const account of accounts) {
    for (const token of tokens.get(account.id) ?? []) {
      if (token.expiresAt !== null && token.expiresAt <= now) count++;
      if (token.lastUsedAt !== null && token.lastUsedAt <= now) count++;
      if (token.createdAt <= now) count++;
    }
  }
  return count;
}

export async function attentionRows(fixture: Fixture, runs: number): Promise<BenchRow[]> {
  const core = await openCore(fixture, join(fixture.work, 'attention'));
  const connectionId = await connect(core, fixture);
  const view = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId });
  const tokens = new Map<string, TokenMeta[]>();
  for (const account of view.accounts) {
    const detail = await ok<AccountDetail>(core, 'accounts:get', { connectionId, id: account.id });
    tokens.set(account.id, detail.tokens ?? []);
  }
  const options = { now: Date.now(), unusedDays: 90 };
  const reps = Math.max(runs * 3, 9);
  const rules: number[] = [];
  const floors: number[] = [];
  const lists: number[] = [];
  let listed = 0;
  for (let i = 0; i < reps; i++) {
    floors.push(await time(() => floorPass(view.accounts, tokens)));
    // The default policy, so the policy rules run for every active token too.
    rules.push(await time(() => attentionOf(view.accounts, (id) => tokens.get(id), DEFAULT_TOKEN_POLICY, options)));
    lists.push(
      await time(async () => {
        listed = (await ok<AttentionReport>(core, 'attention:list')).connections[0]!.items.length;
      }),
    );
  }
  await core.dispose();
  const rule = median(rules);
  const floor = median(floors);
  const list = median(lists);
  const size = `${fixture.accounts.toLocaleString('en')} × ${fixture.tokens}`;
  return [
    {
      what: `Attention rules over ${size} tokens`,
      figure: ms(rule),
      floor: ms(floor),
      ratio: floor > 0 ? rule / floor : null,
      goal: '≤ 50 ms at 10k × 5',
      met: fixture.accounts > 10_000 || rule <= 50,
      curve: true,
    },
    {
      what: `attention:list through the core (${listed.toLocaleString('en')} tokens listed)`,
      figure: ms(list),
      floor: ms(rule),
      ratio: rule > 0 ? list / rule : null,
      goal: '— (the rules plus the answer)',
      met: true,
    },
  ];
}
