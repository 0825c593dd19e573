/**
 * Which runtime `npm start` opens TokenDesk in: the Electron app whenever its binary can be had, the
 * same app in Chromium (the bridge harness) only when it cannot, or when asked with `--chromium`.
 * Pure apart from the download it is handed, so tests decide it with a stand-in.
 */

/** How long `npm start` waits for Electron's binary (its first use downloads it) before it falls back. */
export const DEFAULT_ELECTRON_TIMEOUT_MS = 60_000;
/** Overrides that wait, in milliseconds (tests, slow networks). */
export const ELECTRON_TIMEOUT_ENV = 'TOKENDESK_ELECTRON_TIMEOUT_MS';
export const FORCE_CHROMIUM_FLAG = '--chromium';

export type Runtime =
  | { kind: 'electron'; binary: string }
  /** `forced`: the user asked for Chromium; otherwise `reason` says why Electron could not be had. */
  | { kind: 'chromium'; forced: boolean; reason: string };

export interface ChooseRuntimeOptions {
  /** `npm start -- --chromium`: skip Electron without asking for it. */
  forceChromium: boolean;
  /** Resolves with the path of Electron's binary, downloading it if need be; aborted at the timeout. */
  obtainElectron: (signal: AbortSignal) => Promise<string>;
  timeoutMs: number;
}

/** `60 s`, `1.5 s`: how a wait reads in a message. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Why the download failed, as a few words on one line. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim() || 'unknown error';
}

export async function chooseRuntime(options: ChooseRuntimeOptions): Promise<Runtime> {
  if (options.forceChromium) return { kind: 'chromium', forced: true, reason: `${FORCE_CHROMIUM_FLAG} was given` };
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const outcome = await Promise.race([options.obtainElectron(abort.signal), timedOut]);
    if (outcome === 'timeout') {
      abort.abort();
      return { kind: 'chromium', forced: false, reason: `download timed out after ${seconds(options.timeoutMs)}` };
    }
    return { kind: 'electron', binary: outcome };
  } catch (error) {
    return { kind: 'chromium', forced: false, reason: `download failed: ${oneLine(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** The one line `npm start` prints when it opens Chromium: why, in the user's terms. */
export function chromiumLine(runtime: Extract<Runtime, { kind: 'chromium' }>): string {
  return runtime.forced
    ? `Opening TokenDesk in Chromium (${FORCE_CHROMIUM_FLAG}); Electron was not tried.`
    : `Electron is not available (${runtime.reason}); opening TokenDesk in Chromium instead.`;
}

/** The wait from the environment, or the default when unset or not a positive number. */
export function electronTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env[ELECTRON_TIMEOUT_ENV]);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_ELECTRON_TIMEOUT_MS;
}
