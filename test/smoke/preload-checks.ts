/** The built preload, loaded with a stand-in contextBridge and ipcRenderer. */
import { readFileSync } from 'node:fs';
import { bridgeEventSpec, bridgeSpec, BRIDGE_GLOBAL } from '../../src-shared/ipc/contract.js';
import type { Checks } from './checks.js';
import { expect, expectEqual } from './checks.js';
import { createFakePreloadElectron } from './fake-electron.js';
import { loadBundle } from './load-bundle.js';

type Api = Record<string, Record<string, (...args: unknown[]) => unknown>>;

export async function checkPreload(checks: Checks, preloadPath: string): Promise<void> {
  const fake = createFakePreloadElectron();

  await checks.run('preload bundle requires nothing but electron (sandboxed preloads cannot)', () => {
    const source = readFileSync(preloadPath, 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length > 0, 'no require() found at all');
    expectEqual([...new Set(required)], ['electron'], 'modules required by preload.cjs');
  });

  loadBundle(preloadPath, fake.electron);
  const api = fake.exposed.get(BRIDGE_GLOBAL) as Api | undefined;

  await checks.run('preload exposes exactly one global, window.tokendesk, with the named API', () => {
    expectEqual([...fake.exposed.keys()], [BRIDGE_GLOBAL], 'exposed globals');
    expect(api, 'nothing exposed');
    expectEqual(Object.keys(api).sort(), [...Object.keys(bridgeSpec), 'events'].sort(), 'API groups');
    for (const [group, functions] of Object.entries(bridgeSpec)) {
      expectEqual(Object.keys(api[group] ?? {}).sort(), Object.keys(functions).sort(), `functions of ${group}`);
    }
  });

  await checks.run('preload never hands out ipcRenderer or its methods', () => {
    expect(api, 'nothing exposed');
    const seen = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value !== fake.ipcRenderer, 'ipcRenderer itself is reachable from the API');
      expect(value !== fake.ipcRenderer.invoke && value !== fake.ipcRenderer.on, 'an ipcRenderer method is exposed');
      Object.values(value).forEach(visit);
    };
    visit(api);
  });

  await checks.run('a named function invokes its own channel with the request', async () => {
    expect(api, 'nothing exposed');
    const answer = await api.connections?.remove?.({ id: 'c1' });
    expectEqual(fake.invoked.at(-1), { channel: 'connections:remove', args: [{ id: 'c1' }] }, 'invoke');
    expectEqual(answer, { ok: true, value: 'answer:connections:remove' }, 'answer');
  });

  await checks.run('events pass only the payload to the listener, and unsubscribe removes it', () => {
    expect(api, 'nothing exposed');
    const channel = bridgeEventSpec.onSyncStatus;
    const received: unknown[][] = [];
    const unsubscribe = api.events?.onSyncStatus?.((...args: unknown[]) => received.push(args)) as () => void;
    expectEqual(fake.ipcRenderer.listenerCount(channel), 1, 'listeners after subscribe');
    fake.ipcRenderer.emit(channel, { sender: fake.ipcRenderer }, { phase: 'idle' });
    expectEqual(received, [[{ phase: 'idle' }]], 'listener arguments');
    unsubscribe();
    expectEqual(fake.ipcRenderer.listenerCount(channel), 0, 'listeners after unsubscribe');
  });
}
