import { setTimeout as delay } from 'node:timers/promises';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { IdempotentReplayDetails } from '../../src-shared/api/tokens.js';
import { ApiError } from './api-client.js';
import { AppFailure, gotNoAnswer } from './errors.js';

export interface LostAnswerOptions {
  /** How long to wait before sending again; 500 ms when left out. */
  retryDelayMs?: number | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The server says the first request had acted (409 `idempotent_replay`): the token exists but its
   * secret is gone. Brings the app's copy up to date and returns the `secret_lost` failure to report.
   */
  replayed: (token: TokenMeta) => Promise<AppFailure>;
}

/**
 * Sends a POST that carries an Idempotency-Key; after a lost answer (network error or timeout: it may
 * have reached the server) sends the same request, same key, once more. The server then either acts
 * (the first never arrived) or says it already did, which `replayed` turns into `secret_lost`.
 */
export async function postOnceMoreIfLost<T>(send: () => Promise<T>, options: LostAnswerOptions): Promise<T> {
  try {
    return await send();
  } catch (error) {
    // No answer came back: the server may or may not have acted.
    if (!gotNoAnswer(error) || options.signal?.aborted) throw error;
  }
  const sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  await sleep(options.retryDelayMs ?? 500, options.signal).catch(() => {
    throw new AppFailure('network_unreachable', 'The request was cancelled.');
  });
  try {
    return await send();
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.code === 'idempotent_replay') {
      const details = IdempotentReplayDetails.safeParse(error.details);
      if (details.success) throw await options.replayed(details.data.token);
    }
    throw error;
  }
}
