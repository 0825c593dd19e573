/**
 * What `npm run bench` measures, from its flags and BENCH_* environment variables:
 * - sizes: 1k, 10k and 100k accounts; `--quick` 1k and 10k; BENCH_ACCOUNTS=1000[,10000…] exactly
 *   those; `--big` or BENCH_BIG=1 adds 100k (the old flag, meaningful with --quick or BENCH_ACCOUNTS);
 * - BENCH_TOKENS: tokens per account (5);
 * - BENCH_RUNS: repetitions whose median each figure and floor is (5, or 3 with --quick).
 */
import { MAX_DEMO_ACCOUNTS, MAX_DEMO_TOKENS_PER_ACCOUNT } from '../src-server/demo.js';

export interface BenchOptions {
  sizes: number[];
  tokens: number;
  runs: number;
  quick: boolean;
}

export const BENCH_USAGE = `usage: npm run bench [-- --quick] [-- --big]
  --quick            1k and 10k accounts only, fewer repetitions (for development)
  --big              add 100k accounts (with --quick or BENCH_ACCOUNTS)
environment:
  BENCH_ACCOUNTS=N[,N…]  exactly these sizes (at most ${MAX_DEMO_ACCOUNTS})
  BENCH_TOKENS=N         tokens per account (default 5, at most ${MAX_DEMO_TOKENS_PER_ACCOUNT})
  BENCH_RUNS=N           repetitions per figure and floor (default 5, 3 with --quick)
  BENCH_BIG=1            as --big`;

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not “${text}”.\n${BENCH_USAGE}`);
  }
  return value;
}

export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--quick' && arg !== '--big');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}\n${BENCH_USAGE}`);
  const quick = argv.includes('--quick');
  const big = argv.includes('--big') || env.BENCH_BIG === '1';
  const chosen = env.BENCH_ACCOUNTS
    ? env.BENCH_ACCOUNTS.split(',').map((s) => whole('BENCH_ACCOUNTS', s, 1, MAX_DEMO_ACCOUNTS))
    : quick
      ? [1_000, 10_000]
      : [1_000, 10_000, 100_000];
  const sizes = [...new Set([...chosen, ...(big ? [100_000] : [])])].sort((a, b) => a - b);
  return {
    sizes,
    tokens: env.BENCH_TOKENS ? whole('BENCH_TOKENS', env.BENCH_TOKENS, 0, MAX_DEMO_TOKENS_PER_ACCOUNT) : 5,
    runs: env.BENCH_RUNS ? whole('BENCH_RUNS', env.BENCH_RUNS, 1, 100) : quick ? 3 : 5,
    quick,
  };
}
