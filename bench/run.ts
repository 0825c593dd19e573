/**
 * `npm run bench [-- --quick]`: every row of issue 11's table in one run, outside the unit suite
 * (where other test files share the CPU). At each size (1k, 10k, 100k service accounts × 5 tokens;
 * `--quick` 1k and 10k; see bench/args.ts for the BENCH_* variables) one demo server is seeded and
 * every row is measured against it, each beside its floor or peer measured in the same run, as
 * medians of several repetitions. Printed as one Markdown table per size, then the scale curve of
 * the rows that must hold at 100k.
 */
import { parseBenchOptions } from './args.js';
import { attentionRows } from './attention-perf.js';
import { cacheRows } from './cache-perf.js';
import { editRows } from './edit-perf.js';
import { lockRows } from './lock-perf.js';
import { seededServer } from './fixture.js';
import { formatCurve, formatRows, sizeLabel, type SizeRows } from './report.js';
import { searchKeystrokePaint } from './search-perf.js';
import { serverRows } from './server-perf.js';

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const { runs, tokens, quick } = options;
  console.log(
    `TokenDesk bench: ${options.sizes.map(sizeLabel).join(', ')} accounts × ${tokens} tokens, medians of ${runs} runs`,
  );
  const results: SizeRows[] = [];
  for (const accounts of options.sizes) {
    const fixture = await seededServer(accounts, tokens);
    try {
      const rows = [
        ...(await cacheRows(fixture, runs)),
        ...(await editRows(fixture, runs)),
        ...(await attentionRows(fixture, runs)),
        // Keystroke → painted list in Chromium over the built renderer; before serverRows, which adds accounts.
        ...(await searchKeystrokePaint(fixture, runs)),
        ...(await serverRows(fixture, { runs, quick })),
        // The lock's cost does not grow with the data: measured once, at the first size.
        ...(results.length === 0 ? await lockRows(runs) : []),
      ];
      results.push({ accounts, rows });
      console.log(`\n### ${accounts.toLocaleString('en')} accounts × ${tokens} tokens\n\n${formatRows(rows)}`);
    } finally {
      fixture.stop();
    }
  }
  if (results.length > 1) console.log(`\n### Scale curve\n\n${formatCurve(results)}`);
  const missed = results.flatMap((r) =>
    r.rows.filter((row) => !row.met).map((row) => `${row.what} (${sizeLabel(r.accounts)})`),
  );
  console.log(missed.length === 0 ? '\nevery goal met' : `\nmissed: ${missed.join('; ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
