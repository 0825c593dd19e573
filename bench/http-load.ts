/**
 * A fixed-concurrency HTTP load over keep-alive connections (undici), spread round-robin over one or
 * more servers as a load balancer would: requests per second and latency percentiles.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export const CONCURRENCY = 16;

export interface Target {
  url: string;
}

export interface RequestSpec {
  method: string;
  /** The n-th request's path. */
  path: (n: number) => string;
  headers: Record<string, string>;
  body?: () => unknown;
  /** The status every answer must have (default 200). */
  status?: number;
}

export interface LoadResult {
  rps: number;
  /** Requests answered in the counted time. */
  requests: number;
  /** Latencies, ms. */
  p50: number;
  p99: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * A quarter of `ms` warms up (JIT, statement caches, connections), then `ms` is counted;
 * `onCounting` runs as the counted time starts (to sample a process's CPU, say).
 */
export async function load(
  targets: readonly Target[],
  spec: RequestSpec,
  ms: number,
  onCounting?: () => void,
): Promise<LoadResult> {
  const pools = targets.map((t) => new Pool(t.url, { connections: CONCURRENCY, pipelining: 1 }));
  const expected = spec.status ?? 200;
  let n = 0;
  const latencies: number[] = [];
  let counting = false;
  const deadline = { at: performance.now() + ms / 4 };
  const worker = async () => {
    while (performance.now() < deadline.at) {
      const i = n++;
      const started = performance.now();
      const body = spec.body?.();
      const { statusCode, body: answer } = await pools[i % pools.length]!.request({
        path: spec.path(i),
        method: spec.method,
        headers: { ...spec.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await answer.text();
      if (statusCode !== expected) throw new Error(`${spec.method} ${spec.path(i)}: HTTP ${statusCode} ${text}`);
      if (counting) latencies.push(performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    counting = true;
    onCounting?.();
    const started = performance.now();
    deadline.at = started + ms;
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    return {
      rps: (latencies.length / elapsed) * 1000,
      requests: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}
