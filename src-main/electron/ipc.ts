import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../src-shared/errors.js';
import { ipcContract, ipcEvents } from '../../src-shared/ipc/contract.js';
import type { Channel, EventChannel } from '../../src-shared/ipc/contract.js';
import { toAppError } from '../services/errors.js';
import type { AppLocation } from './app-location.js';
import { isAppUrl } from './app-location.js';

/** What the IPC layer needs of the core: one dispatcher that parses the payload and answers a Result. */
export type IpcCore = { handle(channel: string, payload: unknown): Promise<Result<unknown>> };

export type IpcWiring = {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: IpcCore;
  location: AppLocation;
  /** The window whose main frame may call us; null before it exists or after it closed. */
  getWindow: () => BrowserWindow | null;
};

export const CONTRACT_CHANNELS = Object.keys(ipcContract) as Channel[];

/**
 * A message is trusted only from the main frame of our own window, showing our own page (VS Code and
 * Signal check the same). A sandboxed renderer that navigated elsewhere, an iframe, or any other web
 * contents is refused before the payload is even parsed.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null, location: AppLocation) {
  const frame = event.senderFrame;
  if (!frame || !window || window.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(location, frame.url);
}

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'This message did not come from the TokenDesk window.' },
};

/** Registers one `ipcMain.handle` per contract channel; returns a function that removes them all. */
export function registerIpcHandlers(wiring: IpcWiring): () => void {
  for (const channel of CONTRACT_CHANNELS) {
    wiring.ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, wiring.getWindow(), wiring.location)) return forbidden;
      try {
        return await wiring.core.handle(channel, payload);
      } catch (error) {
        // The core answers with Results, so a throw is a bug; its text may hold anything, so only the
        // channel is logged and the renderer gets the same redacted envelope the core would give.
        console.error(`TokenDesk: the handler for ${channel} threw`);
        return { ok: false, error: toAppError(error) };
      }
    });
  }
  return () => CONTRACT_CHANNELS.forEach((channel) => wiring.ipcMain.removeHandler(channel));
}

/**
 * The core's `emit`: forwards an event to the window, but only for declared event channels and only
 * payloads that match the event's schema, so nothing unexpected (a secret, a stack) leaks by accident.
 */
export function createEventSender(getWindow: () => BrowserWindow | null) {
  return (channel: EventChannel, payload: unknown): void => {
    const schema = ipcEvents[channel] as (typeof ipcEvents)[EventChannel] | undefined;
    if (!schema) return;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      console.error(`TokenDesk: dropped a malformed ${channel} event`);
      return;
    }
    const window = getWindow();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(channel, parsed.data);
  };
}
