import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { ipcContract, type Channel, type EventChannel, type ResponseOf } from '../../src-shared/ipc/contract.js';
import { createCore, type Core } from '../core.js';
import { STARTUP_WATCH_MS } from './session.js';
import { cacheDirOf } from '../services/cache-files.js';
import { RecordingNotifier } from '../services/lock/notifier.js';
import { ManualPowerEvents } from '../services/lock/power-events.js';
import { NodeKeyring } from '../services/node-keyring.js';
import { startFakeApi, type FakeApi } from '../services/test-support/fake-api.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { manualTimers, type ManualTimers } from '../services/test-support/manual-timers.js';
import { tempDir } from '../services/test-support/temp-dir.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');
/** When the test's connection is added: after the start-up read of the caches (none yet then). */
const ADDED = START + STARTUP_WATCH_MS;

/** Token notifications through the core, with the clock moved by hand: from the cache, once per threshold. */
describe('createCore: token notifications', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let core: Core;
  let timers: ManualTimers;
  let power: ManualPowerEvents;
  let notifier: RecordingNotifier;
  let shown: number;
  let events: { channel: EventChannel; payload: unknown }[];

  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>> => {
    const result = await core.handle(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return ipcContract[channel].response.parse(result.value) as ResponseOf<C>;
  };
  const start = async () => {
    notifier = new RecordingNotifier();
    core = await createCore({
      dataDir: join(root.path, 'data'),
      keyring: new NodeKeyring({ dir: join(root.path, 'keychain') }),
      emit: (channel, payload) => events.push({ channel, payload }),
      appVersion: '9.9.9',
      platform: 'test-os',
      http: { timeoutMs: 5_000 },
      live: { timers },
      power,
      notifier,
      showWindow: () => shown++,
    });
  };
  const token = (name: string, expiresAt: string | null, patch: Partial<TokenMeta> = {}): TokenMeta => ({
    ...makeAccount(0, 1).tokens![0]!,
    id: `id-${name}`,
    name,
    status: 'ACTIVE',
    expiresAt,
    ...patch,
  });

  beforeEach(async () => {
    root = tempDir('core-notices');
    api = await startFakeApi();
    api.upsert({
      ...makeAccount(0, 0),
      name: 'ci-runner',
      tokens: [token('deploy', new Date(ADDED + 8 * DAY).toISOString()), token('forever', null)],
    });
    timers = manualTimers(START);
    power = new ManualPowerEvents();
    events = [];
    shown = 0;
    await start();
    // The start-up read of every cache: nothing is cached yet.
    expect(timers.nextDueIn()).toBe(STARTUP_WATCH_MS);
    await timers.advance(STARTUP_WATCH_MS);
    const { id } = await call('connections:add', {
      name: 'Production',
      url: api.url,
      domain: 'default',
      token: api.token,
    });
    await call('sync:run', { connectionId: id });
    await core.settle();
  });
  afterEach(async () => {
    await core.dispose();
    await api.close().catch(() => undefined);
    root.cleanup();
  });

  it('notifies once at 7 days and once at 1 day, holding one timer until then and none after', async () => {
    expect(notifier.sent).toEqual([]);
    // One timer, for the moment the token enters the 7-day window.
    expect(timers.pending()).toBe(1);
    expect(timers.nextDueIn()).toBe(DAY);

    await timers.advance(DAY);
    await core.settle();
    expect(notifier.sent.map((m) => m.title)).toEqual(['Token expires within 7 days']);
    expect(notifier.sent[0]!.body).toContain('deploy');
    // The 1-day window is 6 days away; a wait is cut to a day at most (Node's timers overflow past 24.8 days).
    expect(timers.pending()).toBe(1);
    expect(timers.nextDueIn()).toBe(DAY);

    // The same data again (a sync that finds nothing new) notifies nothing more.
    await call('sync:run', { connectionId: (await call('connections:list'))[0]!.id, full: true });
    await core.settle();
    expect(notifier.sent).toHaveLength(1);

    await timers.advance(6 * DAY);
    await core.settle();
    expect(notifier.sent.map((m) => m.title)).toEqual(['Token expires within 7 days', 'Token expires within 1 day']);
    expect(timers.pending()).toBe(0);
  });

  it('a click shows the window and opens the token', async () => {
    await timers.advance(DAY);
    await core.settle();
    notifier.sent[0]!.onClick!();
    expect(shown).toBe(1);
    const opened = events.filter((e) => e.channel === 'notice:open').map((e) => e.payload);
    expect(opened).toEqual([
      { connectionId: expect.any(String) as string, accountId: 'sa_000000', tokenId: 'id-deploy', tokenName: 'deploy' },
    ]);
  });

  it('remembers what it showed in the encrypted cache, across a restart', async () => {
    await timers.advance(DAY);
    await core.settle();
    expect(notifier.sent).toHaveLength(1);
    await core.dispose();
    await start();
    // Offline too: the restarted app reads its cache a moment after start, and finds it notified already.
    await api.close();
    await timers.advance(STARTUP_WATCH_MS);
    await core.settle();
    expect(notifier.sent).toEqual([]);
    // It did look: the 1-day window is planned from the cache (six days away, so a day's wait at most).
    expect(timers.pending()).toBe(1);
    expect(timers.nextDueIn()).toBe(DAY);
    // Sealed: the file exists, and names no token in plain text.
    const dir = cacheDirOf(join(root.path, 'data'));
    const file = readdirSync(dir).find((name) => name.endsWith('.notices'));
    expect(file).toBeDefined();
    expect(readFileSync(join(dir, file!), 'latin1')).not.toContain('id-deploy');
  });

  it('is off when the setting says so: nothing shown, no timer held', async () => {
    await call('settings:update', { notifications: { enabled: false, thresholdsDays: [7, 1], quietHours: null } });
    await core.settle();
    expect(timers.pending()).toBe(0);
    await timers.advance(8 * DAY);
    await core.settle();
    expect(notifier.sent).toEqual([]);
  });

  it('refuses notification settings it cannot use, in plain words', async () => {
    for (const [notifications, words] of [
      [{ enabled: true, thresholdsDays: [7, 7], quietHours: null }, 'List each threshold once.'],
      [
        { enabled: true, thresholdsDays: [7], quietHours: { from: '25:00', to: '07:00' } },
        'Use a 24-hour time such as 22:00.',
      ],
      [
        { enabled: true, thresholdsDays: [7], quietHours: { from: '22:00', to: '22:00' } },
        'Quiet hours need different start and end times.',
      ],
    ] as const) {
      const result = await core.handle('settings:update', { notifications });
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain(words);
    }
  });

  it("watches the admin's own personal tokens too, from their offline copy", async () => {
    const connectionId = (await call('connections:list'))[0]!.id;
    api.personalTokens.push(token('my-laptop', new Date(ADDED + 3 * DAY).toISOString(), { id: 'pt-1' }));
    // As the Personal tokens screen reads them (a sync that brings changes keeps them too).
    await call('personalTokens:list', { connectionId });
    await core.settle();
    expect(notifier.sent.map((m) => [m.title, m.body])).toEqual([
      ['Token expires within 7 days', expect.stringContaining('Your personal token "my-laptop"') as string],
    ]);
    notifier.sent[0]!.onClick!();
    expect(events.filter((e) => e.channel === 'notice:open').map((e) => e.payload)).toEqual([
      { connectionId, accountId: null, tokenId: 'pt-1', tokenName: 'my-laptop' },
    ]);
  });

  it('plans again when the machine wakes: its timer did not count the time asleep', async () => {
    timers.sleep(DAY + 60_000);
    await core.settle();
    expect(notifier.sent).toEqual([]);
    power.resume();
    await core.settle();
    expect(notifier.sent.map((m) => m.title)).toEqual(['Token expires within 7 days']);
  });
});
