/**
 * The bridge harness: the Electron stand-in for machines without the Electron binary. The real
 * main-process core runs here in Node; the real built renderer runs in Chromium; Playwright's
 * `exposeBinding` carries the preload's contract between them (docs/architecture.md, the bridge harness).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createCore, type Core, type CoreOptions } from '../../src-main/core.js';
import { MemoryClipboard, type Clipboard } from '../../src-main/services/clipboard.js';
import { ManualPowerEvents } from '../../src-main/services/lock/power-events.js';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import type { Channel, EventChannel } from '../../src-shared/ipc/contract.js';
import type { SettingsPatch } from '../../src-shared/ipc/models.js';
import type { z } from 'zod';
import { bridgeScript } from './bridge-script.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { serveRenderer } from './static-server.js';

export interface HarnessOptions<C extends Clipboard = MemoryClipboard> {
  /** The app's data folder (Electron's userData). */
  dataDir: string;
  /** Folder standing in for the OS keychain; keep it across restarts to keep the credentials. */
  keychainDir?: string;
  /** How the stand-in keychain presents itself, e.g. as Linux `basic_text` (protects nothing). */
  keychain?: { posesAsBasicText?: boolean };
  /** Reuse a browser (tests); otherwise one is launched. */
  browser?: Browser;
  headless?: boolean;
  viewport?: { width: number; height: number };
  rendererDir?: string;
  /** How the connection shown is kept live: e2e tests shorten the checks so a stopped server is seen in seconds. */
  live?: CoreOptions['live'];
  /** Applied through settings:update before the page opens, e.g. `{ clipboardClearSeconds: 5 }`. */
  settings?: z.input<typeof SettingsPatch>;
  /**
   * The clipboard main writes to. Tests leave it out and get the inspectable MemoryClipboard; the
   * Chromium fallback of `npm start` passes the system's (system-clipboard.ts).
   */
  clipboard?: C;
  /** Idle time, screen lock and suspend as the OS would report them; a test sets and fires them. */
  power?: ManualPowerEvents;
  /** Save to…'s password managers; left out, the real tools. */
  passwordManagers?: CoreOptions['passwordManagers'];
  /** The system's file dialogs as the test answers them; each one left out is cancelled. */
  dialogs?: CoreOptions['dialogs'];
  /** Cheaper scrypt for tests that unlock many times (the real parameters take half a second a try). */
  lockKdf?: CoreOptions['lockKdf'];
}

export interface Harness<C extends Clipboard = MemoryClipboard> {
  page: Page;
  core: Core;
  context: BrowserContext;
  /**
   * The clipboard main writes to; by default the system clipboard's stand-in: `clipboard.readText()` is what a paste would
   * give now, `clipboard.writes` every copy the app made (with `concealed`), `clipboard.clears` how
   * often the app cleared it, `clipboard.userCopies(text)` plays the user copying something else.
   */
  clipboard: C;
  /** The OS's power events and idle time, as main sees them. */
  power: ManualPowerEvents;
  /** Runs a contract call in main as the renderer would, for test setup. */
  call(channel: Channel, request?: unknown): Promise<unknown>;
  /**
   * What crossed the bridge since launch or `clear()`: the channels the page called, in order, and
   * the events main pushed to it (calls made with `call` above are not counted).
   */
  traffic: BridgeTraffic;
  close(): Promise<void>;
}

export interface BridgeTraffic {
  calls: string[];
  events: { channel: EventChannel; payload: unknown }[];
  clear(): void;
}

export async function launchApp<C extends Clipboard = MemoryClipboard>(
  options: HarnessOptions<C>,
): Promise<Harness<C>> {
  const keychainDir = options.keychainDir ?? join(options.dataDir, '..', 'keychain');
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(keychainDir, { recursive: true });
  const pages = new Set<Page>();
  // Without a clipboard given, C is its default, MemoryClipboard.
  const clipboard = options.clipboard ?? (new MemoryClipboard() as Clipboard as C);
  const traffic: BridgeTraffic = {
    calls: [],
    events: [],
    clear() {
      traffic.calls.length = 0;
      traffic.events.length = 0;
    },
  };
  /** Events on their way into a page; a call's answer waits for them (see the binding below). */
  const delivering = new Set<Promise<unknown>>();
  const power = options.power ?? new ManualPowerEvents();
  const core = await createCore({
    power,
    passwordManagers: options.passwordManagers,
    dialogs: options.dialogs,
    lockKdf: options.lockKdf,
    // As the Electron main does: a locked app keeps nothing in the page.
    onLocked: () => {
      for (const page of pages) void page.reload().catch(() => undefined);
    },
    clipboard,
    dataDir: options.dataDir,
    keyring: new NodeKeyring({ dir: keychainDir, ...options.keychain }),
    appVersion: process.env.npm_package_version ?? '0.1.0',
    platform: process.platform,
    live: options.live,
    emit: (channel, payload) => {
      traffic.events.push({ channel, payload });
      for (const page of pages) {
        const delivery = page
          .evaluate(
            ([c, p]) => (window as { __tokendeskEmit?: (c: string, p: unknown) => void }).__tokendeskEmit?.(c, p),
            [channel, payload] as const,
          )
          .catch(() => undefined); // A page that is closing or navigating misses the event; the next status call catches up.
        delivering.add(delivery);
        void delivery.finally(() => delivering.delete(delivery));
      }
    },
  });
  if (options.settings) {
    const applied = await core.handle('settings:update', options.settings);
    if (!applied.ok) throw new Error(`settings: ${applied.error.message}`);
  }
  const site = await serveRenderer(options.rendererDir ?? resolve('dist/renderer'));
  const ownBrowser = options.browser
    ? undefined
    : await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: options.headless ?? true });
  const browser = options.browser ?? ownBrowser!;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  await context.exposeBinding('__tokendeskInvoke', async (_source, channel: string, request: unknown) => {
    traffic.calls.push(channel);
    const result = await core.handle(channel, request);
    // Electron sends a handler's events and then its answer down one ordered channel; here they
    // travel apart, so the answer waits until the events it caused have reached the page.
    await Promise.all([...delivering]);
    return result;
  });
  await context.addInitScript({ content: await bridgeScript() });
  const page = await context.newPage();
  pages.add(page);
  page.on('close', () => pages.delete(page));
  await page.goto(site.url);
  return {
    page,
    core,
    context,
    clipboard,
    power,
    traffic,
    async call(channel, request) {
      const result = await core.handle(channel, request);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async close() {
      pages.clear();
      await context.close().catch(() => undefined);
      await ownBrowser?.close().catch(() => undefined);
      await site.close();
      await core.dispose();
    },
  };
}
