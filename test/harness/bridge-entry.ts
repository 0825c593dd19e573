/**
 * Runs inside the page before the renderer: installs the same `window.tokendesk` API the Electron
 * preload exposes, built by the same `buildBridgeApi`, over a Playwright binding instead of IPC.
 */
import { BRIDGE_GLOBAL, buildBridgeApi } from '../../src-shared/ipc/contract.js';
import type { Result } from '../../src-shared/errors.js';

type HarnessWindow = Window & {
  __tokendeskInvoke?: (channel: string, request: unknown) => Promise<Result<unknown>>;
  __tokendeskEmit?: (channel: string, payload: unknown) => void;
};

const win = window as HarnessWindow;
const invokeBinding = win.__tokendeskInvoke;
if (invokeBinding) {
  // Keep the generic transport out of the renderer's reach, as the preload does with ipcRenderer.
  delete win.__tokendeskInvoke;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  win.__tokendeskEmit = (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload));
  const api = buildBridgeApi(
    (channel, request) => invokeBinding(channel, request),
    (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  Object.defineProperty(window, BRIDGE_GLOBAL, { value: Object.freeze(api), enumerable: true });
}
