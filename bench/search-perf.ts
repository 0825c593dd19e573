/**
 * Search keystroke → list painted, in real Chromium: the built renderer (dist/renderer) over the
 * real core, synced from a real server, through the bridge harness the e2e tests use. Beside it, in
 * the same page and run, the peer: a plain <input> outside React, keystroke → next paint.
 *
 * How a keystroke is timed, the same way for both: from the keydown's `timeStamp` (when Chromium
 * created the event) until the first frame whose DOM shows the result, i.e. the count line reads
 * the expected count (the list and its count are rendered from one value), plus the task that runs
 * after that frame's paint. Only keystrokes that change the count are timed, since an unchanged
 * count cannot be told from a frame that has not caught up yet.
 *
 * Needs the built renderer (`npm run build:renderer`); without it the row is left out, with a line saying so.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { filterAccounts, sortAccounts } from '../src-renderer/lib/account-query.js';
import { formatCount } from '../src-renderer/lib/numbers.js';
import type { AccountRow } from '../src-shared/ipc/models.js';
import { launchApp } from '../test/harness/harness.js';
import { parseBenchOptions } from './args.js';
import { seededServer, type Fixture } from './fixture.js';
import { formatBreakdown, keystrokeBreakdowns, readTrace } from './paint-trace.js';
import { formatRows, median, ms, p95, sizeLabel, type BenchRow } from './report.js';

type Step = { key: string; expected: string | null };

/**
 * What to type: a few account names' numeric tails ("_1234"), one key at a time, then erased, so
 * the result narrows and widens again. Each step carries the count line's text after it, or null
 * when the count does not change (typed, not timed).
 */
function keystrokes(accounts: readonly AccountRow[], now: number): Step[] {
  const total = formatCount(accounts.length);
  const countText = (search: string) =>
    `Showing ${formatCount(filterAccounts(accounts, { search, filter: 'all', now }).length)} of ${total}`;
  const steps: Step[] = [];
  let typed = '';
  let shown = countText('');
  const press = (key: string) => {
    typed = key === 'Backspace' ? typed.slice(0, -1) : typed + key;
    const next = countText(typed);
    steps.push({ key, expected: next === shown ? null : next });
    shown = next;
  };
  const tails = accounts
    .map((account) => /_\d{4,}$/.exec(account.name)?.[0])
    .filter((tail): tail is string => tail !== undefined);
  for (let i = 0; i < 6 && tails.length > 0; i++) {
    const tail = tails[Math.floor(((i + 0.5) * tails.length) / 6)]!;
    for (const char of tail) press(char);
    for (let j = 0; j < tail.length; j++) press('Backspace');
  }
  return steps;
}

/** In the page: arm a timer for the next keydown that stops once `done()` holds at a frame, after its paint. */
function armScript() {
  const w = window as unknown as {
    __benchArm: (selector: string, expected: string) => void;
    __benchLast: Promise<number>;
  };
  // One channel, held for the page's life: a channel made per frame can be collected before it delivers.
  const channel = new MessageChannel();
  let afterPaint: () => void = () => {};
  channel.port1.onmessage = () => afterPaint();
  w.__benchArm = (selector, expected) => {
    w.__benchLast = new Promise<number>((resolveTime, reject) => {
      const timeout = setTimeout(() => {
        const element = document.querySelector(selector);
        const text = element instanceof HTMLInputElement ? element.value : element?.textContent;
        reject(new Error(`no frame showed “${expected}” within 5 s, but “${text ?? 'nothing'}”`));
      }, 5000);
      window.addEventListener(
        'keydown',
        (event) => {
          const start = event.timeStamp;
          const shows = () => {
            const element = document.querySelector(selector);
            const text = element instanceof HTMLInputElement ? element.value : (element?.textContent ?? '');
            return element instanceof HTMLInputElement ? text === expected : text.startsWith(expected);
          };
          const frame = () => {
            if (!shows()) {
              requestAnimationFrame(frame);
              return;
            }
            // A message posted in a frame callback is handled after that frame has been painted.
            afterPaint = () => {
              clearTimeout(timeout);
              resolveTime(performance.now() - start);
            };
            channel.port2.postMessage(null);
          };
          requestAnimationFrame(frame);
        },
        { capture: true, once: true },
      );
    });
  };
}

export type SearchPaintOptions = {
  /** Also record the list's keystrokes of the last round as a Chromium trace here, and print its breakdown. */
  tracePath?: string | undefined;
  /** Another build of the renderer, to compare two builds over one seeded server. */
  rendererDir?: string | undefined;
};

/**
 * Measures both inputs in one page; answers the p95 per round (several rounds, same keys). See
 * SearchPaintOptions for the trace (bench/paint-trace.ts breaks it down).
 */
export async function searchKeystrokePaint(
  fixture: Fixture,
  rounds: number,
  { tracePath, rendererDir = resolve('dist/renderer') }: SearchPaintOptions = {},
): Promise<BenchRow[]> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    // The rest of the bench still has its say; this row only needs the built page.
    console.log('search paint: skipped, the renderer is not built (npm run build:renderer)');
    return [];
  }
  const dataDir = join(fixture.work, 'search');
  const app = await launchApp({ dataDir, rendererDir, viewport: { width: 1280, height: 800 } });
  try {
    const { id } = (await app.call('connections:add', {
      name: 'bench',
      url: fixture.url,
      domain: 'default',
      token: fixture.adminToken,
    })) as { id: string };
    await app.call('sync:run', { connectionId: id });
    const snapshot = (await app.call('snapshot:get', { connectionId: id })) as { accounts: AccountRow[] };
    const { page } = app;
    await page.reload();
    const all = formatCount(fixture.accounts);
    await page
      .getByRole('status')
      .filter({ hasText: `Showing ${all} of ${all}` })
      .waitFor({ timeout: 120_000 });
    // tsx compiles this file with names kept, which wraps inner functions in a `__name` helper the page lacks.
    await page.evaluate('window.__name = (fn) => fn');
    await page.evaluate(armScript);
    await page.evaluate(() => {
      const plain = document.createElement('input');
      plain.id = 'bench-plain-input';
      plain.setAttribute('aria-label', 'bench peer');
      plain.style.cssText = 'position:fixed;bottom:0;right:0;width:200px;z-index:9999';
      document.body.append(plain);
    });
    const steps = keystrokes(sortAccounts(snapshot.accounts, 'name'), Date.now());
    const search = page.getByLabel('Search service accounts');
    const plain = page.locator('#bench-plain-input');

    // Times the same keys on both inputs: the list waits for its count line, the peer for its value.
    const run = async (selector: string, expectedOf: (step: Step, typed: string) => string) => {
      const times: number[] = [];
      let typed = '';
      for (const step of steps) {
        typed = step.key === 'Backspace' ? typed.slice(0, -1) : typed + step.key;
        const expected = step.expected === null ? null : expectedOf(step, typed);
        if (expected !== null) await page.evaluate(([s, e]) => window.__benchArm(s!, e!), [selector, expected]);
        await page.keyboard.press(step.key);
        if (expected !== null) times.push(await page.evaluate(() => window.__benchLast));
        else await page.waitForTimeout(50); // let the unchanged render settle before the next key
      }
      return times;
    };

    const listP95: number[] = [];
    const peerP95: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await search.click();
      const tracing = tracePath !== undefined && round === rounds - 1;
      const browser = page.context().browser();
      if (tracing && browser) await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES });
      const list = await run('.count-line', (step) => `${step.expected!} `);
      if (tracing && browser) {
        await browser.stopTracing();
        console.log(`${formatBreakdown(keystrokeBreakdowns(readTrace(tracePath)))}\n  (trace saved to ${tracePath})`);
      }
      await plain.click();
      const peer = await run('#bench-plain-input', (_step, typed) => typed);
      listP95.push(p95(list));
      peerP95.push(p95(peer));
    }
    const figure = median(listP95);
    const floor = median(peerP95);
    const goalMs = fixture.accounts > 10_000 ? 25 : 16;
    return [
      {
        what: 'search keystroke → list painted, p95',
        figure: ms(figure),
        floor: `plain input → next paint ${ms(floor)}`,
        ratio: figure / floor,
        goal: `≤ ${goalMs} ms p95`,
        met: figure <= goalMs,
        curve: true,
      },
    ];
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What DevTools' performance panel records: tasks, script, style, layout, paint and raster. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'cc',
  'gpu',
  'toplevel',
  'v8.execute',
];

/**
 * `npx tsx bench/search-perf.ts`: this row alone, at the sizes bench/args.ts reads (BENCH_ACCOUNTS…),
 * for working on the list's paint without the whole bench. BENCH_TRACE=file.json also records a trace;
 * BENCH_RENDERER_DIR measures another build than dist/renderer.
 */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  for (const accounts of options.sizes) {
    const fixture = await seededServer(accounts, options.tokens);
    try {
      const tracePath = process.env.BENCH_TRACE?.replace(/(\.json)?$/, `-${sizeLabel(accounts)}.json`);
      const rows = await searchKeystrokePaint(fixture, options.runs, {
        tracePath,
        rendererDir: process.env.BENCH_RENDERER_DIR,
      });
      console.log(`\n### ${accounts.toLocaleString('en')} accounts\n\n${formatRows(rows)}`);
    } finally {
      fixture.stop();
    }
  }
}

if (process.argv[1]?.endsWith('search-perf.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

declare global {
  interface Window {
    __benchArm(selector: string, expected: string): void;
    __benchLast: Promise<number>;
  }
}
