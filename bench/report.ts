/**
 * The bench's one row type and its one printer. Every measurement module answers rows of this
 * shape, and bench/run.ts prints them as Markdown tables (one per size, then the scale curve), so a
 * run can be pasted into the README as it stands.
 */

export interface BenchRow {
  what: string;
  /** The measured figure, with its unit. */
  figure: string;
  /** The floor or peer measured in the same run, with its unit; '—' when the goal is absolute. */
  floor: string;
  /** The figure over its floor or peer, the way the goal reads it; null when there is no floor. */
  ratio: number | null;
  goal: string;
  met: boolean;
  /** Shown again in the scale curve (1k, 10k, 100k) at the end of the run. */
  curve?: boolean;
}

/** The rows measured at one size. */
export interface SizeRows {
  accounts: number;
  rows: BenchRow[];
}

/** The median of repetitions (the upper middle one of an even count), so one noisy repetition does not swing it. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no repetitions');
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The 95th percentile, nearest rank. */
export function p95(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('p95 of no samples');
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
}

export const ms = (x: number): string => `${x.toFixed(1)} ms`;
/** Megabytes, with a decimal below 100 MB, where a small size would otherwise read 0 MB. */
export const mb = (x: number): string => `${(x / 1e6).toFixed(Math.abs(x) < 1e8 ? 1 : 0)} MB`;

export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`;
}

export function formatMet(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

/** 1,000 → "1k", 100,000 → "100k". */
export function sizeLabel(accounts: number): string {
  return accounts % 1000 === 0 ? `${accounts / 1000}k` : String(accounts);
}

/** A Markdown table with padded columns, readable in a terminal and in the README alike. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function formatRows(rows: readonly BenchRow[]): string {
  return markdownTable(
    ['what', 'figure', 'floor / peer', 'ratio', 'goal', 'met'],
    rows.map((r) => [r.what, r.figure, r.floor, formatRatio(r.ratio), r.goal, formatMet(r.met)]),
  );
}

/** The curve rows side by side across the sizes: figure, ratio and met at each. */
export function formatCurve(sizes: readonly SizeRows[]): string {
  const names: string[] = [];
  for (const { rows } of sizes) for (const r of rows) if (r.curve && !names.includes(r.what)) names.push(r.what);
  const cell = (rows: readonly BenchRow[], what: string) => {
    const r = rows.find((row) => row.what === what);
    if (!r) return 'not run';
    const ratio = r.ratio === null ? '' : `, ${formatRatio(r.ratio)}`;
    return `${r.figure}${ratio}, ${formatMet(r.met)}`;
  };
  return markdownTable(
    ['what', ...sizes.map((s) => sizeLabel(s.accounts))],
    names.map((what) => [what, ...sizes.map((s) => cell(s.rows, what))]),
  );
}
