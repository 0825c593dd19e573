/**
 * The preload: runs sandboxed, before the page, with access to `contextBridge` and `ipcRenderer` only.
 * It exposes the named TokenDesk API (`window.tokendesk.connections.list()` …), built from the shared
 * contract, and nothing else: never `ipcRenderer`, never a generic invoke of arbitrary channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { Result } from '../src-shared/errors.js';
import { BRIDGE_GLOBAL, bridgeEventSpec, bridgeSpec, buildBridgeApi } from '../src-shared/ipc/contract.js';
import type { Channel, EventChannel, Invoke, Subscribe } from '../src-shared/ipc/contract.js';

const INVOKE_CHANNELS: ReadonlySet<string> = new Set<Channel>(
  Object.values(bridgeSpec).flatMap((group): Channel[] => Object.values(group)),
);
const EVENT_CHANNELS: ReadonlySet<string> = new Set<EventChannel>(Object.values(bridgeEventSpec));

const invoke: Invoke = async (channel, request) => {
  // buildBridgeApi only ever passes contract channels; the check keeps that true if the spec is edited.
  if (!INVOKE_CHANNELS.has(channel)) {
    return { ok: false, error: { code: 'invalid_request', message: `Unknown channel ${channel}` } };
  }
  return (await ipcRenderer.invoke(channel, request)) as Result<unknown>;
};

const subscribe: Subscribe = (channel, listener) => {
  if (!EVENT_CHANNELS.has(channel)) throw new Error(`Unknown event channel ${channel}`);
  // The renderer gets the payload only: the IpcRendererEvent would hand it `sender` (ipcRenderer).
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridgeApi(invoke, subscribe));
