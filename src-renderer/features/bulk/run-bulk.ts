/** How one item of a bulk change ended. */
export type BulkOutcome = { kind: 'done' } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

export interface RunBulkOptions {
  /** How many calls are in flight at once: enough to hide the round trips, few enough not to flood the server. */
  concurrency: number;
  /** Aborting stops sending: calls in flight finish and report, the rest end as `cancelled`. */
  signal: AbortSignal;
  onOutcome: (index: number, outcome: BulkOutcome) => void;
}

/**
 * Runs `work` for every item with at most `concurrency` at a time. A failure never stops the rest; each
 * item reports exactly one outcome, in the order they end.
 */
export async function runBulk<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  options: RunBulkOptions,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      if (options.signal.aborted) {
        options.onOutcome(index, { kind: 'cancelled' });
        continue;
      }
      try {
        await work(items[index]!);
        options.onOutcome(index, { kind: 'done' });
      } catch (error) {
        options.onOutcome(index, { kind: 'failed', message: messageOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, worker));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
