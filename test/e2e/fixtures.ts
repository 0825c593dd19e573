import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../src-server/demo.js';
import { startServer } from '../../src-server/server.js';
import { launchApp, type Harness, type HarnessOptions } from '../harness/harness.js';

export interface RunningServer {
  url: string;
  adminToken: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Starts it again after `stop`, on the same address, over the same data. */
  start(): Promise<void>;
}

interface Fixtures {
  /** A fresh folder for this test: server data, app data and the stand-in keychain. */
  workDir: string;
  /** A real TokenDesk server on loopback with a small demo set. */
  server: RunningServer;
  /** Opens the app (real core + real renderer); call again to "restart" it over the same folders. */
  openApp: (
    options?: Pick<
      HarnessOptions,
      'settings' | 'keychain' | 'viewport' | 'live' | 'power' | 'lockKdf' | 'passwordManagers' | 'dialogs'
    >,
  ) => Promise<Harness>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring even when unused.
  workDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  server: async ({ workDir }, use) => {
    const dataDir = join(workDir, 'server');
    // Seed first (it bootstraps the empty folder and hands back the admin token), then serve.
    const { adminToken } = await seedDemo(dataDir, { accounts: 120, tokensPerAccount: 3 });
    // Every answer the app receives in e2e is checked against the shared schema, list pages too.
    let started = await startServer({ dataDir, port: 0, log: false, validateAllResponses: true });
    const port = started.port;
    let running = true;
    await use({
      url: started.url,
      adminToken: adminToken!,
      dataDir,
      stop: async () => {
        if (running) await started.close();
        running = false;
      },
      start: async () => {
        if (running) return;
        started = await startServer({ dataDir, port, log: false, validateAllResponses: true });
        running = true;
      },
    });
    if (running) await started.close();
  },
  openApp: async ({ browser, workDir }, use) => {
    const opened: Harness[] = [];
    await use(async (options = {}) => {
      const app = await launchApp({
        ...options,
        browser,
        dataDir: join(workDir, 'app'),
        keychainDir: join(workDir, 'keychain'),
      });
      opened.push(app);
      return app;
    });
    for (const app of opened) await app.close();
  },
});

export { expect } from '@playwright/test';

/** An expiry `days` from now: within the default token policy, which refuses never-expiring Admin tokens. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}
