import { describe, expect, it } from 'vitest';
import { formatCurve, formatRatio, formatRows, mb, median, p95, sizeLabel, type BenchRow } from './report.js';

const row = (over: Partial<BenchRow> = {}): BenchRow => ({
  what: 'full sync',
  figure: '120.0 ms',
  floor: 'floor 100.0 ms',
  ratio: 1.2,
  goal: '≤ 2× floor',
  met: true,
  ...over,
});

describe('median and p95', () => {
  it('takes the middle repetition, not the mean, so one noisy repetition does not swing it', () => {
    expect(median([5, 1, 900])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('takes the nearest-rank 95th percentile', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(p95(samples)).toBe(96);
    expect(p95([3, 1, 2])).toBe(3);
  });

  it('refuses no repetitions instead of answering undefined', () => {
    expect(() => median([])).toThrow();
    expect(() => p95([])).toThrow();
  });
});

describe('the printer', () => {
  it('writes the ratio with two decimals, and a dash when there is no floor', () => {
    expect(formatRatio(2.345)).toBe('2.35×');
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('prints one Markdown table row per measurement, met or MISSED', () => {
    const lines = formatRows([row(), row({ what: 'no-change sync', ratio: 3.5, met: false })]).split('\n');
    expect(lines[0]).toMatch(/^\| what +\| figure +\| floor \/ peer +\| ratio +\| goal +\| met +\|$/);
    expect(lines[1]).toMatch(/^\|-+\|-+\|-+\|-+\|-+\|-+\|$/);
    expect(lines[2]).toMatch(/\| full sync +\| 120\.0 ms \| floor 100\.0 ms \| 1\.20× \| ≤ 2× floor \| met +\|/);
    expect(lines[3]).toMatch(/\| 3\.50× \| ≤ 2× floor \| MISSED \|$/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('puts the curve rows side by side by size, and says where one was not run', () => {
    const curve = formatCurve([
      { accounts: 1_000, rows: [row({ curve: true }), row({ what: 'not on the curve' })] },
      { accounts: 100_000, rows: [row({ curve: true, figure: '900.0 ms', ratio: 9, met: false })] },
      { accounts: 10_000, rows: [] },
    ]).split('\n');
    expect(curve[0]).toMatch(/^\| what +\| 1k +\| 100k +\| 10k +\|$/);
    expect(curve).toHaveLength(3);
    expect(curve[2]).toContain('120.0 ms, 1.20×, met');
    expect(curve[2]).toContain('900.0 ms, 9.00×, MISSED');
    expect(curve[2]).toContain('not run');
  });

  it('writes megabytes with a decimal only where a small size needs it', () => {
    expect(mb(420_000)).toBe('0.4 MB');
    expect(mb(1_234_000_000)).toBe('1234 MB');
  });

  it('names sizes in thousands', () => {
    expect(sizeLabel(1_000)).toBe('1k');
    expect(sizeLabel(100_000)).toBe('100k');
    expect(sizeLabel(1_500)).toBe('1500');
  });
});
