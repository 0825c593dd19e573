import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './args.js';

describe('npm run bench arguments', () => {
  it('measures 1k, 10k and 100k by default, 5 runs of 5 tokens per account', () => {
    expect(parseBenchOptions([], {})).toEqual({ sizes: [1_000, 10_000, 100_000], tokens: 5, runs: 5, quick: false });
  });

  it('measures 1k and 10k with --quick, in 3 runs', () => {
    expect(parseBenchOptions(['--quick'], {})).toEqual({ sizes: [1_000, 10_000], tokens: 5, runs: 3, quick: true });
  });

  it('takes exactly the sizes BENCH_ACCOUNTS names, and the BENCH_TOKENS and BENCH_RUNS it is given', () => {
    const env = { BENCH_ACCOUNTS: '10000,1000', BENCH_TOKENS: '2', BENCH_RUNS: '7' };
    expect(parseBenchOptions(['--quick'], env)).toEqual({ sizes: [1_000, 10_000], tokens: 2, runs: 7, quick: true });
  });

  it('adds 100k with --big or BENCH_BIG=1, once', () => {
    expect(parseBenchOptions(['--quick', '--big'], {}).sizes).toEqual([1_000, 10_000, 100_000]);
    expect(parseBenchOptions([], { BENCH_ACCOUNTS: '1000', BENCH_BIG: '1' }).sizes).toEqual([1_000, 100_000]);
    expect(parseBenchOptions(['--big'], {}).sizes).toEqual([1_000, 10_000, 100_000]);
  });

  it('refuses an unknown flag and a size the demo seeder cannot make, with the usage', () => {
    expect(() => parseBenchOptions(['--quik'], {})).toThrow(/unknown argument --quik[\s\S]*usage/);
    expect(() => parseBenchOptions([], { BENCH_ACCOUNTS: '200000' })).toThrow(/BENCH_ACCOUNTS must be .* to 100000/);
    expect(() => parseBenchOptions([], { BENCH_ACCOUNTS: '10k' })).toThrow(/not “10k”/);
    expect(() => parseBenchOptions([], { BENCH_RUNS: '0' })).toThrow(/BENCH_RUNS/);
  });
});
