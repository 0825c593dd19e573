import type { AppError, Result } from '../src-shared/errors.js';
import type { TokenDeskApi } from '../src-shared/ipc/contract.js';
import { useStepUp } from './features/lock/step-up-store.js';

declare global {
  interface Window {
    /** Installed by the preload (or, without Electron, by the e2e harness). The renderer's only way out. */
    tokendesk?: TokenDeskApi;
  }
}

/** The preload bridge. Throws if it is missing, which only happens when the page is opened outside the app. */
export function api(): TokenDeskApi {
  const bridge = window.tokendesk;
  if (!bridge) throw new Error('The TokenDesk bridge is not available: open this page from the TokenDesk app.');
  return bridge;
}

/** A bridge call that answered with an error, thrown so that TanStack Query sees it fail. */
export class BridgeError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = 'BridgeError';
    this.appError = appError;
  }
}

/**
 * Runs one bridge call for a query or a mutation: the answer's value, or a thrown BridgeError. This
 * is the one place a Result envelope becomes a thrown error. A transport can also reject (the e2e
 * harness turns handler exceptions into rejections); that arrives as `bad_response`, where it happened.
 */
export async function request<T>(run: (bridge: TokenDeskApi) => Promise<Result<T>>): Promise<T> {
  let result = await send(run);
  // An Admin-level action after the step-up window: once the user confirms it is them, sent again.
  if (!result.ok && result.error.code === 'step_up_required') {
    if (!(await useStepUp.getState().ask())) {
      throw new BridgeError({ code: 'step_up_required', message: 'Cancelled: this needs your passphrase.' });
    }
    result = await send(run);
  }
  if (!result.ok) {
    // The app locked under this request: the lock screen is what comes next (main reloads the window too).
    if (result.error.code === 'locked') window.location.reload();
    throw new BridgeError(result.error);
  }
  return result.value;
}

async function send<T>(run: (bridge: TokenDeskApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run(api());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'bad_response', message } };
  }
}

/** The AppError behind what a query or mutation threw, to show in main's or the server's words. */
export function appErrorOf(error: unknown): AppError {
  if (error instanceof BridgeError) return error.appError;
  return { code: 'bad_response', message: error instanceof Error ? error.message : String(error) };
}
