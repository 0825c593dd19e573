import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { ipcContract } from '../../src-shared/ipc/contract.js';
import { AppFailure } from '../services/errors.js';
import { resolveAppLocation } from './app-location.js';
import { createEventSender, registerIpcHandlers } from './ipc.js';

const location = resolveAppLocation({ appPath: '/app', isPackaged: true, devServerUrl: undefined });

/** Just enough of a BrowserWindow for the IPC layer: an id, a liveness flag and `send`. */
function windowStandIn(id = 1, { destroyed = false } = {}) {
  const sent: [string, unknown][] = [];
  const window = {
    isDestroyed: () => destroyed,
    webContents: { id, send: (channel: string, payload: unknown) => sent.push([channel, payload]) },
  };
  return { window: window as unknown as BrowserWindow, sent };
}

function wire(core: { handle(channel: string, payload: unknown): Promise<unknown> }) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
  const { window } = windowStandIn();
  const remove = registerIpcHandlers({
    ipcMain: {
      handle: (channel: string, handler: (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>) =>
        void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    core: core as Parameters<typeof registerIpcHandlers>[0]['core'],
    location,
    getWindow: () => window,
  });
  const event = (url: string, parent: unknown = null, senderId = 1) =>
    ({ sender: { id: senderId }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
  return { handlers, remove, event };
}

describe('registerIpcHandlers', () => {
  it('handles every contract channel and removes them all again', () => {
    const { handlers, remove } = wire({ handle: () => Promise.resolve({ ok: true, value: null }) });
    expect([...handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort());
    remove();
    expect(handlers.size).toBe(0);
  });

  it('passes the channel and payload to the core only for the app page in our window', async () => {
    const seen: unknown[] = [];
    const { handlers, event } = wire({
      handle: (channel, payload) => (seen.push([channel, payload]), Promise.resolve({ ok: true, value: 'yes' })),
    });
    const handler = handlers.get('connections:remove')!;
    expect(await handler(event(`${location.url}#/x`), { id: 'a' })).toEqual({ ok: true, value: 'yes' });
    for (const foreign of [event('https://evil.example/'), event(location.url, {}), event(location.url, null, 2)]) {
      expect(await handler(foreign, { id: 'a' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(seen).toEqual([['connections:remove', { id: 'a' }]]);
  });

  it('turns a throwing core into a redacted error envelope', async () => {
    const { handlers, event } = wire({
      handle: () => Promise.reject(new AppFailure('offline', 'Offline with tdk_pt_abcdefghijklmnop')),
    });
    const result = await handlers.get('app:info')!(event(location.url), undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(JSON.stringify(result)).not.toContain('abcdefghijklmnop');
  });
});

describe('createEventSender', () => {
  const status = {
    connectionId: 'c1',
    phase: 'idle',
    lastSyncedAt: null,
    progress: null,
    error: null,
    cacheRecovered: null,
    link: { state: 'online', since: null, reason: null, code: null, nextCheckAt: null },
  };

  it('forwards declared events with valid payloads, and drops everything else', () => {
    const { window, sent } = windowStandIn();
    const send = createEventSender(() => window);
    send('sync:status', status);
    send('sync:status', { ...status, phase: 'exploded' });
    send('secrets:leak' as never, { token: 'x' });
    expect(sent).toEqual([['sync:status', status]]);
  });

  it('drops events while there is no window or it is destroyed, and delivers to the window there is', () => {
    let current: BrowserWindow | null = null;
    const send = createEventSender(() => current);
    send('sync:status', status);
    const closed = windowStandIn(1, { destroyed: true });
    current = closed.window;
    send('sync:status', { ...status, connectionId: 'c2' });
    const reopened = windowStandIn(2);
    current = reopened.window;
    send('sync:status', { ...status, connectionId: 'c3' });
    expect(closed.sent).toEqual([]);
    expect(reopened.sent).toEqual([['sync:status', { ...status, connectionId: 'c3' }]]);
  });
});
