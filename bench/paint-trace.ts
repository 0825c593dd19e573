/**
 * Where a search keystroke's time goes in Chromium, from a performance trace taken by
 * bench/search-perf.ts (BENCH_TRACE=file.json): per keystroke, the renderer main thread's self time
 * by kind (script, style, layout, paint…), how many elements style touched, how many layout objects
 * layout walked, and how much rasterizing the compositor's workers did. A development aid, printed
 * beside the bench's own figure; the bench's goal is judged on the keystroke → paint timing alone.
 *
 * `npx tsx bench/paint-trace.ts trace.json` prints the table of a saved trace.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event: what it cost, whoever else had the CPU meanwhile. */
  tdur?: number;
  /** The thread's CPU clock at the event (B/E events carry this instead of tdur). */
  tts?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** Which kind of work a trace event's own time is, by its name, the way DevTools' summary groups them. */
const KIND_PATTERNS: [string, RegExp][] = [
  ['gc', /GC|Garbage|concurrent marking/i],
  ['script', /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|EvaluateScript|v8\.|V8\.)/],
  ['style', /recalcStyle|UpdateLayoutTree|rebuildLayoutTree|StyleEngine|StyleRecalc|ScheduleStyle/],
  ['layout', /performLayout|^Layout$|InlineNode|HitTest|handleMouseMoveEvent|LayoutView|FlexLayout|GridLayout/],
  [
    'paint',
    /Paint|Layerize|UpdateLayer|Commit|CompositingInputs|CullRect|LayerTreeHost|pushPaintArtifact|RunPaintLifecyclePhase|PrePaint/,
  ],
];

const kindOf = (name: string) => KIND_PATTERNS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

export interface KeystrokeBreakdown {
  /** Main-thread self time by kind, ms; `other` is task time in none of them. */
  selfMs: Record<string, number>;
  /** Elements whose style was recalculated. */
  styledElements: number;
  /** Layout objects that needed layout, and all of them in the page. */
  layoutDirty: number;
  layoutTotal: number;
  /** Rasterizing on the compositor's worker threads, ms. */
  rasterMs: number;
  /** Painted area, in CSS pixels², summed over the Paint events. */
  paintedArea: number;
}

function threadIds(events: readonly TraceEvent[], threadName: string): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === threadName) {
      ids.add(`${e.pid}:${e.tid}`);
    }
  }
  return ids;
}

/** Complete events (ph X, and B/E pairs joined) of the given threads, sorted by start, outer first. */
function spans(events: readonly TraceEvent[], threads: Set<string>): TraceEvent[] {
  const out: TraceEvent[] = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (!threads.has(thread)) continue;
    if (e.ph === 'X' && e.dur !== undefined) out.push(e);
    else if (e.ph === 'B') open.set(thread, [...(open.get(thread) ?? []), e]);
    else if (e.ph === 'E') {
      const stack = open.get(thread) ?? [];
      const begin = stack.pop();
      if (begin) {
        const tdur = begin.tts !== undefined && e.tts !== undefined ? e.tts - begin.tts : undefined;
        out.push({
          ...begin,
          ph: 'X',
          dur: e.ts - begin.ts,
          ...(tdur === undefined ? {} : { tdur }),
          args: { ...begin.args, ...e.args },
        });
      }
    }
  }
  return out.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
}

/**
 * Self time per kind: each event's thread time (CPU time, so other processes on a busy machine do
 * not count) minus its children's, between `from` and `to`.
 */
function selfTimes(mainSpans: readonly TraceEvent[], from: number, to: number): Record<string, number> {
  const totals: Record<string, number> = {};
  const stack: { end: number; kind: string; childUs: number; dur: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
      const top = stack.pop()!;
      totals[top.kind] = (totals[top.kind] ?? 0) + (top.dur - top.childUs) / 1000;
    }
  };
  for (const e of mainSpans) {
    if (e.ts < from || e.ts >= to) continue;
    close(e.ts);
    const parent = stack[stack.length - 1];
    const cpu = e.tdur ?? e.dur!;
    if (parent) parent.childUs += cpu;
    stack.push({ end: e.ts + e.dur!, kind: kindOf(e.name), childUs: 0, dur: cpu });
  }
  close(Number.POSITIVE_INFINITY);
  return totals;
}

/**
 * Breaks a trace down per keystroke: from its keydown to the end of the first frame (main thread's
 * BeginMainFrame) that starts after the keystroke's events, the frame that shows what they changed.
 */
export function keystrokeBreakdowns(events: readonly TraceEvent[]): KeystrokeBreakdown[] {
  const mainThreads = threadIds(events, 'CrRendererMain');
  const rasterThreads = new Set([
    ...threadIds(events, 'CompositorTileWorker1'),
    ...threadIds(events, 'CompositorTileWorker2'),
    ...threadIds(events, 'CompositorTileWorker3'),
    ...threadIds(events, 'CompositorTileWorker4'),
  ]);
  const main = spans(events, mainThreads);
  const raster = spans(events, rasterThreads).filter((e) => e.name === 'RasterTask');
  const keydowns = main
    .filter((e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'keydown')
    .map((e) => e.ts);
  const typed = main.filter(
    (e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'keypress',
  );
  const frames = main.filter((e) => e.name === 'ProxyMain::BeginMainFrame');
  return keydowns.map((from, i) => {
    const next = keydowns[i + 1] ?? Number.POSITIVE_INFINITY;
    const keypress = typed.find((e) => e.ts >= from && e.ts < next);
    const after = keypress ? keypress.ts + keypress.dur! : from;
    const frame = frames.find((e) => e.ts >= after);
    const to = Math.min(next, frame ? frame.ts + frame.dur! : next);
    const inside = main.filter((e) => e.ts >= from && e.ts < to);
    const style = inside.filter((e) => e.name === 'UpdateLayoutTree');
    const layout = inside.filter((e) => e.name === 'Layout');
    const paints = inside.filter((e) => e.name === 'Paint');
    return {
      selfMs: selfTimes(main, from, to),
      styledElements: style.reduce(
        (n, e) => n + Number((e.args as { elementCount?: number } | undefined)?.elementCount ?? 0),
        0,
      ),
      layoutDirty: layout.reduce(
        (n, e) => n + Number((e.args?.beginData as { dirtyObjects?: number } | undefined)?.dirtyObjects ?? 0),
        0,
      ),
      layoutTotal: Math.max(
        0,
        ...layout.map((e) => Number((e.args?.beginData as { totalObjects?: number } | undefined)?.totalObjects ?? 0)),
      ),
      rasterMs: raster.filter((e) => e.ts >= from && e.ts < to).reduce((n, e) => n + e.dur! / 1000, 0),
      paintedArea: paints.reduce((n, e) => {
        const clip = (e.args?.data as { clip?: number[] } | undefined)?.clip;
        if (!clip || clip.length < 8) return n;
        const xs = [clip[0]!, clip[2]!, clip[4]!, clip[6]!];
        const ys = [clip[1]!, clip[3]!, clip[5]!, clip[7]!];
        return n + (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
      }, 0),
    };
  });
}

const KIND_ORDER = ['script', 'gc', 'style', 'layout', 'paint', 'other'];
const total = (b: KeystrokeBreakdown) => Object.values(b.selfMs).reduce((n, x) => n + x, 0);

/** Medians over the keystrokes, as lines to print. */
export function formatBreakdown(breakdowns: readonly KeystrokeBreakdown[]): string {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const kinds = KIND_ORDER.map((kind) => `${kind} ${med(breakdowns.map((b) => b.selfMs[kind] ?? 0)).toFixed(1)}`);
  return [
    `trace: ${breakdowns.length} keystrokes, medians per keystroke:`,
    `  main thread CPU ms, keydown to its frame: total ${med(breakdowns.map(total)).toFixed(1)} = ${kinds.join(', ')}`,
    `  style: ${med(breakdowns.map((b) => b.styledElements))} elements; layout: ${med(
      breakdowns.map((b) => b.layoutDirty),
    )} of ${med(breakdowns.map((b) => b.layoutTotal))} objects`,
    `  paint: ${Math.round(med(breakdowns.map((b) => b.paintedArea)))} px² ; raster ${med(
      breakdowns.map((b) => b.rasterMs),
    ).toFixed(1)} ms on workers`,
  ].join('\n');
}

export function readTrace(path: string): TraceEvent[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

if (process.argv[1]?.endsWith('paint-trace.ts') && process.argv[2]) {
  console.log(formatBreakdown(keystrokeBreakdowns(readTrace(process.argv[2]))));
}
