import type { Result } from '../src-shared/errors.js';
import type { TokenDeskApi } from '../src-shared/ipc/contract.js';

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

/**
 * Runs one bridge call and always resolves to a Result. The preload answers with envelopes, but a
 * transport can still reject (the e2e harness turns handler exceptions into rejections), and the UI
 * must show that where it happened instead of leaving an unhandled promise.
 */
export async function call<T>(run: (bridge: TokenDeskApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run(api());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'bad_response', message } };
  }
}
